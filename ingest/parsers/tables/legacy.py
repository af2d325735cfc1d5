"""Legacy (pre-2019) statistics tables: the nine-section table and local short tables.

A table starts at its header (指标名称 / 统计指标 … 单位, then the value column headers:
统计数 / 年末统计 / 2013年度 → "year", 历年累计 → "cumulative") and is read as one stream of
cells whatever the crawl did to its layout (`legacy_cells`): one cell per line, `|` rows,
cells separated by spaces, cells run together, the whole report on one line. Rows are found by
the row labels of the taxonomy (ingest/taxonomy/legacy.yml); a row's cells are the unit, then
its value(s), up to the next label (`legacy_rows`).

Only what is certain is emitted (`legacy_rows` says what a row's cells can be read as). What
the text leaves open (a digit run holding two columns, a number cut across lines that no sum
of the table decides, digits run into the next row's numbering, one value for two columns)
yields no figure but a warning (`legacy_table_warnings`) and an `Ambiguity`
(`legacy_table_ambiguities`); the sums the table states choose between readings where they can
(`legacy_sums`). Every figure says how it was read (`read_as`): 'cell',
'segmented' (cut out of a digit run), 'joined' (pieces across line breaks, `run_start`/
`run_end` their span); its start/end cite exactly the value's characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.parsers.model import Ambiguity, Document, Figure
from ingest.parsers.tables.legacy_cells import iter_cells
from ingest.parsers.tables.legacy_rows import Row, RowReading, agreed, read_rows, row_readings
from ingest.parsers.tables.legacy_sums import resolve_sums
from ingest.taxonomy import section as taxonomy_section

# Header of a legacy table: 指标名称 / 统计指标 (possibly one character per line), then 单位.
_HEADER = re.compile(r"(?:指\s*标\s*名\s*称|统\s*计\s*指\s*标)[\s|]*(?:计\s*量\s*)?单\s*位")
_HEADER_WORD = re.compile(r"计量单位|计量|单位|统计数|年末统计|年末数|历年累计|累计|本年度?|年度|\d{4}年度?统计数?|\d+|年")
_SEPARATORS = " \t\n|"
# a section heading (一、主动公开情况); in text run together it may sit inside a row's label
_SECTION_HEADING = re.compile(r"(?:^|(?<=[^（(一二三四五六七八九十]))([一二三四五六七八九])[、.．]")
_TABLE_IDS = ("legacy_stats", "legacy_short")


@lru_cache(maxsize=1)
def _taxonomy() -> dict:
    out = {}
    every_label: set[str] = set()
    for table_id in _TABLE_IDS:
        spec = taxonomy_section(table_id)
        rows = []
        by_label: dict[str, list[dict]] = {}
        for row in spec["rows"]:
            labels = [re.sub(r"\s+", "", lab) for lab in row["labels"]]
            row = {**row, "labels": labels}
            rows.append(row)
            for lab in labels:
                by_label.setdefault(lab, []).append(row)
        every_label.update(by_label)
        # a lookahead alternation finds, at every position, the longest label starting there
        alternation = "|".join(re.escape(lab) for lab in sorted(by_label, key=len, reverse=True))
        out[table_id] = {**spec, "rows": rows, "by_label": by_label, "label_re": re.compile(f"(?=({alternation}))")}
    # every label of both families, longest first: where labels end in text run together
    out["labels"] = re.compile("|".join(re.escape(lab) for lab in sorted(every_label, key=len, reverse=True)))
    return out


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


def _columns(header_text: str) -> list[tuple[str, str]]:
    """Value columns from the header text: [(column_key, header label)]."""
    h = "".join(header_text.split())
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


@dataclass
class _Table:
    start: int
    end: int
    table_id: str
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)


# ------------------------------------------------------------------------------- public API


def find_legacy_tables(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, table_id) of every legacy table in the document."""
    return [(t.start, t.end, t.table_id) for t in _tables(doc)]


def parse_legacy_tables(doc: Document) -> list[Figure]:
    return [f for t in _tables(doc) for f in t.figures]


