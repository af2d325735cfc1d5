"""Legacy (pre-2019) statistics tables: the nine-section table and local short tables.

Two layouts reach us as text:

- `|` rows (seed 003): ``label | unit | value |``, where a row may wrap onto the next line
  (``一、主动公开情况 |`` then ``| 98 |``) and blank cells are explicit (``| |``);
- one cell per line (seed 004, the Putian reports): label fragments, unit, then one value per
  line; blank cells are simply missing, and labels are themselves split (``其中：`` / ``1.`` /
  ``政府公报``).

Both are read as a stream of cells: label fragments accumulate until a unit cell, the values
follow until the next label. The value columns come from the header (统计数 / 年末统计 /
2013年度 → "year"; 历年累计 → "cumulative"). Only what is certain is emitted:

- a row with as many values as value columns: each value in its column;
- a row with a single value where the header has two value columns: the value's column is
  unknown, so nothing is emitted, except a single 0, which means 0 this year whichever
  column it is in (this year's count can never exceed the cumulative one);
- a blank cell is emitted as value_kind "empty" only where the layout shows it (`|` rows, or
  a one-column table whose row has no value at all).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.parsers.model import Document, Figure, classify_cell
from ingest.taxonomy import section as taxonomy_section

# Header of a legacy table: 指标名称 / 统计指标 (possibly one character per line), then 单位.
_HEADER = re.compile(r"(?:指\s*标\s*名\s*称|统\s*计\s*指\s*标)[\s|]*(?:计\s*量\s*)?单\s*位")
_HEADERISH = re.compile(
    r"^(?:计量单位|计量|单位|统计数|年末统计|年末数|历年累计|累计|本年度?|年度|年|\d{4}年?度?|\d{4}年度?统计数?)$"
)
_SECTION_HEADING = re.compile(r"^[（(]?([一二三四五六七八九])[、.．]")
_ORDINAL = re.compile(r"^(?:\d{1,2}|[（(]\d{1,2}[)）])[.．、]?$")
_ORDINAL_TAIL = re.compile(r"[.．、]$")
_UNITS = frozenset({"条", "件", "次", "篇", "个", "人", "人次", "件次", "万元", "元", "项", "场", "期", "份", "家", "页", "条次"})
_NONSPACE = re.compile(r"\S")


@lru_cache(maxsize=1)
def _taxonomy() -> dict:
    out = {}
    for table_id in ("legacy_stats", "legacy_short"):
        spec = taxonomy_section(table_id)
        rows = []
        by_label: dict[str, list[dict]] = {}
        for row in spec["rows"]:
            labels = [re.sub(r"\s+", "", lab) for lab in row["labels"]]
            row = {**row, "labels": labels}
            rows.append(row)
            for lab in labels:
                by_label.setdefault(lab, []).append(row)
        # a lookahead alternation finds, at every position, the longest label starting there
        alternation = "|".join(re.escape(lab) for lab in sorted(by_label, key=len, reverse=True))
        out[table_id] = {**spec, "rows": rows, "by_label": by_label, "label_re": re.compile(f"(?=({alternation}))")}
    return out


def _compact(s: str) -> str:
    """The text without whitespace (str.split() and `\\s` agree on what whitespace is)."""
    return "".join(s.split())


def _match_row(label: str, spec: dict, section: str | None) -> dict | None:
    """The taxonomy row whose label ends nearest the end of `label` (then the longest);
    rows of the current section first."""
    best, best_rank = None, None
    by_label = spec["by_label"]
    for m in spec["label_re"].finditer(label):
        lab = m.group(1)
        end = m.start() + len(lab)
        for row in by_label[lab]:
            in_section = 1 if section is not None and row.get("section") == section else 0
            rank = (in_section, end, len(lab))
            if best_rank is None or rank > best_rank:
                best, best_rank = row, rank
    return best


class _Cell:
    __slots__ = ("start", "end", "text")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text


class _Row:
    __slots__ = ("label", "label_start", "label_end", "unit", "values", "explicit")

    def __init__(self):
        self.label = ""
        self.label_start = -1
        self.label_end = -1
        self.unit: _Cell | None = None
        self.values: list[_Cell] = []
        self.explicit = False  # blank cells are visible (`|` layout)

    def add_label(self, cell: _Cell) -> None:
        if self.label_start < 0:
            self.label_start = cell.start
        self.label_end = cell.end
        self.label += _compact(cell.text)


def _is_unit(text: str) -> bool:
    return _compact(text) in _UNITS


def _is_value(text: str) -> bool:
    _, kind = classify_cell(text)
    return kind in ("number", "zero", "not_applicable")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    seg = text[start:end]
    ls = len(seg) - len(seg.lstrip())
    rs = len(seg.rstrip())
    return start + ls, start + max(rs, ls)


def _columns(header_text: str) -> list[tuple[str, str]]:
    """Value columns from the header text: [(column_key, header label)]."""
    h = _compact(header_text)
    cols: list[tuple[int, str, str]] = []
    m = re.search(r"历年累计|累计", h)
    if m:
        cols.append((m.start(), "cumulative", m.group(0)))
    m2 = re.search(r"\d{4}年度?|本年度?|统计数|年末统计|年末数", h)
    if m2:
        cols.append((m2.start(), "year", m2.group(0)))
    if not cols:
        return [("year", "")]
    if len(cols) == 1 and cols[0][1] == "cumulative":
        return [("year", ""), ("cumulative", cols[0][2])]
    cols.sort()
    return [(k, lab) for _, k, lab in cols]


def _line_cells(text: str, start: int, end: int) -> list[_Cell]:
    """One cell per non-blank line of text[start:end]."""
    cells = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if _NONSPACE.search(text, pos, stop):
            s, e = _strip_span(text, pos, stop)
            cells.append(_Cell(s, e, text[s:e]))
        pos = stop + 1
    return cells


def _is_prose(cell_text: str) -> bool:
    t = cell_text.strip()
    return len(t) > 60 or ("。" in t and len(t) > 20)


def _rows_from_lines(text: str, start: int, end: int) -> tuple[list[_Row], int]:
    """Rows of a one-cell-per-line table; returns (rows, end offset of the table)."""
    cells = _line_cells(text, start, end)
    rows: list[_Row] = []
    row = _Row()
    table_end = start
    n = len(cells)
    for i, cell in enumerate(cells):
        t = cell.text
        if _is_prose(t):
            break
        nxt = cells[i + 1].text.lstrip() if i + 1 < n else ""
        ordinal = bool(_ORDINAL.match(t)) and (_ORDINAL_TAIL.search(t) is not None or (nxt[:1] != "" and nxt[:1] in "、.．"))
        if not ordinal and row.label and row.unit is None and not row.values and _is_unit(t):
            row.unit = cell
            table_end = cell.end
        elif not ordinal and _is_value(t) and (row.label or rows):
            if row.label:
                row.values.append(cell)
            else:  # a value with no label of its own: the previous row's
                rows[-1].values.append(cell)
            table_end = cell.end
        else:
            if row.label and (row.unit is not None or row.values):
                rows.append(row)
                row = _Row()
            row.add_label(cell)
    if row.label and (row.unit is not None or row.values):
        rows.append(row)
    return rows, table_end


def _rows_from_pipes(text: str, start: int, end: int) -> tuple[list[_Row], int]:
    """Rows of a `|` table; a line starting with `|` continues the row above."""
    logical: list[list[tuple[int, int]]] = []  # per row: line spans
    pos = start
    table_end = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = text[pos:stop]
        st = line.strip()
        if st:
            if "|" not in st and _is_prose(st):
                break
            if st.startswith("|") and logical:
                logical[-1].append((pos, stop))
            else:
                logical.append([(pos, stop)])
            table_end = stop
        pos = stop + 1
    rows = []
    for spans in logical:
        cells: list[_Cell] = []
        for ls, le in spans:
            line = text[ls:le]
            parts, p = [], ls
            for piece in line.split("|"):
                parts.append((p, p + len(piece)))
                p += len(piece) + 1
            stripped = line.strip()
            if stripped.startswith("|"):
                parts = parts[1:]  # text before the leading bar is whitespace
            if stripped.endswith("|"):
                parts = parts[:-1]  # text after the trailing bar is whitespace
            for s, e in parts:
                s2, e2 = _strip_span(text, s, e)
                cells.append(_Cell(s2, e2, text[s2:e2]))
        # drop blank cells made by line wraps before the label/unit is known
        while cells and not cells[0].text.strip():
            cells.pop(0)
        if not cells:
            continue
        row = _Row()
        row.explicit = True
        row.add_label(cells[0])
        rest = cells[1:]
        if rest and _is_unit(rest[0].text):
            row.unit = rest[0]
            rest = rest[1:]
        elif rest and not rest[0].text.strip() and len(rest) > 1 and rest[1].text.strip():
            rest = rest[1:]  # "label |\n| 98 |": the wrap left an empty unit cell
        row.values = rest
        rows.append(row)
    return rows, table_end


def find_legacy_tables(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, table_id) of every legacy table in the document."""
    return [(s, e, tid) for s, e, tid, _, _ in _tables(doc)]


