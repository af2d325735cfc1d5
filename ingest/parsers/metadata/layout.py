"""Where the fields are written: crawler header lines (标题:, 发布时间: …), the title lines, the document
number; and, for a one-line body, the lines it would have had."""
from __future__ import annotations

import re
from bisect import bisect_right

from ingest.parsers.metadata.common import _CJK, _SUFFIX, _compact
from ingest.parsers.metadata.dates import _digits_dates
from ingest.parsers.metadata.region import _starts_with_place
from ingest.parsers.model import Document
from ingest.parsers.one_line_headings import virtual_lines
from ingest.parsers.page_chrome import chrome_spans

_HEADER = re.compile(r"^\s*(标题|发布时间|发布日期|成文日期|文号|发布机构|单位|来源|栏目|索引号|原始链接|采集时间)\s*[:：]\s*(.*?)\s*$")
_DOC_NO = re.compile(rf"^[{_CJK}]{{1,14}}[〔\[［【(（]\s*((?:19|20)\d{{2}})\s*[〕\]］】)）]\s*\d{{1,5}}\s*号")
# In the head of a one-line body (before its first heading): where a crawler header starts, and
# where its `正文` marker ends.
_HEADER_KEY = re.compile(r"(?:标题|发布时间|发布日期|成文日期|文号|发布机构|单位|来源|信息来源|栏目|索引号|原始链接|采集时间"
                         r"|作者|责任编辑)\s*[:：]|正文\s*[:：]?")
_NOT_TITLE = re.compile(r"[。，,；;《》“”]")
_HEADER_VALUE = re.compile(r"\s*(?:(?:19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:[ T]?\d{1,2}:\d{2}(?::\d{2})?"
                           r"(?:[+-]\d{2}:?\d{2})?)?|[\x21-\x7e]+)")
_HEAD_DOC_NO = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,5}\s*号")
_SIGNER = re.compile(r"签发人\s*[:：]\s*")
_HEAD_REACH = 3000  # characters of a one-line body read as its head when no heading is found


def _one_line_pieces(doc: Document) -> list[str]:
    """The lines a one-line body would have had: cut before and after each heading and run of page
    chrome (chrome itself dropped), and in the head before each crawler header key, after `正文:`
    and after a title's 报告, so that the header, title and document number stand alone."""
    text = doc.text
    vlines, candidates = virtual_lines(doc)
    cuts = {a for a, _b, _t in vlines}
    head_end = vlines[candidates[0]][0] if candidates else min(len(text), _HEAD_REACH)
    for m in _HEADER_KEY.finditer(text, 0, head_end):
        cuts.add(m.start())
        if m.group(0).startswith("正文"):
            cuts.add(m.end())
            continue
        v = _HEADER_VALUE.match(text, m.end())  # a date, a link, a document number ends the value
        if v and v.end() > m.end():
            cuts.add(v.end())
    for m in _HEAD_DOC_NO.finditer(text, 0, head_end):
        since = max((c for c in cuts if c <= m.start()), default=0)
        if re.fullmatch(rf"\s*[{_CJK}]{{1,14}}", text[since:m.start()]):
            cuts.add(m.end())  # a document number on its own (泉港商务〔2017〕213号), not one cited in a sentence
    for m in _SIGNER.finditer(text, 0, head_end):
        cuts.add(m.start())
        spaced = re.match(rf"[{_CJK}]{{2,4}}(?=\s)", text[m.end(): m.end() + 5])
        if spaced:
            cuts.add(m.end() + spaced.end())
            continue
        for length in (3, 2, 4):  # the signer's name, then the title: where a place name starts
            if _starts_with_place(text[m.end() + length: m.end() + length + 20]):
                cuts.add(m.end() + length)
                break
    chrome = chrome_spans(text)
    for a, b in chrome:
        cuts.update((a, b))
    cuts.update((0, len(text)))
    bounds = sorted(cuts)
    title_ends = []
    for m in re.finditer("报告", text[:head_end]):
        if text[m.end(): m.end() + 1] in ")）":
            continue
        since = bounds[bisect_right(bounds, m.start()) - 1]
        if m.end() - since <= 80 and not _NOT_TITLE.search(text, since, m.end()):
            title_ends.append(m.end())  # a title, not a sentence that names a 报告
    bounds = sorted(cuts.union(title_ends))
    dropped = {a for a, _b in chrome}
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if a not in dropped]


_HEAD_LINES = 60
_CUT_END = re.compile(r"(\d{1,3})\s*$")
_CUT_START = re.compile(r"^\s*(\d{1,3})(?!\d)")


def head_lines(lines: list[str]) -> list[str]:
    """The first lines as they were written: page chrome taken out of them (a breadcrumb or the
    sharing widgets on their own line would otherwise join the title), and a year cut across two
    lines at a Word run boundary (`…事务局200` / `9年度…`, `〔201` / `7〕213号`) joined again.
    Only a cut that leaves four digits starting 19/20 is joined: it can only be a year."""
    out: list[str] = []
    head = lines[:_HEAD_LINES]
    any_chrome = bool(chrome_spans("\n".join(head)))  # no chrome in the joined head: none in a line
    for line in head:
        spans = chrome_spans(line) if any_chrome else ()
        for a, b in reversed(spans):
            line = line[:a] + line[b:]
        if spans and not line.strip():
            continue
        b = _CUT_START.match(line) if out else None
        if b:
            a = _CUT_END.search(out[-1])
            if a and len(a.group(1) + b.group(1)) == 4 and (a.group(1) + b.group(1))[:2] in ("19", "20"):
                out[-1] = out[-1][:a.end(1)] + line[b.start(1):]
                continue
        out.append(line)
    return out + lines[_HEAD_LINES:]


def _headers(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines[:40]:
        m = _HEADER.match(line)
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2)
    return out


_TITLE_SKIP = re.compile(r"(签发人|^正文[:：]?$|[:：]$|^\(?\d{4}[-年]\d{1,2}[-月]\d{1,2}日?\)?$)")


def _clean_title(t: str) -> str:
    t = _compact(t).lstrip("#").strip()
    i = t.rfind("报告")
    return t[: i + 2] if i >= 0 else t


def _is_title(t: str) -> bool:
    return ("信息公开" in t or "政务公开" in t) and t.endswith("报告") and (
        re.search(r"\d{4}年", t) is not None or re.search(_SUFFIX, t) is not None) and len(t) <= 80


def _find_title(lines: list[str], headers: dict) -> str | None:
    if headers.get("标题"):
        t = _clean_title(_digits_dates(headers["标题"]))
        if "报告" in t:
            return t
    head = []
    for line in lines[:60]:
        c = _compact(line).lstrip("#")
        if not c:
            continue
        if _HEADER.match(line) or _TITLE_SKIP.search(c) or _DOC_NO.match(c):
            continue
        if len(c) > 80 or re.match(r"^[一二三四五六七八九十]+[、.]", c):
            break
        head.append(_digits_dates(c))
        if len(head) >= 12:
            break
    for i in range(len(head)):
        for k in range(3):
            if i + k >= len(head):
                break
            if k and head[i].endswith("报告"):
                break
            t = _clean_title("".join(head[i: i + k + 1]))
            if _is_title(t):
                return t
    return None


def _doc_number(headers: dict, lines: list[str]) -> str | None:
    v = _compact(headers.get("文号") or "")
    if v:
        return v
    for line in lines[:8]:
        m = _DOC_NO.match(_compact(line))
        if m:
            return m.group(0)
    return None
