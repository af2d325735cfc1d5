"""Headings inside a one-line body, and the virtual lines `split_sections` reads such a body as.

A crawl that joins the page into one line leaves no line starts to find headings at. There a
heading is a numbering (一、 / （一） / 1.) at a boundary - the text start, a sentence end, a
closing bracket, whitespace, the end of a table (a digit, `|`), the end of the title (…报告) or
of page chrome - followed by a short heading text; the text ends at the first sentence end,
digit, `|`, next numbering or body opening (我局…, 全年…), or after a closing word (…情况,
…概述, …事项) that does not go on (情况和…, 事项与…). The body is then cut into virtual lines
(before each numbering, after each heading text) and split as a multi-line text would be.
"""
from __future__ import annotations

import re

from ingest.parsers.headings import _heading_text
from ingest.parsers.model import Document
from ingest.parsers.page_chrome import chrome_spans

_CN_NUM_CHARS = "一二三四五六七八九十"
_INLINE = re.compile(
    r"(?<![一二三四五六七八九十百千零〇两第])(?P<l1>[一二三四五六七八九十]{1,3})[ \t\u3000]*[、.．](?![\d.．、])"
    r"|[(（][ \t\u3000]*(?P<l2>[一二三四五六七八九十]{1,3})[ \t\u3000]*[)）]"
    r"|(?<![\d.．,，])(?P<l3>\d{1,2})[ \t\u3000]*(?:[、．]|\.(?!\d))"
)
_L2_OPEN = re.compile(r"[(（][ \t\u3000]*[一二三四五六七八九十]{1,3}[ \t\u3000]*[)）]")
_BOUNDARY = frozenset("。！？!?；;：:)）】」』”\"’|/#")
_L3_BOUNDARY = frozenset("。！？!?；;：:")
_SPACE = frozenset(" \t\u3000\xa0")
# Words that close a heading (…情况, …概述), unless the heading goes on (情况和…, 事项与…, 情况说明).
_CLOSING = frozenset(("情况", "概述", "事项", "措施", "附表", "方面", "问题", "说明", "困难", "办法", "形式", "类别",
                      "数量"))
_GOES_ON = frozenset("和及与、的或并")
_GOES_ON_WORDS = frozenset(("以及", "说明"))
# Words that open the body after a heading with no punctuation between (…情况我局…, …公开认真落实…).
_BODY_OPENING = re.compile(r"我[局县区市委办]|本(?:局|机关|单位|部门)|全年|今年|截[至止]|按照|根据|围绕|认真|对照|深入|继续"
                           r"|严格按照|依托|针对|结合|进一步|组织召开")
_UNIT_END = frozenset("条件次篇个数")
# After a table row's label: its unit and value cells ("…公开数 条 0", "…申请数件5").
_ROW_TAIL = re.compile(r"[ \t\u3000]*(?P<unit>(?:[条件次篇个项家期场份]|人次|万元|元)[ \t\u3000]*)?[\d/／—-]")
_LABEL_MAX = 60


def _label_end(text: str, ls: int, limit: int) -> tuple[int, bool]:
    """(end of the heading text starting at `ls`, whether a stop was found before `limit`/60 characters)."""
    n = min(len(text), ls + _LABEL_MAX, limit)
    i = ls
    core = ""  # the heading text so far, without whitespace
    cjk = 0  # its CJK characters
    while i < n:
        ch = text[i]
        if ch in "。！？!?；;：:|\t\n":
            return i, True
        if ch in _SPACE:
            if cjk >= 2:
                return i, True
            i += 1
            continue
        if ch.isdigit() and cjk >= 2 and not core[-1].isdigit():
            return i, True
        if len(core) >= 2:
            if ch in "(（" and _L2_OPEN.match(text, i):
                return i, True
            if ch in _CN_NUM_CHARS and text[i + 1: i + 2] == "是":
                return i, True
            if _BODY_OPENING.match(text, i):
                return i, True
        core += ch
        cjk += "\u4e00" <= ch <= "\u9fff"
        i += 1
        if len(core) >= 2 and core[-2:] in _CLOSING:
            nxt = text[i: i + 2]
            if (nxt[:1] in _GOES_ON or nxt in _GOES_ON_WORDS or text.startswith("统计表", i)
                    or nxt in _CLOSING and nxt not in (core[-2:], "附表")):
                continue  # 情况和…, 措施情况, 情况说明, 情况统计表; not 附表附表, 说明附表的数据…
            if nxt[:1] in "(（" and not _L2_OPEN.match(text, i):
                # a short aside belongs to the heading (…情况(包括统计指标表中…情况)); a sentence does not
                close = min((k for k in (text.find(")", i, i + 40), text.find("）", i, i + 40)) if k >= 0), default=-1)
                if close >= 0 and not re.search(r"[:：,，。；;]", text[i:close]):
                    return close + 1, True
            return i, True
    return n, n == limit or n == len(text)


