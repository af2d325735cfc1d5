"""A table row's stretch of text cut into tokens: numbers, blank cells (two `|` with only spaces
between them) and the marks `/`, `—`, `无`; the text that ends the row (prose, a heading, the next
row's numbering) ends the tokens. `tokenize` takes fast paths for the usual row shapes and falls
back to the loop of `tokenize_slow`, the reference the tests compare it with."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.parsers.model import NOT_APPLICABLE, ZERO_WORDS

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\||\n|[^\s\d|]+")
_MARKS = NOT_APPLICABLE | ZERO_WORDS
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBERED = re.compile(r"[ \t]{0,2}[\u4e00-\u9fff]")  # what follows the `.` of a numbering
_ORDINAL_TAIL = re.compile(r"^[.、．)）]$|^[（(]$")
ROW_START = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.．])")

_PLAIN_ROW = re.compile(r"[^\d|\n]*((?:\|[ \t]*\d+[ \t]*)+)((?:\|[ \t]+(?=\|))*)\|?[ \t]*$")
_BLANK_CELL = re.compile(r"\|([ \t]+)")
_DIGITS = re.compile(r"\d+")
_PLAIN_LINES = re.compile(
    r"[^\d|\n]*((?:[ \t]*\n[ \t]*\d+)+)[ \t]*(?:(?:\n[ \t]*)+(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|(?P<num>\d)[.、．])?[ \t]*)?")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str  # digits, '' for a blank cell, or the mark
    kind: str  # 'digits' | 'blank' | 'mark'
    joinable: bool = False  # only a line break separates it from the previous number


def tokenize(text: str, start: int, end: int, stop_at_text: bool = True, newline_ends: bool = False,
             allow=None, junction_ends: bool = False) -> list[Token]:
    """Tokens of text[start:end].

    - `stop_at_text`: a text run of two or more characters (or one Chinese character) after the
      first value ends the row, unless `allow` matches all of it (a table's own header words).
    - `newline_ends`: in a `|` table a row is the rest of its label's line (values on a line of
      their own are not attached to a label above: in broken extractions they are another row's).
    - `junction_ends`: `||` after values ends the row (two `|` rows joined when a crawl removed the
      line break between them).
    - `allow(run)`: a text run that is part of the row, not the end of it (a copy of the row's
      label from a merged cell, a table's header words).
    - The numbering of another row (`1.申请人…`, `(2)`, `（三）`, `四、`) ends the row, before or
      after values: the values after it are that row's. In a run of digits the numbering is its
      last digit (`00000002.其他…` is 0000000, then 2.).
    """
    if newline_ends:
        stop = text.find("\n", start, end)
        m = _PLAIN_ROW.match(text, start, end if stop < 0 else stop)
        closed = m is not None and text[m.end(1):m.end()].strip() != ""  # the row ends in `|`
        if m and _plain_label_rest(text, start, m.start(1)) \
                and (not closed or stop >= 0 or not _unframed(text, start)):  # `label | 1 | 0 | 2 | |`
            out = [Token(d.start(), d.end(), d.group(), "digits") for d in _DIGITS.finditer(text, m.start(1), m.end(1))]
            for b in _BLANK_CELL.finditer(text, m.start(2), m.end(2)):
                mid = (b.start(1) + b.end(1)) // 2
                out.append(Token(mid, mid, "", "blank"))
            if closed and stop >= 0 and _unframed(text, stop):  # `a | 1 | ⏎`: the last `|` opens an empty cell
                last = text.rindex("|", m.end(1), m.end()) + 1
                out.append(Token(last, last, "", "blank"))
            return out
    else:
        m = _PLAIN_LINES.fullmatch(text, start, end)
        if m and (m.start("num") < 0 or _is_numbering(text, m.start("num"), m.end("num"))):
            # one number per line after the label (then, maybe, the next row's numbering)
            out, prev = [], -1
            for d in _DIGITS.finditer(text, m.start(1), m.end(1)):
                out.append(Token(d.start(), d.end(), d.group(), "digits", prev >= 0))
                prev = d.end()
            return out
    return tokenize_slow(text, start, end, stop_at_text, newline_ends, allow, junction_ends)


def _plain_label_rest(text: str, start: int, end: int) -> bool:
    """text[start:end], the rest of a label before its `|` cells, holds no mark and no numbering:
    the loop of `tokenize_slow` would skip it."""
    return all(run not in _MARKS and not ROW_START.match(run) for run in text[start:end].split())


def tokenize_slow(text: str, start: int, end: int, stop_at_text: bool = True, newline_ends: bool = False,
                  allow=None, junction_ends: bool = False) -> list[Token]:
    """`tokenize` without its fast paths (the reference the tests compare them with)."""
    tokens: list[Token] = []
    gap_clean = False  # only whitespace with a line break since the last number
    gap_newline = False
    last_pipe_end = -1
    for m in _TOKEN.finditer(text, start, end):
        s = m.group()
        c = s[0]
        if c == "|":
            gap = text[last_pipe_end:m.start()]
            # `| |` is a blank cell; `||` is where two rows met when a crawl removed the line break
            if junction_ends and last_pipe_end == m.start() and any(t.kind != "blank" for t in tokens):
                break
            if last_pipe_end >= 0 and gap and not gap.strip() and "\n" not in gap:
                mid = (last_pipe_end + m.start()) // 2
                tokens.append(Token(mid, mid, "", "blank"))
            last_pipe_end = m.end()
            gap_clean = False
            continue
        if c == "\n":
            if last_pipe_end >= 0 and not text[last_pipe_end:m.start()].strip() and _unframed(text, m.start()):
                tokens.append(Token(last_pipe_end, last_pipe_end, "", "blank"))  # `8 | 1 | ⏎`: an empty last cell
            if newline_ends:
                break
            gap_newline = True
            last_pipe_end = -1
            continue
        if c.isdigit():
            a, b = m.start(), m.end()
            if b < end and _CJK.match(text[b]) and not ROW_START.match(text[b:b + 4]) and a > 0 and _CJK.match(text[a - 1]):
                continue  # a digit inside a word (数据1数据2, a column called 数据1): text, not a value
            if _is_numbering(text, a, b):
                if b - a > 1:
                    tokens.append(Token(a, b - 1, text[a:b - 1], "digits", False))
                break
            joinable = bool(tokens) and tokens[-1].kind == "digits" and gap_clean and gap_newline
            tokens.append(Token(a, b, text[a:b], "digits", joinable))
            gap_clean, gap_newline = True, False
            last_pipe_end = -1
            continue
        # a text run
        last_pipe_end = -1
        gap_clean = False
        if s in _MARKS:
            tokens.append(Token(m.start(), m.end(), s, "mark"))
            continue
        if allow is not None and allow(s):
            continue
        if ROW_START.match(s):
            break
        if stop_at_text and any(t.kind != "blank" for t in tokens) and (len(s) >= 2 or _CJK.match(s)):
            if not _ORDINAL_TAIL.match(s):
                last = tokens[-1]
                if (last.kind == "digits" and _CJK.match(s) and last.start > 0 and _CJK.match(text[last.start - 1])
                        and "\n" not in text[last.end:m.start()]):
                    tokens.pop()  # 数据1 | 数据2: a number inside header words, not a value
                break
    else:  # the text ends with the row: `… | 1 | ` ends in an empty cell too
        if last_pipe_end >= 0 and end >= len(text.rstrip()) and not text[last_pipe_end:end].strip() \
                and _unframed(text, last_pipe_end):
            tokens.append(Token(last_pipe_end, last_pipe_end, "", "blank"))
    return tokens


def _unframed(text: str, pos: int) -> bool:
    """The line holding `pos` does not start with `|` (rendered HTML rows: `a | b | `), so a `|`
    at its end opens an empty last cell rather than closing the row."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].lstrip(" \t\u3000").startswith("|")


def _is_numbering(text: str, a: int, b: int) -> bool:
    """digits text[a:b] end in an item's numbering: `3.其他`, `2、重复申请`, `2. 申请人…`, `（3）`."""
    after = text[b:b + 2]
    if after[:1] in (".", "、", "．") and _NUMBERED.match(text, b + 1):
        return True
    return a > 0 and text[a - 1] in "(（" and after[:1] in (")", "）") and b - a == 1


def trim_blanks(tokens: list[Token], n: int) -> list[Token]:
    """Drop trailing blank cells beyond `n` cells (a row's padding, or a joined row boundary `||`)."""
    out = list(tokens)
    while len(out) > n and out[-1].kind == "blank":
        out.pop()
    while len(out) > n and out[0].kind == "blank":
        out.pop(0)
    return out


def glued(text: str, token: Token) -> bool:
    """The token follows text with no separator (`…办理100000`): its digits may be several cells."""
    return token.start > 0 and not text[token.start - 1].isspace() and text[token.start - 1] not in "|"


def digit_count(tokens: list[Token]) -> int:
    return sum(len(t.text) if t.kind == "digits" and t.text.isdigit() else 1 for t in tokens)
