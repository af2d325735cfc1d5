"""Find a table's rows by their labels anywhere in a text, in the order the format fixes.

Lines are not trusted (a crawl may join the whole body into one line, or break a row over
several). Every occurrence of every row label of the taxonomy is found; the table is the longest
chain of occurrences whose rows come in table order, each close to the one before. A prose
sentence that mentions 本年新收 and 上年结转, or a header cell 总计, cannot pass for the table: the
real table is a much longer chain. Labels are matched with whitespace and line breaks removed
(a PDF extraction breaks 本机关不掌握相关政 / 府信息 over two lines). A label of two characters (其他, 总计) counts only where it
stands alone: after a separator or its numbering, and not followed by another Chinese character.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

GAP = 900  # most characters between one row label and the next in a table

_CJK = re.compile(r"[\u4e00-\u9fff]")
_BEFORE_SHORT = set("|\n\t.、．)）:：")
_NONSPACE = re.compile(r"\S+")
_WS = re.compile(r"\s+")
MAX_BACK = 48  # hits looked back at for a predecessor in the chain


@dataclass(frozen=True)
class Element:
    key: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    element: int
    start: int  # where the row's label begins
    end: int  # just after the label


class LabelIndex:
    def __init__(self, elements: list[Element]) -> None:
        self.elements = elements
        owner: dict[str, int] = {}
        for i, el in enumerate(elements):
            for lab in el.labels:
                owner.setdefault(lab, i)
        self.owner = owner
        alts = sorted(owner, key=len, reverse=True)
        self.regex = re.compile("|".join(re.escape(a) for a in alts))

    def hits(self, text: str, start: int, end: int) -> list[Hit]:
        found = [(m.start(), m.end(), m.group()) for m in self.regex.finditer(text, start, end)]
        segment = text[start:end]
        compact = _WS.sub("", segment)
        if len(compact) != len(segment) and len(self.regex.findall(compact)) != len(found):
            found = self._compact_hits(text, start, end)  # a label is broken by a line break
        out = []
        for a, b, lab in found:
            if len(lab) <= 2 and not _stands_alone(text, a, b):
                continue
            out.append(Hit(self.owner[lab], a, b))
        return out

    def _compact_hits(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Label matches on the text with its whitespace removed, mapped back to offsets in `text`."""
        pieces = [(m.start(), m.group()) for m in _NONSPACE.finditer(text, start, end)]
        compact = "".join(p for _, p in pieces)
        offsets, pos = [], 0
        for _, p in pieces:
            offsets.append(pos)
            pos += len(p)

        def orig(c: int) -> int:
            i = bisect_right(offsets, c) - 1
            return pieces[i][0] + c - offsets[i]

        return [(orig(m.start()), orig(m.end() - 1) + 1, m.group()) for m in self.regex.finditer(compact)]

    def chain(self, text: str, start: int, end: int) -> list[Hit]:
        """The longest run of hits in table order (ties: the first)."""
        hits = self.hits(text, start, end)
        n = len(hits)
        if not n:
            return []
        best = [1] * n
        prev = [-1] * n
        starts = [h.start for h in hits]
        ends = [h.end for h in hits]
        elements = [h.element for h in hits]
        for i in range(n):
            si, ei, bi = starts[i], elements[i], 1
            for j in range(i - 1, max(-1, i - 1 - MAX_BACK), -1):
                if si - ends[j] > GAP:
                    break
                if elements[j] < ei and ends[j] <= si and best[j] >= bi:
                    bi, prev[i] = best[j] + 1, j
            best[i] = bi
        i = max(range(n), key=lambda k: (best[k], -k))
        out = []
        while i >= 0:
            out.append(hits[i])
            i = prev[i]
        return out[::-1]


def _stands_alone(text: str, a: int, b: int) -> bool:
    j = a - 1
    while j >= 0 and text[j] in " \u3000":
        j -= 1
    if j >= 0 and text[j] not in _BEFORE_SHORT:
        return False
    return not (b < len(text) and _CJK.match(text[b]))