_LAST: tuple = (None, None)  # (text, tables) of the last document: narrative.py asks again


def _tables(doc: Document):
    global _LAST
    text = doc.text
    last = _LAST  # one read: a tuple swapped whole, safe across threads
    if last[0] is text:
        return last[1]
    out = _find_tables(text)
    _LAST = (text, out)
    return out


def _find_tables(text: str):
    if "单" not in text or not ("指" in text and "标" in text):
        return []
    headers = list(_HEADER.finditer(text))
    out = []
    for k, m in enumerate(headers):
        region_end = headers[k + 1].start() if k + 1 < len(headers) else len(text)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        pipes = "|" in text[line_start:line_end]
        if pipes:
            header_text = text[m.start():line_end]
            body_start = line_end
            rows, table_end = _rows_from_pipes(text, body_start, region_end)
        else:
            # header cells run until the first cell that is not a header word
            cells = _line_cells(text, m.end(), min(region_end, m.end() + 400))
            body_start = m.end()
            header_text = text[m.start():m.end()]
            pending = ""
            for cell in cells:
                c = _compact(cell.text)
                if _HEADERISH.match(c) or _HEADERISH.match(pending + c):
                    pending = pending + c if re.fullmatch(r"\d{4}", pending + c) else ""
                    header_text = text[m.start():cell.end]
                    body_start = cell.end
                    continue
                break
            rows, table_end = _rows_from_lines(text, body_start, region_end)
        if not rows:
            continue
        body = _compact(text[m.start():table_end])
        table_id = "legacy_stats" if ("主动公开情况" in body and "依申请公开情况" in body) else "legacy_short"
        out.append((line_start, max(table_end, m.end()), table_id, _columns(header_text), rows))
    return out


