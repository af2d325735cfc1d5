"""The cells of a legacy table, whatever the layout the crawl left it in.

One reader for every layout: one cell per line (seed 004), `|` rows (seed 003), cells separated
by spaces or tabs (`主动公开文件数 条 2543 78967`), and cells run together with no separator at all
(`主动公开政府信息数条98其中：1.政府公报条02.政府网站条36`), in any mix, on one line or many.

The text is cut into *chunks* at separators (line breaks, `|`, tabs, spaces). A chunk that is a
unit, a value or an ordinal is one cell. Any other chunk is cut further: at the row labels of the
taxonomy (a label ends where a taxonomy label ends and a unit or a value follows), at units (`条`
before digits, or right after a taxonomy label), and at digit runs. What a cut cannot decide is
flagged, never guessed:

- a digit run glued to other text (`条254378967`) is a value with `run=True`: it may hold several
  value columns run together (the row reader decides, from the number of columns);
- digits run into the next row's ordinal (`条353.新闻发布会` = 35, then `3.`): the ordinal is the
  one the numbering expects (the previous ordinal + 1, or 1); when the digits do not end with
  it, the value gets `doubt` and yields no figure.

Blank cells exist only where the layout shows them: whitespace between two `|` on one line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.parsers.model import classify_cell

UNITS = ("人次", "件次", "条次", "万元", "条", "件", "次", "篇", "个", "人", "元", "项", "场", "期", "份", "家", "页")
UNIT_SET = frozenset(UNITS)

_CHUNK = re.compile(r"[^\s|]+")
_VALUE_KINDS = ("number", "zero", "not_applicable")
_VALUE_START = frozenset("+-/／—–－\\无没零〇不NnＮ")  # first characters of the non-digit cells classify_cell reads
_SPLIT_HINT = re.compile("[0-9" + "".join(sorted({ch for u in UNITS for ch in u})) + "]")
_NUM = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_ORDINAL_CHUNK = re.compile(r"\d{1,2}[.．、]")
_SHORT_INT = re.compile(r"\d{1,2}")
_ORDINAL_MARK = ".．、"
# digits followed by one of these are prose quantities or dates (共98条, 2017年), not cells: in a
# table the unit comes before the value. No taxonomy label starts with one of them.
_PROSE_SUFFIX = frozenset("年月日号时分秒%％万亿余多名位倍岁户个人次件条篇项元期家页场份")
_MARKER = re.compile(r"[/／—–－-]+|无")  # a not-applicable or zero cell run into its unit
# what may follow a unit run into the text after it: a value, the next label's numbering, 其中
_UNIT_FOLLOWER = re.compile(r"\d|[/／—–－-]|无|其中|[（(]|[一二三四五六七八九十]{1,2}[、.．]")
_UNIT_INSIDE = re.compile(
    r"(?<=[^\d\W])(?:" + "|".join(UNITS) + r")(?=其中|[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.．])")


@dataclass(slots=True)
class Cell:
    kind: str  # text | unit | value | blank
    start: int
    end: int
    text: str
    pipe: bool = False  # a `|` between this cell and the previous one
    newline: bool = False  # a line break between this cell and the previous one
    glued: bool = False  # nothing at all between this cell and the previous one
    run: bool = False  # a value whose digits touch other text on either side
    whole: bool = True  # the cell is a whole chunk (not cut out of text run together)
    ordinal: int | None = None  # a text cell that is a row's numbering (1. / 1、)
    doubt: str | None = None  # a value whose end the text leaves open (see the module doc)


class _State:
    __slots__ = ("last_ordinal",)

    def __init__(self) -> None:
        self.last_ordinal = 0


def iter_cells(text: str, start: int, end: int, label_rx: re.Pattern) -> Iterator[Cell]:
    """The cells of text[start:end], in order; a generator, so a reader can stop at the table's end."""
    state = _State()
    pos = start
    it = _CHUNK.finditer(text, start, end)
    cur = next(it, None)
    while cur is not None:
        nxt = next(it, None)
        cs = cur.start()
        gap = text[pos:cs]
        pipe = "|" in gap
        if pipe and gap.count("|") > 1:
            yield from _blanks(gap, pos)
        nxt_text = nxt.group() if nxt is not None else ""
        yield from _chunk_cells(cur.group(), cs, pipe, "\n" in gap, nxt_text, label_rx, state)
        pos = cur.end()
        cur = nxt
    yield from _blanks(text[pos:end], pos)


