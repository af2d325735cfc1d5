"""表二 / 表三 / 表四 of the 2019 and 2021 national report formats.

The tables reach us in many text layouts; all are read through one model:

1. Each line of a table region is split into cells: `|`-separated (plain, markdown, or HTML rendered
   by `ingest.html_render`), tab-separated, or "label 1 2 3" with space-separated numbers; any other
   line is one cell. Markdown separator lines (`|---|`) are skipped.
2. Cells are label cells (text) or value cells (number, zero, blank, '/': see `classify_cell`).
   A line with two or more cells is one table row: its label is its text cells, its values are the
   cells after the last text cell. In the one-cell-per-line layout ("lines mode", used when the
   region has fewer than three `|` lines) a text line starts a row (or extends the label of a row
   that has no values yet) and the value lines after it are that row's values. In `|` layouts a
   value line on its own (page number, orphaned row of a broken PDF table) is never attached to a
   label: a figure is only emitted where the label and the values share a row.
3. A row's key comes from the taxonomy labels (`ingest/taxonomy/national.yml`), matched on the
   row's last label cell, then the last two, three, four cells joined (labels broken over lines).
   The longest matching label wins; labels of two characters (其他, 总计, 规章) must be the whole
   cell once its numbering (（七）, 3.) is stripped.

表三: a row with exactly seven values (after dropping surplus trailing blanks) gives one figure per
column; a row with fewer values comes from merged cells and only its last value, the 总计, is
certain: that one figure is emitted with a note. 表四: the region's values in order; fifteen give
the fifteen columns; fewer, all zero (a single merged 0), give the three 总计 columns as 0 with a
note. 表二: values are mapped onto the column labels of the sub-table header; a row whose value
count matches neither the header nor its distinct columns is skipped (a lost column is not
guessed).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.parsers.model import Document, Figure, classify_cell
from ingest.taxonomy import section

MERGED_NOTE = "merged cells: only the total is certain"

_LABEL_JUNK = re.compile(r"[\s#*`>]+")
_ORDINAL = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．)）]|[一二三四五六七八九十]{1,3}是)+"
)
_PUNCT = re.compile(r"[()（）:：,，。;；、.．\"“”'‘’\[\]【】]")
_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")
_NEGATIVE = re.compile(r"^[-−－]\s?(\d+(?:\.\d+)?)$")
_SPACED_TOKEN = re.compile(r"\S+")

_T3_ANCHOR = re.compile(r"本年度?新收")
_T3_CHECK = re.compile(r"上年度?结转")
_T4_ANCHOR = re.compile(r"行政复议")
_T4_CHECK = re.compile(r"结果维持|结果纠正|尚未审结|未经复议|复议后起诉")  # national 表四 header words, not legacy 维持具体行政行为数
_T2_ANCHOR = re.compile(r"第二十条第")
_T2_CHECK = re.compile(r"信息内容|规章|规范性文件|行政许可|本年制发|本年新")
_END_LINE = re.compile(r"^\s*#*\s*(?:[五六七]、|存在的主要问题|其他需要报告)|存在的主要问题|改进情况")

_T3_MAX_LINES = 400
_T2_MAX_LINES = 150
_T4_MAX_LINES = 60


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
    t2, t3, t4 = section("t2"), section("t3"), section("t4")
    t3_rows = _Matcher([(lab, r["key"]) for r in t3["rows"] for lab in r["labels"]])
    t2_rows = _Matcher([(lab, r["key"]) for r in t2["rows"] for lab in r["labels"]])
    cols_2019 = {(_norm(lab), c["key"]) for c in t2["columns_2019"] for lab in c["labels"]}
    cols_2021 = {(_norm(lab), c["key"]) for c in t2["columns_2021"] for lab in c["labels"]}
    col_labels = []  # (label, key, formats)
    for pair in cols_2019 | cols_2021:
        fmts = frozenset(f for f, s in (("2019", cols_2019), ("2021", cols_2021)) if pair in s)
        col_labels.append((pair[0], pair[1], fmts))
    col_labels.sort(key=lambda x: -len(x[0]))
    return {
        "t3_rows": t3_rows,
        "t3_metric": {r["key"]: r.get("metric") for r in t3["rows"]},
        "t3_columns": [c["key"] for c in t3["columns"]],
        "t3_total": t3.get("total_column", "total"),
        "t2_rows": t2_rows,
        "t2_columns": col_labels,
        "t4_columns": [(c["key"], c.get("metric")) for c in t4["columns"]],
    }


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


# ---------------------------------------------------------------- regions


class _Lines:
    def __init__(self, doc: Document) -> None:
        self.lines = doc.lines()
        self.starts = [s for s, _, _ in self.lines]

    def index(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def end_after(self, start: int, cap: int) -> int:
        """First line after `start` that ends the section, or start + cap."""
        stop = min(len(self.lines), start + cap)
        for i in range(start + 1, stop):
            if _END_LINE.search(self.lines[i][2]):
                return i
        return stop


def _find_anchor(text: str, anchor: re.Pattern, check: re.Pattern, window: int, pos: int = 0) -> int | None:
    """Start of the first `anchor` match at or after `pos` followed within `window` by `check`."""
    for m in anchor.finditer(text, pos):
        if check.search(text, m.end(), m.end() + window):
            return m.start()
    return None


def _regions(doc: Document, lines: _Lines) -> dict[str, tuple[int, int]]:
    text = doc.text
    out: dict[str, tuple[int, int]] = {}
    t3_pos = _find_anchor(text, _T3_ANCHOR, _T3_CHECK, 3000)
    if t3_pos is None:
        m = _T3_ANCHOR.search(text)
        t3_pos = m.start() if m else None
    t3_line = lines.index(t3_pos) if t3_pos is not None else None
    t4_pos = _find_anchor(text, _T4_ANCHOR, _T4_CHECK, 400, t3_pos or 0)
    t4_line = lines.index(t4_pos) if t4_pos is not None else None
    if t4_line is not None and t3_line is not None and t4_line <= t3_line:
        t4_line = None
    if t3_line is not None:
        end = t4_line if t4_line is not None else lines.end_after(t3_line, _T3_MAX_LINES)
        out["t3"] = (t3_line, min(end, t3_line + _T3_MAX_LINES))
    if t4_line is not None:
        out["t4"] = (t4_line, lines.end_after(t4_line, _T4_MAX_LINES))
    t2_pos = _find_anchor(text, _T2_ANCHOR, _T2_CHECK, 300)
    if t2_pos is not None:
        t2_line = lines.index(t2_pos)
        limit = [x for x in (t3_line, t4_line) if x is not None and x > t2_line]
        end = min(limit) if limit else len(lines.lines)
        out["t2"] = (t2_line, min(end, t2_line + _T2_MAX_LINES))
    return out


def _region_rows(lines: _Lines, span: tuple[int, int]) -> list[_Row]:
    chunk = lines.lines[span[0]:span[1]]
    pipe_lines = sum(1 for _, _, line in chunk if "|" in line)
    return _rows(chunk, pipe_mode=pipe_lines >= 3)


# ---------------------------------------------------------------- tables


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


def _t3(rows: list[_Row]) -> list[Figure]:
    tax = _tax()
    matcher: _Matcher = tax["t3_rows"]
    columns: list[str] = tax["t3_columns"]
    total = tax["t3_total"]
    n = len(columns)
    figures: list[Figure] = []
    seen: set[str] = set()
    for row in rows:
        if not row.values or not row.labels:
            continue
        key, _ = matcher.resolve(row.labels)
        if key is None or key in seen:
            continue
        values = list(row.values)
        while len(values) > n and not values[-1].text:
            values.pop()
        if len(values) > n:
            values = values[-n:]
        metric = tax["t3_metric"].get(key)
        if len(values) == n:
            seen.add(key)
            for col, cell in zip(columns, values):
                figures.append(_fig("t3", key, col, metric if col == total else None, cell, "件"))
            continue
        while values and not values[-1].text:
            values.pop()
        if values:
            seen.add(key)
            figures.append(_fig("t3", key, total, metric, values[-1], "件", MERGED_NOTE))
    return figures


def _t4(rows: list[_Row]) -> list[Figure]:
    columns = _tax()["t4_columns"]
    n = len(columns)
    per_row = []
    for row in rows:
        values = list(row.values)
        while values and not values[-1].text:
            values.pop()
        if values:
            per_row.append(values)
    flat = [c for vs in per_row for c in vs]
    chosen = None
    if len(flat) == n:
        chosen = flat
    elif len(flat) > n:
        exact = [vs for vs in per_row if len(vs) == n]
        if exact:
            chosen = exact[0]
    if chosen is not None:
        return [_fig("t4", "t4", key, metric, cell, "件") for (key, metric), cell in zip(columns, chosen)]
    if flat and all(c.kind == "zero" for c in flat):
        cell = flat[-1]
        return [
            _fig("t4", "t4", key, metric, cell, "件", MERGED_NOTE)
            for key, metric in columns
            if key.endswith(".total")
        ]
    return []


def _t2(rows: list[_Row]) -> list[Figure]:
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


def table_spans(doc: Document) -> list[tuple[int, int]]:
    """(start, end) offsets in doc.text of the 表二 / 表三 / 表四 regions, for the narrative parser to skip."""
    text = doc.text
    if not text or ("新收" not in text and "行政复议" not in text and "第二十条" not in text):
        return []
    lines = _Lines(doc)
    out = []
    for first, stop in _regions(doc, lines).values():
        end = lines.lines[stop - 1][1] if stop > first else lines.lines[first][1]
        out.append((lines.lines[first][0], end))
    return sorted(out)


def parse_national_tables(doc: Document) -> list[Figure]:
    """Figures of 表二 / 表三 / 表四 found in the document (empty list when there are none)."""
    text = doc.text
    if not text or ("新收" not in text and "行政复议" not in text and "第二十条" not in text):
        return []
    lines = _Lines(doc)
    regions = _regions(doc, lines)
    figures: list[Figure] = []
    if "t2" in regions:
        figures += _t2(_region_rows(lines, regions["t2"]))
    if "t3" in regions:
        figures += _t3(_region_rows(lines, regions["t3"]))
    if "t4" in regions:
        figures += _t4(_region_rows(lines, regions["t4"]))
    return figures
