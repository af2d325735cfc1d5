"""The compact text the narrative rules are matched against: whitespace removed (one space kept between
two ASCII letters or digits), with the map from its offsets back to the text."""
from __future__ import annotations

import re
from bisect import bisect_right

_WS = re.compile(r"\s+")
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


class _Compact:
    """The text without whitespace, and the map from its offsets back to the text.

    The map is a list of break points: from compact offset `_c[i]` on, the text offset is the
    compact one plus `_shift[i]` (the whitespace removed before it). Built from `str.split()`
    (the same whitespace as `\\s`), one step per word rather than per regex match.
    """

    __slots__ = ("text", "_c", "_shift")

    def __init__(self, text: str):
        words = text.split()
        breaks: list[int] = []
        shifts: list[int] = []
        spaced: list[int] = []  # indexes of the words that keep a space before them
        pos = removed = 0
        prev_last = ""
        for k, word in enumerate(words):
            start = text.find(word, pos)  # text[pos:start] is whitespace, so this is the word itself
            gap = start - pos
            if gap:
                if prev_last in _ASCII_ALNUM and word[0] in _ASCII_ALNUM:
                    spaced.append(k)
                    gap -= 1
                if gap:
                    removed += gap
                    breaks.append(start - removed)
                    shifts.append(removed)
            pos = start + len(word)
            prev_last = word[-1]
        for k in reversed(spaced):
            words.insert(k, " ")
        self.text = "".join(words)
        self._c = breaks
        self._shift = shifts

    def to_orig(self, cpos: int) -> int:
        i = bisect_right(self._c, cpos) - 1
        return cpos if i < 0 else cpos + self._shift[i]

    def span(self, cs: int, ce: int) -> tuple[int, int]:
        if ce <= cs:
            p = self.to_orig(cs)
            return p, p
        return self.to_orig(cs), self.to_orig(ce - 1) + 1


class _CompactSlow:
    """Reference implementation of `_Compact` (one regex match at a time), kept for the tests."""

    __slots__ = ("text", "_c", "_o")

    def __init__(self, text: str):
        pieces: list[str] = []
        c_starts: list[int] = []
        o_starts: list[int] = []
        pos = cpos = 0
        n = len(text)
        for m in _WS.finditer(text):
            s, e = m.span()
            if s > pos:
                pieces.append(text[pos:s])
                c_starts.append(cpos)
                o_starts.append(pos)
                cpos += s - pos
            if 0 < s and e < n:
                a, b = text[s - 1], text[e]
                if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
                    pieces.append(" ")
                    c_starts.append(cpos)
                    o_starts.append(s)
                    cpos += 1
            pos = e
        if pos < n:
            pieces.append(text[pos:])
            c_starts.append(cpos)
            o_starts.append(pos)
        self.text = "".join(pieces)
        self._c = c_starts
        self._o = o_starts

    def to_orig(self, cpos: int) -> int:
        i = bisect_right(self._c, cpos) - 1
        if i < 0:
            return cpos
        return self._o[i] + (cpos - self._c[i])