def _blanks(gap: str, base: int) -> list[Cell]:
    """Explicit blank cells: whitespace (not a line break) between two `|` of one line."""
    if gap.count("|") < 2:
        return []
    out = []
    parts = gap.split("|")
    p = base + len(parts[0]) + 1
    for part in parts[1:-1]:
        if part and "\n" not in part:
            out.append(Cell("blank", p, p + len(part), part, pipe=True))
        p += len(part) + 1
    return out


def _chunk_cells(c: str, base: int, pipe: bool, newline: bool, nxt: str, label_rx: re.Pattern,
                 state: _State) -> list[Cell]:
    end = base + len(c)
    if c in UNIT_SET:
        return [Cell("unit", base, end, c, pipe=pipe, newline=newline)]
    mark_next = nxt[:1] in _ORDINAL_MARK and nxt != ""
    if _ORDINAL_CHUNK.fullmatch(c) or (mark_next and _SHORT_INT.fullmatch(c)):
        state.last_ordinal = int(c.rstrip(_ORDINAL_MARK))
        return [Cell("text", base, end, c, pipe=pipe, newline=newline, ordinal=state.last_ordinal)]
    if c.isdigit() or (c[0] in _VALUE_START or c[0].isdigit()) and classify_cell(c)[1] in _VALUE_KINDS:
        return [Cell("value", base, end, c, pipe=pipe, newline=newline)]
    if _SPLIT_HINT.search(c) is None:  # no digit, no unit: label text
        return [Cell("text", base, end, c, pipe=pipe, newline=newline)]
    out = _split_chunk(c, base, label_rx, state, mark_next)
    if len(out) > 1:
        for cell in out:
            cell.whole = False
    if out:
        out[0].pipe, out[0].newline = pipe, newline
    return out


def _split_chunk(c: str, base: int, label_rx: re.Pattern, state: _State, mark_next: bool) -> list[Cell]:
    """Cells of a chunk that holds labels, units and digits run together; `mark_next`: the next
    chunk starts with `、`/`.` (its row's numbering may end this chunk: `条02` / `、同意公开答复数`)."""
    out: list[Cell] = []
    p = 0
    after_label = False
    for m in label_rx.finditer(c):
        a, b = m.span()
        if a > p:
            _gap(c, p, a, base, after_label, True, state, out, False)
        _add_text(out, base + a, base + b, c[a:b])
        p = b
        after_label = True
    _gap(c, p, len(c), base, after_label, False, state, out, mark_next)
    return out


def _add_text(out: list[Cell], s: int, e: int, t: str, ordinal: int | None = None) -> None:
    if not t:
        return
    if out and out[-1].kind == "text" and out[-1].end == s and ordinal is None and out[-1].ordinal is None:
        prev = out[-1]
        prev.end, prev.text = e, prev.text + t
        return
    out.append(Cell("text", s, e, t, glued=bool(out), ordinal=ordinal))


def _add(out: list[Cell], cell: Cell) -> None:
    cell.glued = bool(out)
    out.append(cell)


def _unit_at_start(piece: str) -> str | None:
    for u in UNITS:
        if piece.startswith(u):
            return u
    return None


def _unit_at_end(piece: str) -> str | None:
    for u in UNITS:
        if piece.endswith(u) and (len(piece) == len(u) or not piece[-len(u) - 1].isdigit()):
            return u
    return None


