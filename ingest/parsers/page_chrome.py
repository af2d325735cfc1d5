"""Page chrome inside a line, and whether a document is a one-line body.

ingest.normalise drops chrome *lines* (扫一扫在手机打开当前页, 上一条:…). A crawler that joins the
whole page into one line leaves the chrome inside the text: breadcrumbs (当前位置：首页 > 政务公开 >
…), view counters (浏览次数：1234), font-size and sharing widgets (字号：大 中 小, 微信 微博 QQ空间
全真版 文字版 文件下载), site identifiers (网站标识码…, …ICP备…号). `chrome_spans` finds them so the
section splitter can tell a heading that follows them, and the metadata reader can keep them out of
the title, the agency and the year. Nothing here changes the text.
"""
from __future__ import annotations

import re

import ahocorasick

from ingest.parsers.model import Document

# A document is a one-line body when its longest line holds at least this share of the text.
ONE_LINE_SHARE = 0.6

_WIDGET = r"(?:微信|微博|QQ空间|QQ|全真版|文字版|文件下载|打印本页|打印|关闭窗口|关闭|收藏|返回顶部|分享到[:：]?|[【】\[\]])"
CHROME = re.compile(
    r"当前位置[:：]\s*(?:[^\s>»]{1,15}\s*[>»]\s*)+(?:[^\s>»]{1,15}(?=\s|$))?"
    r"|(?:浏览次数|访问次数|点击次数|点击数|阅读次数|浏览量|阅读量|访问量)[:：]?\s*\d*次?"
    r"|(?:字号|字体)[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?"
    rf"|(?:{_WIDGET}\s*){{2,}}"
    r"|【?打印本页】?|【?关闭窗口】?"
    r"|扫一扫在手机(?:上)?(?:打开|查看)当前页(?:面)?"
    r"|网站标识码[:：]?\s*[A-Za-z0-9]+"
    r"|[\u4e00-\u9fff]{0,2}ICP备\s*\d+号(?:\s*-\s*\d+)?"
    r"|[\u4e00-\u9fff]{0,2}公网安备\s*\d+号"
    r"|(?:上一篇|下一篇|上一条|下一条)[:：]"
)


def is_one_line(doc: Document) -> bool:
    """True when the longest line holds most of the text (a crawl joined the page into one line)."""
    cached = doc.cache.get("one_line")
    if cached is None:
        text = doc.text
        longest = max((e - s for s, e, _ in doc.lines()), default=0)
        cached = doc.cache["one_line"] = bool(text) and longest >= ONE_LINE_SHARE * len(text)
    return cached


# Every CHROME match holds one of these words within its first three characters. Finding them in
# one Aho-Corasick pass and trying CHROME only there is several times faster than CHROME.finditer,
# whose `..{0,2}ICP备` branch may start at any Chinese character.
_HINTS = ahocorasick.Automaton()
for _word in ("当前位置 次数 点击数 浏览量 阅读量 访问量 字号 字体 微信 微博 QQ 全真版 文字版 文件下载 打印 关闭 收藏 "
              "返回顶部 分享到 【 】 [ ] 扫一扫 网站标识码 ICP备 公网安备 上一 下一").split():
    _HINTS.add_word(_word, len(_word))
_HINTS.make_automaton()


def chrome_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every run of page chrome in text[start:end] (what CHROME.finditer finds)."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    tried = start  # positions before this have been tried or lie inside a match
    for hint in sorted({last - n + 1 for last, n in _HINTS.iter(text, start, end)}):
        for q in range(max(tried, hint - 2), hint + 1):
            m = CHROME.match(text, q, end)
            if m and not m.group(0).isspace():
                out.append(m.span())
                tried = m.end()
                break
        else:
            tried = max(tried, hint + 1)
    return out
