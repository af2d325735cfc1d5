"""Split a report into its heading hierarchy: 一、 (level 1) / （一） (level 2) / 1. or 1、 (level 3).

Reports number their parts with Chinese ordinals. The same numbering also labels the rows of the
statistics tables (表三 "一、本年新收政府信息公开申请数量", legacy "1.当面申请数"), so a candidate
heading is rejected when it is a table row: the line holds `|` cells, its label is a known table
row label, or the next line is a lone cell (a number, a unit, a dash). Numbering must also run in
sequence (一 then 二 …; （一） restarts under each 一、), which rejects the table rows whose
numbers restart inside a section.

What a heading line is lives in `headings`; the headings of a one-line body (a crawl that joined
the page into one line) and the virtual lines it is read as, in `one_line_headings`. This module
keeps the headings whose numbering runs in sequence and builds the hierarchy.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ingest.parsers.headings import (
    _CELL, _HEADING_LINE, _L1, _L2, _L3, _ORDINAL_ONLY, _SENTENCE_END, _heading_text, _is_table_row, cn_ordinal,
)
from ingest.parsers.model import Document, Section
from ingest.parsers.one_line_headings import virtual_lines
from ingest.parsers.page_chrome import is_one_line

_COMPLETE = re.compile(r"(情况|概述|概况|事项|措施|附表|方面|问题|数量|类别|形式|说明)$")
_STANDARD_L1 = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议",
                "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题", "其他需要报告的事项")


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