def legacy_table_warnings(doc: Document) -> list[str]:
    """What the legacy tables leave open: rows that yield no figure because the text allows several readings."""
    return [w for t in _tables(doc) for w in t.warnings]


def legacy_table_ambiguities(doc: Document) -> list[Ambiguity]:
    """The same rows as `legacy_table_warnings`, as `Ambiguity` records (ParseResult.ambiguities)."""
    return [a for t in _tables(doc) for a in t.ambiguities]


_LAST: tuple = (None, ())  # (text, tables) of the last document: the narrative parser and report.py ask again


def _tables(doc: Document) -> tuple[_Table, ...]:
    global _LAST
    text = doc.text
    last = _LAST  # one read: a tuple swapped whole, safe across threads
    if last[0] is text:
        return last[1]
    try:
        out = tuple(_find_tables(text))
    except Exception:  # never let one odd table break the report
        out = ()
    _LAST = (text, out)
    return out


# ------------------------------------------------------------------------------- reading


def _find_tables(text: str) -> list[_Table]:
    if "单" not in text or not ("指" in text and "标" in text):
        return []
    headers = list(_HEADER.finditer(text))
    if not headers:
        return []
    tax = _taxonomy()
    out = []
    for k, m in enumerate(headers):
        region_end = headers[k + 1].start() if k + 1 < len(headers) else len(text)
        table = _read_table(text, m, region_end, tax)
        if table is not None:
            out.append(table)
    return out


def _skip_header(text: str, pos: int, end: int, labels: re.Pattern) -> int:
    """The end of the header's column cells (统计数, 2009 / 年度, 历年累计 …) after 单位."""
    header_end = pos
    while True:
        while pos < end and text[pos] in _SEPARATORS:
            pos += 1
        if pos >= end or labels.match(text, pos):
            return header_end
        hm = _HEADER_WORD.match(text, pos, end)
        if not hm:
            return header_end
        pos = header_end = hm.end()


def _read_table(text: str, m: re.Match, region_end: int, tax: dict) -> _Table | None:
    body_start = _skip_header(text, m.end(), region_end, tax["labels"])
    columns = _columns(text[m.start():body_start])
    rows, table_end = read_rows(iter_cells(text, body_start, region_end, tax["labels"]))
    if not rows:
        return None
    body = "".join(text[m.start():table_end].split())
    table_id = "legacy_stats" if ("主动公开情况" in body and "依申请公开情况" in body) else "legacy_short"
    line_start = text.rfind("\n", 0, m.start()) + 1
    start = line_start if not text[line_start:m.start()].strip(_SEPARATORS) else m.start()
    table = _Table(start, max(table_end, m.end()), table_id)
    _table_figures(table, tax[table_id], columns, rows)
    return table


def _matched_rows(spec: dict, rows: list[Row]) -> list[tuple[Row, dict | None, str | None]]:
    repeats = spec.get("mislabelled_repeats") or {}
    section: str | None = None
    matched: list[tuple[Row, dict | None, str | None]] = []  # (row, taxonomy row, note)
    for row in rows:
        heads = _SECTION_HEADING.findall(row.label)
        if heads:
            section = heads[-1]
        matched.append((row, _match_row(row.label, spec, section), None))

    # a value printed on a heading row belongs to the next row when that row's cells are blank
    for i, (row, trow, _) in enumerate(matched):
        if not trow or not trow.get("heading") or i + 1 >= len(matched):
            continue
        vals = [c for c in row.values if c.kind == "value"]
        nrow, ntrow, _ = matched[i + 1]
        if vals and ntrow and not ntrow.get("heading") and not any(c.kind == "value" for c in nrow.values):
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
    return [(r, t, n) for r, t, n in matched if t is not None and not t.get("heading")]


def _join_note(*notes: str | None) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


