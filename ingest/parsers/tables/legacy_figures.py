"""A legacy table's rows as figures: each row matched to its taxonomy row, the sums the table states
choosing between readings (`legacy_sums`), and a figure for every value the readings agree on; what
they leave open becomes a warning and `Ambiguity` records instead."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.parsers.model import Ambiguity, Figure
from ingest.parsers.tables.legacy_rows import Row, RowReading, agreed, row_readings
from ingest.parsers.tables.legacy_sums import resolve_sums

# a section heading (一、主动公开情况); in text run together it may sit inside a row's label
_SECTION_HEADING = re.compile(r"(?:^|(?<=[^（(一二三四五六七八九十]))([一二三四五六七八九])[、.．]")


@dataclass
class _Table:
    start: int
    end: int
    table_id: str
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ambiguities: list[Ambiguity] = field(default_factory=list)


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
