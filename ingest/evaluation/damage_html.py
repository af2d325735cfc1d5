"""`html_blank`: a report's `|` tables rebuilt as the HTML page it came from, with web-page damage.

Prose lines become `<p>`; each run of `|` lines becomes one `<table>`, each line a `<tr>`, each
cell a `<td>` (markdown `|---|` lines are dropped, trailing empty cells of a line too). Then:

- merged cells: in the header rows (those before the first row holding a number) a header row
  with fewer cells than the widest body row is padded with copies of its last cell; consecutive
  equal text cells of any row become one cell with `colspan`; a text cell whose cells below are
  empty (in header rows, or in the label columns of body rows) takes them with `rowspan`;
- five empty `<td></td>` appended to the first header row;
- the 总计 (last) cell of two seeded 表三 body rows emptied (`<td></td>`). When the row is a
  canonical one, its field is recorded in `Damaged.removed`.

A text without `|` tables is returned unchanged, with `applicable=False`.
"""
from __future__ import annotations

import html
import re
import unicodedata

from ingest.evaluation.damage import Damaged, cells, is_separator, rng

_NUM = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
# 表三 row label -> canonical field whose 总计 an emptied cell held (first match wins).
ROW_FIELDS = (
    ("本年新收", "applications_new"),
    ("上年结转", "applications_carried_over"),
    ("予以公开", "outcome_granted"),
    ("部分公开", "outcome_partial"),
    ("结转下年度", "applications_carried_forward"),
    ("总计", "outcome_total"),
)
_T3_WORDS = ("本年新收", "上年结转", "予以公开", "结转下年度", "本年度办理结果")


def _numeric(cell: str) -> bool:
    return bool(_NUM.match(unicodedata.normalize("NFKC", cell)))


def _blocks(text: str) -> list[tuple[str, object]]:
    """('p', line) and ('table', rows) in text order; a blank or prose line ends a table."""
    out: list[tuple[str, object]] = []
    table: list[list[str]] | None = None
    for line in text.splitlines():
        if "|" in line:
            if is_separator(line):
                continue
            row = cells(line)
            while row and not row[-1]:
                row.pop()
            if row:
                if table is None:
                    table = []
                    out.append(("table", table))
                table.append(row)
            continue
        table = None
        if line.strip():
            out.append(("p", line.strip()))
    return out


def _first_num(row: list[str]) -> int:
    return next((i for i, c in enumerate(row) if _numeric(c)), len(row))


def _table_html(rows: list[list[str]], emptied: set[tuple[int, int]]) -> str:
    first_body = next((i for i, r in enumerate(rows) if _first_num(r) < len(r)), len(rows))
    body = rows[first_body:] or rows
    width = max(len(r) for r in body)
    grid = [r + [r[-1]] * (width - len(r)) if i < first_body else list(r) for i, r in enumerate(rows)]
    label_end = [len(r) if i < first_body else _first_num(r) for i, r in enumerate(rows)]
    covered: set[tuple[int, int]] = set()

    def free(r: int, c: int) -> bool:
        return c < label_end[r] and c < len(grid[r]) and not grid[r][c] and (r, c) not in covered

    out = ["<table border=\"1\">"]
    for r, row in enumerate(grid):
        tds = []
        c = 0
        while c < len(row):
            if (r, c) in covered:
                c += 1
                continue
            text, span, down = row[c], 1, 1
            if text and not _numeric(text):
                while c + span < len(row) and row[c + span] == text and (r, c + span) not in covered:
                    span += 1
                while r + down < len(grid) and all(free(r + down, c + k) for k in range(span)):
                    covered.update((r + down, c + k) for k in range(span))
                    down += 1
            attrs = (f' colspan="{span}"' if span > 1 else "") + (f' rowspan="{down}"' if down > 1 else "")
            shown = "" if (r, c) in emptied else html.escape(text)
            tds.append(f"<td{attrs}>{shown}</td>")
            c += span
        if r == 0:
            tds.append("<td></td>" * 5)
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _field_of(row: list[str]) -> str | None:
    label = "".join(c for c in row if not _numeric(c))
    return next((f for word, f in ROW_FIELDS if word in label), None)


def html_blank(text: str, name: str) -> Damaged:
    blocks = _blocks(text)
    tables = [rows for kind, rows in blocks if kind == "table"]
    if not tables:
        return Damaged(text, frozenset(), applicable=False)
    # 表三 body rows whose 总计 can be emptied: a labelled row ending in a number, in a 表三 table.
    candidates = []
    for t, rows in enumerate(tables):
        if any(w in "".join(r) for r in rows for w in _T3_WORDS):
            candidates += [(t, i) for i, r in enumerate(rows)
                           if _numeric(r[-1]) and _first_num(r) > 0]
    picked = sorted(rng("html_blank", name).sample(candidates, min(2, len(candidates))))
    removed = frozenset(f for t, i in picked if (f := _field_of(tables[t][i])))
    parts = ["<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\"></head><body>"]
    t = 0
    for kind, content in blocks:
        if kind == "p":
            parts.append(f"<p>{html.escape(content)}</p>")
            continue
        emptied = {(i, len(content[i]) - 1) for tt, i in picked if tt == t}
        parts.append(_table_html(content, emptied))
        t += 1
    parts.append("</body></html>")
    return Damaged("\n".join(parts) + "\n", removed)