def _gap(c: str, g0: int, g1: int, base: int, after_label: bool, before_label: bool, state: _State,
         out: list[Cell], mark_next: bool) -> None:
    """Cells of c[g0:g1], the text between two taxonomy labels of a chunk (or before/after them)."""
    p = g0
    nums = list(_NUM.finditer(c, g0, g1))
    for m in [*nums, None]:
        t0 = m.start() if m is not None else g1
        # the text before this number (or the rest of the gap)
        if t0 > p:
            _gap_text(c, p, t0, base, after_label and p == g0, m is not None, before_label and m is None, out)
        if m is None:
            break
        a, b = m.span()
        p = b
        prev_ch = c[a - 1] if a > 0 else ""
        next_ch = c[b] if b < len(c) else ""
        after_ch = c[b + 1] if b + 1 < len(c) else ""
        digits = m.group()
        if prev_ch in "(（" and prev_ch and next_ch in ")）" and next_ch:
            _add_text(out, base + a, base + b, digits)
            continue
        if next_ch and next_ch in _ORDINAL_MARK and not after_ch.isdigit():
            _ordinal_tail(c, digits, a, base, glued_left=a > 0, state=state, out=out, mark=1)
            p = b + 1  # the mark belongs to the ordinal
            continue
        if b == len(c) and mark_next and digits.isdigit():
            _ordinal_tail(c, digits, a, base, glued_left=a > 0, state=state, out=out, mark=0)
            continue
        if next_ch in _PROSE_SUFFIX and next_ch:
            _add_text(out, base + a, base + b, digits)
            continue
        _add(out, Cell("value", base + a, base + b, digits, run=a > 0 or b < len(c)))


def _gap_text(c: str, s: int, e: int, base: int, after_label: bool, before_num: bool, before_label: bool,
              out: list[Cell]) -> None:
    """Text of a gap: a unit at its start (right after a label) or at its end (right before digits)."""
    piece = c[s:e]
    u = _unit_at_start(piece)
    if u is not None:
        rest = piece[len(u):]
        ok = after_label or s == 0
        follows = rest == "" and (before_num or before_label or e == len(c)) or bool(_UNIT_FOLLOWER.match(rest))
        if ok and follows:
            _add(out, Cell("unit", base + s, base + s + len(u), u))
            mk = _MARKER.match(rest)
            if mk:
                _add(out, Cell("value", base + s + len(u), base + s + len(u) + mk.end(), mk.group(), run=True))
                s += mk.end()
            s += len(u)
            piece = c[s:e]
    if piece and not before_num:
        # a unit inside the text, followed by the next row's numbering (`…建设维万元九、…`)
        m = _UNIT_INSIDE.search(piece)
        if m:
            if m.start() > 0:
                _add_text(out, base + s, base + s + m.start(), piece[:m.start()])
            _add(out, Cell("unit", base + s + m.start(), base + s + m.end(), m.group()))
            s += m.end()
            piece = c[s:e]
    if (before_num or e == len(c)) and piece:  # a unit right before digits, or ending the chunk
        u = _unit_at_end(piece)
        if u is not None:
            if len(piece) > len(u):
                _add_text(out, base + s, base + e - len(u), piece[:-len(u)])
            _add(out, Cell("unit", base + e - len(u), base + e, u))
            return
    _add_text(out, base + s, base + e, piece)


def _valid_number(s: str) -> bool:
    if not s or not s[0].isdigit() or not s[-1].isdigit():
        return False
    return not (len(s) > 1 and s[0] == "0" and s[1] != ".")


def _ordinal_tail(c: str, digits: str, a: int, base: int, glued_left: bool, state: _State,
                 out: list[Cell], mark: int) -> None:
    """Digits right before `.`/`、` and a label: the next row's numbering, perhaps after a value.
    `mark`: 1 when the `.`/`、` follows in this chunk (it belongs to the ordinal), else 0."""
    if not glued_left and len(digits) <= 2 and digits.isdigit():
        state.last_ordinal = int(digits)
        e = a + len(digits) + mark
        _add_text(out, base + a, base + e, c[a:e], ordinal=state.last_ordinal)
        return
    expected = {state.last_ordinal + 1, 1}
    choices = []
    for k in (2, 1):
        if len(digits) < k or not digits[-k:].isdigit() or (k == 2 and digits[-2] == "0"):
            continue
        head = digits[:-k]
        if int(digits[-k:]) in expected and (head == "" or _valid_number(head)):
            choices.append(k)
    doubt = None
    if len(choices) == 1:
        k = choices[0]
    else:
        k = 1
        doubt = (f"digits {digits} run into the next row's numbering: "
                 f"where the value ends is unclear (numbering expected {sorted(expected)})")
    head = digits[:-k]
    if head:
        _add(out, Cell("value", base + a, base + a + len(head), head, run=True, doubt=doubt))
    state.last_ordinal = int(digits[-k:])
    s = a + len(head)
    _add_text(out, base + s, base + s + k + mark, c[s:s + k + mark], ordinal=state.last_ordinal)
