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


def split_sections(doc: Document) -> list[Section]:
    lines = doc.lines()
    starts = [s for s, _, _ in lines]

    def next_of(i: int) -> int | None:
        """The next non-blank line after line i."""
        for k in range(i + 1, len(lines)):
            if lines[k][2].strip():
                return k
        return None

    found: list[tuple[int, int, str, str]] = []  # (level, start, number, heading)
    last_num = {1: 0, 2: 0, 3: 0}
    for hm in _HEADING_LINE.finditer(doc.text):
        i = bisect_right(starts, hm.start()) - 1
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
        if not label_c or label_c.startswith(("是", "要", "些", "方面", "年")):
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
        end = len(doc.text)
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
