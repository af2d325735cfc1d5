"""表二 (proactive disclosure) of the 2019 and 2021 national formats, read line by line.

1. Each line of the region is split into cells: `|`-separated (plain, markdown, or HTML rendered
   by `ingest.html_render`), tab-separated, or "label 1 2 3" with space-separated numbers; any other
   line is one cell. Markdown separator lines (`|---|`) are skipped.
2. A line with two or more cells is one table row: its label is its text cells, its values are the
   cells after the last text cell. In the one-cell-per-line layout ("lines mode", used when the
   region has fewer than three `|` lines) a text line starts a row (or extends the label of a row
   that has no values yet) and the value lines after it are that row's values. In `|` layouts a
   value line on its own is never attached to a label.
3. A row's key comes from the taxonomy labels (`ingest/taxonomy/national.yml`), matched on the
   row's last label cell, then the last two, three, four cells joined (labels broken over lines).
   The longest matching label wins; labels of two characters (规章) must be the whole cell once its
   numbering is stripped. Values are mapped onto the column labels of the sub-table header; a row
   whose value count matches neither the header nor its distinct columns is skipped (a lost
   column is not guessed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.parsers.model import Figure, classify_cell
from ingest.taxonomy import section

_LABEL_JUNK = re.compile(r"[\s#*`>]+")
_ORDINAL = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．)）]|[一二三四五六七八九十]{1,3}是)+"
)
_PUNCT = re.compile(r"[()（）:：,，。;；、.．\"“”'‘’\[\]【】]")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
_NEGATIVE = re.compile(r"^[-−－]\s?(\d+(?:\.\d+)?)$")
_SPACED_TOKEN = re.compile(r"\S+")


@dataclass(slots=True)
class _Cell:
    start: int
    end: int
    text: str
    kind: str
    value: float | None


@dataclass(slots=True)
class _Row:
    labels: list[_Cell] = field(default_factory=list)
    values: list[_Cell] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _classify(text: str) -> tuple[float | None, str]:
    m = _NEGATIVE.match(text.strip())
    if m:  # 本年增/减 can be negative; classify_cell only knows non-negative numbers
        v = -float(m.group(1))
        return v, "zero" if v == 0 else "number"
    return classify_cell(text)


def _cell(line: str, base: int, a: int, b: int) -> _Cell:
    """The cell line[a:b], trimmed, with offsets in the document text."""
    seg = line[a:b]
    stripped = seg.strip()
    if stripped:
        a2 = a + len(seg) - len(seg.lstrip())
        b2 = a2 + len(stripped)
    else:  # blank cell: a zero-length span in its middle
        a2 = b2 = a + len(seg) // 2
    value, kind = _classify(stripped)
    return _Cell(base + a2, base + b2, stripped, kind, value)


def _split_line(line: str, base: int) -> list[_Cell]:
    """Cells of one line; [] for a blank line or a markdown separator."""
    if not line.strip():
        return []
    if "|" in line:
        bounds = []
        pos = 0
        for part in line.split("|"):
            bounds.append((pos, pos + len(part)))
            pos += len(part) + 1
        stripped = line.strip()
        if stripped.startswith("|") and bounds and not line[bounds[0][0]:bounds[0][1]].strip():
            bounds = bounds[1:]
        if stripped.endswith("|") and bounds and not line[bounds[-1][0]:bounds[-1][1]].strip():
            bounds = bounds[:-1]
        cells = [_cell(line, base, a, b) for a, b in bounds]
        nonblank = [c for c in cells if c.text]
        if nonblank and all(_SEPARATOR_CELL.match(c.text) for c in nonblank):
            return []
        return cells
    if "\t" in line.strip():
        return [_cell(line, base, m.start(), m.end()) for m in re.finditer(r"[^\t]+", line) if line[m.start():m.end()].strip()]
    tokens = [(m.start(), m.end()) for m in _SPACED_TOKEN.finditer(line)]
    if len(tokens) >= 2:
        kinds = [_classify(line[a:b])[1] for a, b in tokens]
        k = len(tokens)
        while k > 0 and kinds[k - 1] in ("number", "zero"):
            k -= 1
        if k == 0:  # a row of numbers only
            return [_cell(line, base, a, b) for a, b in tokens]
        if k < len(tokens) and kinds[k - 1] == "text":  # "行政许可 97"
            return [_cell(line, base, tokens[0][0], tokens[k - 1][1])] + [
                _cell(line, base, a, b) for a, b in tokens[k:]
            ]
    return [_cell(line, base, 0, len(line))]


def _rows(lines: list[tuple[int, int, str]], pipe_mode: bool) -> list[_Row]:
    rows: list[_Row] = []
    pending: _Row | None = None
    for start, _end, line in lines:
        cells = _split_line(line, start)
        if not cells:
            continue
        if len(cells) >= 2:
            pending = None
            last_text = -1
            for i, c in enumerate(cells):
                if c.kind == "text":
                    last_text = i
            rows.append(
                _Row([c for c in cells[: last_text + 1] if c.kind == "text"], cells[last_text + 1:])
            )
            continue
        c = cells[0]
        if c.kind == "text":
            if pending is not None and not pending.values:
                pending.labels.append(c)
            else:
                pending = _Row([c], [])
                rows.append(pending)
        elif not pipe_mode:
            if pending is None:
                pending = _Row([], [])
                rows.append(pending)
            pending.values.append(c)
    return rows


# ---------------------------------------------------------------- label matching


def _norm(text: str) -> str:
    return _LABEL_JUNK.sub("", text)


def _core(text: str) -> str:
    return _PUNCT.sub("", _ORDINAL.sub("", text))


class _Matcher:
    """Row labels of one taxonomy section: longest label contained in the text wins."""

    def __init__(self, entries: list[tuple[str, str]]) -> None:
        # (normalised label, key), in taxonomy order
        self.entries = [(_norm(label), key) for label, key in entries if _norm(label)]
        self.cache: dict[str, str | None] = {}

    def match(self, text: str) -> str | None:
        t = _norm(text)
        if t in self.cache:
            return self.cache[t]
        best, best_len = None, 0
        core = None
        for label, key in self.entries:
            if len(label) <= best_len:
                continue
            if len(label) <= 2:
                if core is None:
                    core = _core(t)
                ok = core == label
            else:
                ok = label in t
            if ok:
                best, best_len = key, len(label)
        self.cache[t] = best
        return best

    def resolve(self, labels: list[_Cell]) -> tuple[str | None, int]:
        """(row key, number of trailing label cells it used)."""
        for k in range(1, min(4, len(labels)) + 1):
            key = self.match("".join(c.text for c in labels[-k:]))
            if key:
                return key, k
        return None, 0


@lru_cache(maxsize=1)
def _tax() -> dict:
    t2 = section("t2")
    t2_rows = _Matcher([(lab, r["key"]) for r in t2["rows"] for lab in r["labels"]])
    cols_2019 = {(_norm(lab), c["key"]) for c in t2["columns_2019"] for lab in c["labels"]}
    cols_2021 = {(_norm(lab), c["key"]) for c in t2["columns_2021"] for lab in c["labels"]}
    col_labels = []  # (label, key, formats)
    for pair in cols_2019 | cols_2021:
        fmts = frozenset(f for f, s in (("2019", cols_2019), ("2021", cols_2021)) if pair in s)
        col_labels.append((pair[0], pair[1], fmts))
    col_labels.sort(key=lambda x: -len(x[0]))
    return {"t2_rows": t2_rows, "t2_columns": col_labels}


def _scan_columns(text: str) -> list[tuple[str, frozenset]]:
    """t2 column labels found in a header text, in order, longest label first at each place."""
    t = _norm(text)
    hits = []
    for label, key, fmts in _tax()["t2_columns"]:
        i = t.find(label)
        while i >= 0:
            hits.append((i, -len(label), key, fmts))
            i = t.find(label, i + 1)
    hits.sort()
    out, covered = [], -1
    for i, neg, key, fmts in hits:
        if i >= covered:
            out.append((key, fmts))
            covered = i - neg
    return out


def _fig(table: str, row: str, col: str, metric: str | None, cell: _Cell, unit: str | None, note: str | None = None) -> Figure:
    return Figure(
        source="table",
        table_id=table,
        row_key=row,
        column_key=col,
        metric_key=metric,
        value=cell.value,
        value_kind=cell.kind,
        unit=unit,
        start=cell.start,
        end=cell.end,
        note=note,
    )


def parse_table2(lines: list[tuple[int, int, str]]) -> list[Figure]:
    """Figures of the 表二 region given as (start, end, line) of its lines."""
    pipe_lines = sum(1 for _, _, line in lines if "|" in line)
    rows = _rows(lines, pipe_mode=pipe_lines >= 3)
    matcher: _Matcher = _tax()["t2_rows"]
    header: list[tuple[str, frozenset]] = []
    pending: list[tuple[str, str, _Cell]] = []  # (row key, column key, cell)
    seen: set[tuple[str, str]] = set()
    fmt_votes = {"2019": 0, "2021": 0}
    for row in rows:
        key, used = matcher.resolve(row.labels) if row.labels else (None, 0)
        if not row.values:
            key = None
        prefix = row.labels[: len(row.labels) - used] if key else row.labels
        if prefix:
            prefix_text = "".join(c.text for c in prefix)
            found = _scan_columns(prefix_text)
            if found:
                header = found
                for _, fmts in found:
                    if len(fmts) == 1:
                        fmt_votes[next(iter(fmts))] += 1
            elif "第二十条" in prefix_text:
                header = []
        if key is None or not header:
            continue
        values = list(row.values)
        distinct = []
        for col, _ in header:
            if col not in distinct:
                distinct.append(col)
        while len(values) > len(header) and not values[-1].text:
            values.pop()
        if len(values) == len(header):
            pairs = list(zip([c for c, _ in header], values))
        elif len(values) == len(distinct):
            pairs = list(zip(distinct, values))
        else:
            continue
        for col, cell in pairs:
            if (key, col) in seen:
                continue
            seen.add((key, col))
            pending.append((key, col, cell))
    table = "t2_2021" if fmt_votes["2021"] > fmt_votes["2019"] else "t2_2019"
    units = {"fee_amount_wan": "万元"}
    return [_fig(table, key, col, None, cell, units.get(col)) for key, col, cell in pending]
