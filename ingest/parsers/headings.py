"""What a heading line is: the numberings 一、 (level 1) / （一） (level 2) / 1. or 1、 (level 3), the
ordinal's value, the heading text; and the table rows that are numbered like headings but are not
(the line holds `|` cells, its label is a known table row label, or the next line is a lone cell)."""
from __future__ import annotations

import re

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
_NUMBER_LINE = re.compile(r"^\s*\d+\s*$")
_ORDINAL_ONLY = re.compile(r"^[#\s]*[一二三四五六七八九十]{1,3}\s*$")
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
