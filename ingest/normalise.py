"""Normalise report text for parsing while keeping a map back to the source text.

Parsers see simplified-script, NFKC text without page chrome or pinyin annotations; every
offset in it maps back to the decoded source text, so each figure can cite where it came from.
Only deletions change lengths (chrome, pinyin): character-level rewrites are applied only
where they keep the length, which keeps the map a short list of runs.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
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
# Pinyin in parentheses right after a CJK character: 領(lǐng)導, 據(jù).
_PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8}\d?)[)）]"
)
_TONE = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")
# Mojibake: runs of characters typical of UTF-8 read as GBK or Latin-1, or U+FFFD.
_MOJIBAKE = re.compile(
    r"[\ufffd]{2,}|(?:[\u00c0-\u00ff][\u0080-\u00bf]){3,}|[锟斤拷]{4,}"
    r"|[?？][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}[)）][\u4e00-\u9fff]*"  # a pinyin note whose '(' was garbled
)


def _rare_run_chars(text: str) -> int:
    """Characters in runs of 3+ CJK characters outside GB2312: typical of GBK bytes read wrongly."""
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


def _char_fold(text: str) -> str:
    """NFKC and whitespace folding, one character at a time so lengths never change."""
    out = []
    for ch in text:
        if ch in "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff":
            out.append(" ")
            continue
        if ord(ch) < 0x2000 and ch not in "\u00b2\u00b3\u00b9\u00bc\u00bd\u00be":
            out.append(ch)
            continue
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


def _to_simplified(text: str) -> str:
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


def normalise(source: str) -> Normalised:
    """Apply deletions (chrome, pinyin) with an offset map, then length-preserving folds."""
    source = source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source
    deletions: list[tuple[int, int]] = []
    pos = 0
    for line in source.split("\n"):
        end = pos + len(line)
        if _CHROME_LINE.match(line):
            deletions.append((pos, end))
        else:
            m = _CHROME_TAIL.search(line)
            if m:
                deletions.append((pos + m.start(), end))
        pos = end + 1
    pinyin = 0
    for m in _PINYIN.finditer(source):
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
    bad = sum(len(m.group(0)) for m in _MOJIBAKE.finditer(text)) + _rare_run_chars(text)
    if "\ufffd" in source or bad:
        warnings.append(f"mojibake: {bad or source.count(chr(0xfffd))} characters look garbled")
    return Normalised(text=text, source=source, _norm_starts=norm_starts, _src_starts=src_starts, warnings=warnings)