def _preceded_by_boundary(text: str, pos: int, chrome_ends: set[int], label_ends: set[int], level: int) -> bool:
    q = pos - 1
    while q >= 0 and text[q] in _SPACE:
        q -= 1
    if q < 0 or pos in label_ends or q + 1 in label_ends or q + 1 in chrome_ends:
        return True
    spaced = q < pos - 1
    c = text[q]
    if level == 3:
        return spaced or c in _L3_BOUNDARY or text[q - 1: q + 1] in _CLOSING
    if c == "第":
        return False
    if spaced or c in _BOUNDARY or c.isdigit() or text[q - 1: q + 1] == "报告":
        return True
    return level == 2 and text[q - 1: q + 1] in _CLOSING


def virtual_lines(doc: Document) -> tuple[list[tuple[int, int, str]], list[int]]:
    """(lines, indexes of the lines that start with a numbering) of a one-line body; cached on doc."""
    cached = doc.cache.get("virtual_lines")
    if cached is None:
        cached = doc.cache["virtual_lines"] = _virtual_lines(doc.text)
    return cached


def _virtual_lines(text: str) -> tuple[list[tuple[int, int, str]], list[int]]:
    chrome_ends = {e for _, e in chrome_spans(text)}
    matches = list(_INLINE.finditer(text))
    label_ends: set[int] = set()
    heads: list[tuple[int, int, bool]] = []  # (start, heading text end, cut after it)
    for k, m in enumerate(matches):
        level = 1 if m.group("l1") else 2 if m.group("l2") else 3
        start = m.start()
        if level == 1:
            while start and text[start - 1] in "#":
                start -= 1
        if not _preceded_by_boundary(text, start, chrome_ends, label_ends, level):
            continue
        ls = m.end()
        while ls < len(text) and text[ls] in _SPACE:
            ls += 1
        first = text[ls: ls + 1]
        if not first or first.isdigit() and level != 2 or first in "、.．)）|。！？!?；;：:，," or (
                first in _CN_NUM_CHARS and text[ls + 1: ls + 2] in ("、", "是")):
            continue
        if level == 2 and first in "项款条类":
            continue
        limit = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        end, _stopped = _label_end(text, ls, limit)
        if not _heading_text(text[ls:end]):
            continue
        tail = _ROW_TAIL.match(text, end)
        if tail and (tail.group("unit") or text[end - 1: end] in _UNIT_END):
            continue  # "1.政府公报条0", "1.当面申请数 件 0": a table row whose cells ran together
        after = end
        while after < len(text) and text[after] in _SPACE:
            after += 1
        before = start - 1
        while before >= 0 and text[before] in _SPACE:
            before -= 1
        # A `|` row ("| （一）收到申请数 | 件 |") stays one line, for _is_table_row to see; a heading
        # that a table follows ("二、主动公开政府信息情况| 信息内容 |…") does not.
        cut = not (text[after: after + 1] in ("|", "\t") and (before < 0 or text[before] in "|\t"))
        if not text[end: end + 1].isdigit() or limit == end:
            label_ends.add(end)  # a numbering right after this heading text follows a boundary
        heads.append((start, end, cut))
    cuts = sorted({0, len(text)} | {s for s, _, _ in heads} | {e for _, e, cut in heads if cut})
    lines = [(a, b, text[a:b]) for a, b in zip(cuts, cuts[1:])] or [(0, 0, "")]
    index = {a: i for i, (a, _b, _t) in enumerate(lines)}
    candidates = sorted({index[s] for s, _, _ in heads if s in index})
    return lines, candidates