def parse_legacy_tables(doc: Document) -> list[Figure]:
    try:
        return _parse(doc)
    except Exception:  # never let one odd table break the report
        return []


def _parse(doc: Document) -> list[Figure]:
    figures: list[Figure] = []
    tax = _taxonomy()
    for _, _, table_id, columns, rows in _tables(doc):
        spec = tax[table_id]
        figures.extend(_table_figures(doc.text, table_id, spec, columns, rows))
    return figures


def _table_figures(text: str, table_id: str, spec: dict, columns, rows: list[_Row]) -> list[Figure]:
    cumulative_metrics = spec.get("cumulative_metrics") or {}
    repeats = spec.get("mislabelled_repeats") or {}
    section: str | None = None
    matched: list[tuple[_Row, dict | None, str | None]] = []  # (row, taxonomy row, note)
    for row in rows:
        sm = _SECTION_HEADING.match(row.label)
        if sm and not row.label.startswith(("(", "（")):
            section = sm.group(1)
        trow = _match_row(row.label, spec, section)
        matched.append((row, trow, None))

    # a value printed on a heading row belongs to the next row when that row's cells are blank
    for i, (row, trow, _) in enumerate(matched):
        if not trow or not trow.get("heading") or i + 1 >= len(matched):
            continue
        vals = [c for c in row.values if c.text.strip()]
        nrow, ntrow, _ = matched[i + 1]
        if vals and ntrow and not ntrow.get("heading") and not any(c.text.strip() for c in nrow.values):
            nrow.values = row.values
            row.values = []
            matched[i + 1] = (nrow, ntrow, "value printed on the heading row above")

    # a label repeated in the next numbered position (mislabelled partial-disclosure row)
    for i in range(1, len(matched)):
        row, trow, note = matched[i]
        prow, ptrow, _ = matched[i - 1]
        if trow and ptrow and trow is ptrow and trow["key"] in repeats:
            alt = repeats[trow["key"]]
            matched[i] = (row, {**trow, "key": alt["key"], "metric": alt.get("metric")}, alt.get("note"))

    keys_present = {t["key"] for _, t, _ in matched if t}
    figures: list[Figure] = []
    ncols = len(columns)
    for row, trow, note in matched:
        if trow is None or trow.get("heading"):
            continue
        metric = trow.get("metric")
        if trow["key"] == "online" and "email" in keys_present:
            metric = None  # 网上申请 excludes the separate e-mail row: not applications_online
            note = "网上申请 stated separately from 电子邮件申请"
        unit = _compact(row.unit.text) if row.unit is not None else trow.get("unit")
        label_note = note
        cells = list(row.values)
        if row.explicit and len(cells) > ncols:
            cells = cells[:ncols] if not any(c.text.strip() for c in cells[ncols:]) else cells
        filled = [c for c in cells if c.text.strip()]
        assignments: list[tuple[str, _Cell | None, str | None]] = []
        if row.explicit:
            if len(cells) == ncols:
                assignments = [(columns[j][0], cells[j], label_note) for j in range(ncols)]
            elif not cells:
                assignments = [(columns[0][0], None, label_note)]
            elif len(cells) < ncols and len(filled) == 0:
                assignments = [(columns[j][0], None, label_note) for j in range(ncols)]
        else:
            if len(filled) == ncols:
                assignments = [(columns[j][0], filled[j], label_note) for j in range(ncols)]
            elif not filled:
                if ncols == 1 and row.unit is not None:
                    assignments = [(columns[0][0], None, label_note)]
            elif len(filled) == 1 and ncols == 2:
                value, kind = classify_cell(filled[0].text)
                if kind == "zero":
                    extra = "single value in a two-column row: 0 this year whichever column it is in"
                    assignments = [("year", filled[0], f"{label_note}; {extra}" if label_note else extra)]
        for column_key, cell, fnote in assignments:
            col_header = next((lab for k, lab in columns if k == column_key), "")
            if col_header in ("年末统计", "年末数"):
                extra = "年末统计 column (year-end statistic)"
                fnote = f"{fnote}; {extra}" if fnote else extra
            if cell is None or not cell.text.strip():
                value, kind = None, "empty"
                if cell is not None and cell.end > cell.start:
                    start, end = cell.start, cell.end
                else:
                    start = row.label_start
                    end = row.unit.end if row.unit is not None else row.label_end
            else:
                value, kind = classify_cell(cell.text)
                start, end = cell.start, cell.end
                if kind == "text":
                    continue
            if column_key == "cumulative":
                fig_metric = cumulative_metrics.get(metric) if metric else None
            else:
                fig_metric = metric
            figures.append(
                Figure(
                    source="table",
                    table_id=table_id,
                    row_key=trow["key"],
                    column_key=column_key,
                    metric_key=fig_metric,
                    value=value,
                    value_kind=kind,
                    unit=unit,
                    start=start,
                    end=end,
                    note=fnote,
                )
            )
    return figures
