"""Normalise report text for parsing while keeping a map back to the source text.

Parsers see simplified-script, NFKC text without page chrome or pinyin annotations; every
offset in it maps back to the decoded source text, so each figure can cite where it came from.
Only deletions change lengths (chrome, pinyin): character-level rewrites are applied only
where they keep the length, which keeps the map a short list of runs.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

# Lines that are navigation or sharing widgets of the web page, not the report.
_CHROME_LINE = re.compile(
    r"^\s*(扫一扫在手机打开当前页|扫一扫在手机上查看当前页面|上一条[:：].*|下一条[:：].*|上一篇[:：].*|下一篇[:：].*"
    r"|【?打印本页】?|【?关闭窗口】?|分享到[:：].*|字体[:：]?\s*【?大\s*中\s*小】?.*)\s*$"
)
# Chrome glued to the end of the last line (seed 000 ends with "...附表.xls掃一掃在手機打開當前頁").
_CHROME_TAIL = re.compile(r"(扫一扫在手机打开当前页|掃一掃在手機打開當前頁)\s*$")
# Words every _CHROME_LINE or _CHROME_TAIL match holds: a text without any has no chrome.
_CHROME_WORDS = ("扫一扫", "掃一掃", "上一条", "下一条", "上一篇", "下一篇", "打印本页", "关闭窗口", "分享到", "字体")
# Pinyin in parentheses right after a CJK character: 領(lǐng)導, 據(jù).
_PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}\d?)[)）]"
)
# _PINYIN without its look-behind, checked in Python: `re` tries a look-behind at every position.
_PINYIN_NOTE = re.compile(r"[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}\d?)[)）]")
_TONE = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")
# Mojibake: runs of characters typical of UTF-8 read as GBK or Latin-1, or U+FFFD.
_MOJIBAKE = re.compile(
    r"[\ufffd]{2,}|(?:[\u00c0-\u00ff][\u0080-\u00bf]){3,}|[锟斤拷]{4,}"
    r"|[?？][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}[)）][\u4e00-\u9fff]*"  # a pinyin note whose '(' was garbled
)

# The first character of every _MOJIBAKE alternative: a text without any has no mojibake run.
_MOJIBAKE_HINT = re.compile("[\ufffd\u00c0-\u00ff锟斤拷?？]")


def _rare_run_chars_slow(text: str) -> int:
    """Reference implementation of `_rare_run_chars` (one character at a time), kept for the tests."""
    count = run = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            try:
                ch.encode("gb2312")
                rare = False
            except UnicodeEncodeError:
                rare = True
            if rare:
                run += 1
                continue
        if run >= 3:
            count += run
        run = 0
    return count + (run if run >= 3 else 0)


def _char_class(chars) -> str:
    """A regex character class of the BMP characters of `chars`, as ranges of consecutive code points.

    Astral characters (above U+FFFF) are left out on purpose: with one of them in a large class,
    `re` can no longer use its bitmap and tests the ranges one by one (ten times slower). Callers
    handle astral characters, which are rare in reports, on their own (`_ASTRAL`).
    """
    cps = sorted({ord(c) for c in chars if ord(c) < 0x10000})
    parts = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = chr(cps[i]), chr(cps[j])
        parts.append(re.escape(a) if i == j else f"{re.escape(a)}-{re.escape(b)}")
        i = j + 1
    return "[" + "".join(parts) + "]" if parts else "(?!)"


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _rare_run_rx() -> re.Pattern:
    rare = []
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("gb2312")
        except UnicodeEncodeError:
            rare.append(chr(cp))
    return re.compile(_char_class(rare) + "{3,}")


def _rare_run_chars(text: str) -> int:
    """Characters in runs of 3+ CJK characters outside GB2312: typical of GBK bytes read wrongly."""
    return sum(m.end() - m.start() for m in _rare_run_rx().finditer(text))


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@dataclass
class Normalised:
    """Normalised text plus the runs that map its offsets to the source text."""

    text: str
    source: str
    _norm_starts: list[int] = field(default_factory=list)
    _src_starts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _source_newlines: list[int] | None = field(default=None, repr=False, compare=False)

    def source_line_no(self, pos: int) -> int:
        """1-based line of source offset `pos` (same as source.count("\\n", 0, pos) + 1)."""
        nl = self._source_newlines
        if nl is None:
            src = self.source
            nl = []
            i = src.find("\n")
            while i >= 0:
                nl.append(i)
                i = src.find("\n", i + 1)
            self._source_newlines = nl
        return bisect_left(nl, pos) + 1

    def to_source(self, pos: int) -> int:
        """Offset in the source text of normalised offset `pos` (end offsets map too)."""
        i = bisect_right(self._norm_starts, pos) - 1
        if i < 0:
            return pos
        return self._src_starts[i] + (pos - self._norm_starts[i])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.to_source(start)
            return s, s
        return self.to_source(start), self.to_source(end - 1) + 1


_FOLD_SPACES = "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
_FOLD_LOW = "\u00b2\u00b3\u00b9\u00bc\u00bd\u00be"  # below U+2000 but folded (superscripts, fractions)


def _char_fold_slow(text: str) -> str:
    """Reference implementation of `_char_fold` (one character at a time), kept for the tests."""
    out = []
    for ch in text:
        if ch in _FOLD_SPACES:
            out.append(" ")
            continue
        if ord(ch) < 0x2000 and ch not in _FOLD_LOW:
            out.append(ch)
            continue
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _fold_table() -> tuple[dict[str, str], re.Pattern]:
    """Every character `_char_fold_slow` changes, its replacement, and a regex finding them."""
    table = {ch: " " for ch in _FOLD_SPACES}
    for cp in [ord(c) for c in _FOLD_LOW] + list(range(0x2000, 0x110000)):
        ch = chr(cp)
        if ch in table or 0xD800 <= cp <= 0xDFFF:
            continue
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1 and n != ch:
            table[ch] = n
    return table, re.compile("(" + _char_class(table) + ")")


def _char_fold(text: str) -> str:
    """NFKC and whitespace folding, one character at a time so lengths never change.

    Only the characters that change are touched: a precomputed table (built once, before the
    parser processes fork) and one regex split, instead of a Python loop over every character.
    """
    table, rx = _fold_table()
    parts = rx.split(text)  # text, folded character, text, ...
    if len(parts) > 1:
        parts[1::2] = [table[ch] for ch in parts[1::2]]
        text = "".join(parts)
    if _ASTRAL.search(text) is not None:
        # A few BMP compatibility ideographs fold to astral ones; NFKC is idempotent, so those
        # are not in the table and this second pass leaves them as they are.
        text = _ASTRAL.sub(lambda m: table.get(m.group(), m.group()), text)
    return text


def _to_simplified(text: str) -> str:
    """OpenCC t2s over the whole text, line by line where a conversion changes a length.

    OpenCC itself is fast (about 0.1 ms for a report): testing for traditional characters first
    saves little, so every text is converted.
    """
    conv = _t2s()
    whole = conv.convert(text)
    if len(whole) == len(text):
        return whole
    lines = text.split("\n")
    out = []
    for line in lines:
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(conv.convert(ch) if len(conv.convert(ch)) == 1 else ch for ch in line)
        out.append(c)
    return "\n".join(out)


def warm_up() -> None:
    """Build the lazy tables (OpenCC, the fold table, the rare-character regex) once, before forking."""
    _t2s()
    _fold_table()
    _rare_run_rx()


def normalise(source: str) -> Normalised:
    """Apply deletions (chrome, pinyin) with an offset map, then length-preserving folds."""
    source = source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source
    deletions: list[tuple[int, int]] = []
    pos = 0
    has_chrome = any(w in source for w in _CHROME_WORDS)
    for line in source.split("\n") if has_chrome else ():
        end = pos + len(line)
        if _CHROME_LINE.match(line):
            deletions.append((pos, end))
        else:
            m = _CHROME_TAIL.search(line)
            if m:
                deletions.append((pos + m.start(), end))
        pos = end + 1
    pinyin = 0
    for m in _PINYIN_NOTE.finditer(source):
        if not m.start() or not "\u4e00" <= source[m.start() - 1] <= "\u9fff":
            continue  # = _PINYIN's look-behind (a note cannot start inside another one)
        syl = m.group(1)
        if any(ch in _TONE for ch in syl) or syl.islower() and len(syl) <= 6 and syl[-1:].isdigit():
            deletions.append((m.start(), m.end()))
            pinyin += 1
    deletions.sort()
    kept: list[str] = []
    norm_starts: list[int] = []
    src_starts: list[int] = []
    cursor = 0
    npos = 0
    for start, end in deletions:
        if start < cursor:
            start = cursor
        if end <= start:
            continue
        if start > cursor:
            norm_starts.append(npos)
            src_starts.append(cursor)
            kept.append(source[cursor:start])
            npos += start - cursor
        cursor = end
    if cursor < len(source) or not norm_starts:
        norm_starts.append(npos)
        src_starts.append(cursor)
        kept.append(source[cursor:])
    text = _to_simplified(_char_fold("".join(kept)))
    warnings = []
    if pinyin:
        warnings.append(f"removed {pinyin} pinyin annotations")
    bad = _rare_run_chars(text)
    if _MOJIBAKE_HINT.search(text) is not None:
        bad += sum(len(m.group(0)) for m in _MOJIBAKE.finditer(text))
    if "\ufffd" in source or bad:
        warnings.append(f"mojibake: {bad or source.count(chr(0xfffd))} characters look garbled")
    return Normalised(text=text, source=source, _norm_starts=norm_starts, _src_starts=src_starts, warnings=warnings)