def _table_figures(table: _Table, spec: dict, columns: list[tuple[str, str]], rows: list[Row]) -> None:
    table_id = table.table_id
    cumulative_metrics = spec.get("cumulative_metrics") or {}
    col_keys = [k for k, _ in columns]
    matched = _matched_rows(spec, rows)
    keys_present = {t["key"] for _, t, _ in matched}

    readings: list[RowReading] = []
    by_key: dict[str, RowReading] = {}
    seen: dict[str, int] = {}
    for row, trow, _ in matched:
        blank_span = (row.label_start, row.unit.end if row.unit is not None else row.label_end)
        rr = row_readings(row, col_keys, blank_span)
        readings.append(rr)
        seen[trow["key"]] = seen.get(trow["key"], 0) + 1
        by_key[trow["key"]] = rr
    for key, count in seen.items():
        if count > 1:
            del by_key[key]  # a key stated twice: no sum can use it
    resolve_sums(by_key, spec.get("sums") or [], len(col_keys))

    for (row, trow, note), rr in zip(matched, readings):
        metric = trow.get("metric")
        if trow["key"] == "online" and "email" in keys_present:
            metric = None  # 网上申请 excludes the separate e-mail row: not applications_online
            note = "网上申请 stated separately from 电子邮件申请"
        unit = "".join(row.unit.text.split()) if row.unit is not None else trow.get("unit")
        values, open_cols = agreed(rr, len(col_keys))
        for j, val in enumerate(values):
            if val is None:
                continue
            column_key, col_header = columns[j]
            fnote = note
            if val.implied:
                fnote = _join_note(fnote, "single value in a two-column row: 0 this year whichever column it is in")
            if col_header in ("年末统计", "年末数"):
                fnote = _join_note(fnote, "年末统计 column (year-end statistic)")
            if val.read_as == "joined":
                fnote = _join_note(fnote, "number cut across lines, joined as the table's sums require")
            elif val.read_as == "segmented":
                fnote = _join_note(fnote, "cut out of a digit run" + (" by the table's sums" if rr.confirmed else ""))
            fig_metric = (cumulative_metrics.get(metric) if metric else None) if column_key == "cumulative" else metric
            table.figures.append(Figure(
                source="table", table_id=table_id, row_key=trow["key"], column_key=column_key,
                metric_key=fig_metric, value=val.value, value_kind=val.kind, unit=unit,
                start=val.start, end=val.end, note=fnote, read_as=val.read_as,
                run_start=val.run_start, run_end=val.run_end,
            ))
        _report_open(table, trow, row, rr, columns, open_cols, metric, cumulative_metrics, values)


def _report_open(table: _Table, trow: dict, row: Row, rr: RowReading, columns, open_cols, metric,
                 cumulative_metrics: dict, values) -> None:
    """A warning and Ambiguity records for the columns of a row that the text leaves open."""
    if not open_cols:
        return
    # one 0 for two columns: 0 this year is known, the cumulative 0 or blank is not worth a warning
    if any(v is not None for v in values) and all(set(vals) <= {0.0} for _, vals in open_cols):
        return
    cols = ", ".join(columns[c][1] or columns[c][0] for c, _ in open_cols)
    if rr.guess and rr.confirmed:
        why = "several ways of joining the pieces make the table's sums hold"
    elif rr.reason:
        why = rr.reason
    elif len(columns) == 2 and len([c for c in row.values if c.kind == "value"]) == 1 and not any(
            r[0] is not None and r[1] is not None for r in rr.readings):
        why = "one value for two value columns: its column is unknown"
    else:
        n = len(rr.readings)
        why = f"the digits can be split into the value columns {n} ways" if n > 1 else "unreadable"
    shown = ", ".join("/".join(_fmt(v) for v in vals) or "?" for _, vals in open_cols)
    table.warnings.append(
        f"{table.table_id} row {row.label[:30]!r} ({trow['key']}): cells {rr.pieces!r}: {why}; "
        f"no figure for {cols} (possible values: {shown})")
    start = row.values[0].start if row.values else row.label_start
    end = row.values[-1].end if row.values else row.label_end
    for c, vals in open_cols:
        column_key = columns[c][0]
        m = (cumulative_metrics.get(metric) if metric else None) if column_key == "cumulative" else metric
        table.ambiguities.append(Ambiguity(table_id=table.table_id, row_key=trow["key"], column_key=column_key,
                                           metric_key=m, values=vals, solutions=len(rr.readings),
                                           start=start, end=end))


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)
