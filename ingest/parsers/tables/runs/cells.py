"""The cells a row's tokens can be read as: each token one cell, every digit one cell, or every
reading as exactly `n` cells (digit runs cut, numbers on consecutive lines joined)."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.parsers.model import classify_cell
from ingest.parsers.tables.runs.tokens import Token

MAX_READINGS = 20000  # beyond this a row is left unread (and said so): never a guess


@dataclass(slots=True, unsafe_hash=True)  # never changed once made; frozen=True would make it 4x slower to build
class Cell:
    value: float | None
    kind: str  # value_kind: number | zero | empty | not_applicable
    start: int
    end: int
    read_as: str  # cell | segmented | joined
    run_start: int | None = None
    run_end: int | None = None


def as_cells(tokens: list[Token]) -> tuple[Cell, ...]:
    """Each token one cell (the delimited reading)."""
    out = []
    for t in tokens:
        if t.kind == "digits" and t.text.isdigit():
            v = float(t.text)
            out.append(Cell(v, "zero" if v == 0 else "number", t.start, t.end, "cell"))
        else:
            out.append(_token_cell(t))
    return tuple(out)


def _token_cell(t: Token) -> Cell:
    if t.kind == "digits" and t.text.isdigit():
        v = float(t.text)
        return Cell(v, "zero" if v == 0 else "number", t.start, t.end, "cell")
    value, kind = classify_cell(t.text)
    return Cell(value, kind, t.start, t.end, "cell")


def fmt(v: float | None) -> str:
    return "blank" if v is None else (str(int(v)) if float(v).is_integer() else str(v))


def one_digit_per_cell(tokens: list[Token]) -> tuple[Cell, ...]:
    """Every digit its own cell: the only reading of a run with exactly one digit per cell."""
    out = []
    for t in tokens:
        if t.kind == "digits" and len(t.text) > 1 and t.text.isdigit():
            for i, ch in enumerate(t.text):
                v = float(ch)
                out.append(Cell(v, "zero" if v == 0 else "number", t.start + i, t.start + i + 1,
                                "segmented", t.start, t.end))
        else:
            out.append(_token_cell(t))
    return tuple(out)


def readings(tokens: list[Token], n: int, limit: int = MAX_READINGS) -> list[tuple[Cell, ...]] | None:
    """Every reading of `tokens` as exactly `n` cells; None when there are more than `limit`."""
    out: list[tuple[Cell, ...]] = []
    m = len(tokens)
    # the most cells tokens[i:] can give
    most = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        t = tokens[i]
        most[i] = most[i + 1] + (len(t.text) if t.kind == "digits" and t.text.isdigit() else 1)

    def groups(i: int):
        """(next index, [(digits, start, end, joined)]) for the token group starting at i."""
        t = tokens[i]
        yield i + 1, t, False
        if t.kind != "digits" or not t.text.isdigit():
            return
        j = i + 1
        while j < m and tokens[j].joinable and tokens[j].text.isdigit():
            merged = Token(t.start, tokens[j].end, "".join(x.text for x in tokens[i:j + 1]), "digits")
            yield j + 1, merged, True
            j += 1

    def rec(i: int, cells: list[Cell]) -> bool:
        need = n - len(cells)
        if i == m:
            if need == 0:
                out.append(tuple(cells))
                return len(out) <= limit
            return True
        if need <= 0 or most[i] < need:
            return True
        for nxt, tok, joined in groups(i):
            if tok.kind != "digits" or not tok.text.isdigit():
                cells.append(_token_cell(tok))
                ok = rec(nxt, cells)
                cells.pop()
                if not ok:
                    return False
                continue
            if joined:  # a number rebuilt across a line break is not cut again
                splits = [(tok.text,)] if (tok.text == "0" or tok.text[0] != "0") else []
            else:
                lo = need if nxt == m else 1
                hi = need - (1 if nxt < m else 0)
                splits = _splits(tok.text, lo, hi)
            for pieces in splits:
                run = (tok.start, tok.end) if (len(pieces) > 1 or joined) else (None, None)
                how = "segmented" if len(pieces) > 1 else ("joined" if joined else "cell")
                pos = tok.start
                for p in pieces:
                    a, b = (tok.start, tok.end) if joined else (pos, pos + len(p))
                    v = float(p)
                    cells.append(Cell(v, "zero" if v == 0 else "number", a, b, how, *run))
                    pos += len(p)
                added = len(pieces)
                ok = rec(nxt, cells)
                del cells[len(cells) - added:]
                if not ok:
                    return False
        return True

    if not rec(0, []):
        return None
    return out


def _splits(digits: str, lo: int, hi: int):
    """Ways to cut `digits` into lo..hi numbers, none with a leading zero."""
    L = len(digits)

    def rec(i: int, k_min: int, k_max: int):
        if i == L:
            if k_min <= 0:
                yield ()
            return
        if k_max <= 0 or L - i < k_min:
            return
        if digits[i] == "0":
            for rest in rec(i + 1, k_min - 1, k_max - 1):
                yield ("0",) + rest
            return
        for j in range(i + 1, L + 1):
            for rest in rec(j, k_min - 1, k_max - 1):
                yield (digits[i:j],) + rest

    yield from rec(0, lo, hi)
