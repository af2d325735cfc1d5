"""Split a report into its heading hierarchy: 一、 (level 1) / （一） (level 2) / 1. or 1、 (level 3).

Reports number their parts with Chinese ordinals. The same numbering also labels the rows of the
statistics tables (表三 "一、本年新收政府信息公开申请数量", legacy "1.当面申请数"), so a candidate
heading is rejected when it is a table row: the line holds `|` cells, its label is a known table
row label, or the next line is a lone cell (a number, a unit, a dash). Numbering must also run in
sequence (一 then 二 …; （一） restarts under each 一、), which rejects the table rows whose
numbers restart inside a section.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ingest.parsers.model import Document, Section
from ingest.parsers.page_chrome import chrome_spans, is_one_line

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_L1 = re.compile(r"^[#\s]*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.*)$")
_L2 = re.compile(r"^[#\s]*[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*[、.．]?\s*(.*)$")
_L3 = re.compile(r"^[#\s]*(\d{1,2})\s*(?:[、．]|\.(?!\d))\s*(.*)$")

# Row labels of the 2019/2021 表三 and 表四: numbered like headings, never headings.
_TABLE_LABELS = (
    "本年新收", "上年结转", "本年度办理结果", "结转下年度", "予以公开", "部分公开", "不予公开", "无法提供",
    "不予处理", "其他处理", "总计", "属于国家秘密", "其他法律行政法规", "危及", "保护第三方", "属于三类",
    "属于四类", "属于行政执法", "属于行政查询", "本机关不掌握", "没有现成信息", "补正后", "信访举报",
    "重复申请", "要求提供公开出版物", "无正当理由", "要求行政机关确认", "申请人无正当理由", "申请人逾期",
)
# A lone table cell: a number, a unit, a dash, 无.
_CELL = re.compile(r"^\s*(?:[-+]?\d[\d,.]*%?|[条件次篇个人万元项家期场份]|人次|万元|元|[/／\-—–－]+|0)\s*$")
_COMPLETE = re.compile(r"(情况|概述|概况|事项|措施|附表|方面|问题|数量|类别|形式|说明)$")
_NUMBER_LINE = re.compile(r"^\s*\d+\s*$")
_ORDINAL_ONLY = re.compile(r"^[#\s]*[一二三四五六七八九十]{1,3}\s*$")
_STANDARD_L1 = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议",
                "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题", "其他需要报告的事项")
_SENTENCE_END = re.compile(r"[。！？!?；;：:]")
# Every line that _L1, _L2, _L3 or _ORDINAL_ONLY can match, found in one pass over the text: their
# beginnings joined, with `\s` (within one line) as [^\S\n].
_HEADING_LINE = re.compile(
    r"^(?:#|[^\S\n])*(?:[一二三四五六七八九十]{1,3}[^\S\n]*(?:[、.．]|$)"
    r"|[(（][^\S\n]*[一二三四五六七八九十]{1,3}[^\S\n]*[)）]|\d{1,2}[^\S\n]*(?:[、．]|\.(?!\d)))",
    re.MULTILINE,
)


def cn_ordinal(s: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20; None if not an ordinal up to 99."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None or "十" in tail:
            return None
        return tens * 10 + ones
    if len(s) == 1 and s in _CN_DIGITS:
        return _CN_DIGITS[s]
    return None


def _heading_text(text: str) -> str:
    """The heading up to its first sentence end, without spaces ("概 述" -> "概述"), at most 60 characters."""
    text = "".join(text.strip().strip("#").split())  # without whitespace
    m = _SENTENCE_END.search(text)
    if m:
        text = text[: m.start()]
    return text[:60]


def _is_table_row(line: str, label: str, next_line: str | None, after_next: str | None) -> bool:
    if "|" in line or "\t" in line.strip():
        return True
    if label.startswith(_TABLE_LABELS):
        return True
    if next_line is not None and _CELL.match(next_line):
        # Word runs split prose numbers onto their own lines: "2015" / "年，我局…" is prose.
        if _NUMBER_LINE.match(next_line) and after_next and after_next.lstrip()[:1] in "年月日%条件个项":
            return after_next.lstrip()[:1] not in "年月日%" and len(after_next.strip()) <= 2
        return True
    return False


# ---------------------------------------------------------------- one-line bodies
#
# A crawl that joins the page into one line leaves no line starts to find headings at. There a
# heading is a numbering (一、 / （一） / 1.) at a boundary - the text start, a sentence end, a
# closing bracket, whitespace, the end of a table (a digit, `|`), the end of the title (…报告) or
# of page chrome - followed by a short heading text; the text ends at the first sentence end,
# digit, `|`, next numbering or body opening (我局…, 全年…), or after a closing word (…情况,
# …概述, …事项) that does not go on (情况和…, 事项与…). The body is then cut into virtual lines
# (before each numbering, after each heading text) and split as a multi-line text would be.

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


def split_sections(doc: Document) -> list[Section]:
    if is_one_line(doc):
        lines, candidates = virtual_lines(doc)
    else:
        lines = doc.lines()
        starts = [s for s, _, _ in lines]
        candidates = [bisect_right(starts, hm.start()) - 1 for hm in _HEADING_LINE.finditer(doc.text)]
    return _split(doc.text, lines, candidates)


def _split(text: str, lines: list[tuple[int, int, str]], candidates: list[int]) -> list[Section]:
    """Sections from `lines` ((start, end, line) covering the text), trying the lines `candidates` as headings."""

    def next_of(i: int) -> int | None:
        """The next non-blank line after line i."""
        for k in range(i + 1, len(lines)):
            if lines[k][2].strip():
                return k
        return None

    found: list[tuple[int, int, str, str]] = []  # (level, start, number, heading)
    last_num = {1: 0, 2: 0, 3: 0}
    for i in candidates:
        start, _end, line = lines[i]
        j0 = i
        ni = next_of(i) if _ORDINAL_ONLY.match(line) else None
        if ni is not None:
            nxt = lines[ni][2].lstrip()
            if nxt[:1] in "、.．":  # "一" / "、" / "总体情况": a heading split by Word runs
                j0 = ni
                line = line.strip() + nxt
        level = None
        for lv, rx in ((2, _L2), (1, _L1), (3, _L3)):
            m = rx.match(line)
            if m:
                level = lv
                break
        if level is None:
            continue
        number, rest = m.group(1), m.group(2)
        value = cn_ordinal(number) if level < 3 else int(number)
        if value is None or value == 0:
            continue
        # A heading split over short lines ("一 、概" / "述", "六、" / "其他" / "需要" / "报告的事项").
        j = j0
        label = rest.strip()
        cut = len(re.sub(r"[\s#]", "", line)) <= 9  # the heading line looks cut short
        for _ in range(4):
            if (not cut or _SENTENCE_END.search(label) or len(label) >= 30 or (level == 3 and label)
                    or _COMPLETE.search(label)):
                break
            nj = next_of(j)
            if nj is None:
                break
            nxt = lines[nj][2].strip()
            if (len(nxt) > (20 if not label else 12) or _L1.match(nxt) or _L2.match(nxt) or _L3.match(nxt)
                    or _CELL.match(nxt) or _ORDINAL_ONLY.match(nxt) or _SENTENCE_END.search(nxt[:-1] or "x")):
                break
            label += nxt
            j = nj
        label_c = "".join(label.split())  # without whitespace
        if not _heading_text(label) or label_c.startswith(("是", "要", "些", "方面", "年")):
            continue  # 一是…, 一要…, 一些…, not headings
        if level == 3 and len(label_c) < 2:
            continue
        nxt_idx = next_of(j)
        next_line = lines[nxt_idx][2] if nxt_idx is not None else None
        nn_idx = next_of(nxt_idx) if nxt_idx is not None else None
        after_next = lines[nn_idx][2] if nn_idx is not None else None
        if _is_table_row(line, label_c, next_line, after_next):
            continue
        # Numbering must run in sequence (one number may be skipped); the standard titles of the
        # 2019/2021 formats are accepted out of sequence (some reports restart their numbering).
        prev = last_num[level]
        standard = level == 1 and label_c.startswith(_STANDARD_L1)
        if not (prev < value <= prev + 2) and not (value == 1 and level > 1) and not standard:
            continue
        if level == 1 and prev == 0 and value > 2:
            continue
        if level > 1 and value != 1 and prev == 0:
            continue
        last_num[level] = value
        for deeper in range(level + 1, 4):
            last_num[deeper] = 0
        found.append((level, start, number, _heading_text(label)))

    sections: list[Section] = []
    stack: dict[int, int] = {}
    for k, (level, start, number, heading) in enumerate(found):
        parent = None
        for lv in range(level - 1, 0, -1):
            if lv in stack:
                parent = stack[lv]
                break
        end = len(text)
        for level2, start2, _, _ in found[k + 1:]:
            if level2 <= level:
                end = start2
                break
        sections.append(Section(ordinal=k, level=level, number=number, heading=heading,
                                parent_ordinal=parent, start=start, end=end))
        stack[level] = k
        for deeper in range(level + 1, 4):
            stack.pop(deeper, None)
    return sections
