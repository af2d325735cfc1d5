"""Tables among a page's words: ruled tables from border lines, aligned tables without rules, and
one table joined back from its parts on following pages.

Used by ingest.formats.layout, which makes the lines and cell texts (`_cell`) and writes the rows.
Tables come from ruling lines when the page has them (`Page.rules`): cells are the rectangles
between rules, a merged cell's text is copied to every grid position it covers, a cell's wrapped
lines stay one cell. Without rules, runs of lines whose segments line up in columns are tables
(`_aligned_table`). A table continued on the next page is one table (same columns, its repeated
header rows dropped, a label cell merged across the break copied down).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for annotations only (ingest.formats.layout imports this module)
    from ingest.formats.layout import Word, _Line
    from ingest.formats.provenance import Location

RULE_THICKNESS = 2.5  # points: a box thinner than this and longer than 4 pt is a ruling line
Cell = tuple[str, "Location | None"]


@dataclass
class _Table:
    rows: list[list[Cell]]
    xs: list[float]  # column boundaries, left to right
    page: int
    y0: float
    y1: float
    top_span: list[int]  # per column: how many leading rows the first row's cell covers (merged downwards)


# --------------------------------------------------------------------------- tables from ruling lines

def _merge_rules(rules: list[tuple[float, float, float]]) -> list[list[float]]:
    """Collinear rules (pos, start, end) that touch become one; close parallels (double borders) too."""
    out: list[list[float]] = []
    for pos, a, b in sorted(rules):
        for r in reversed(out[-8:]):
            if abs(r[0] - pos) <= 3 and a <= r[2] + 3 and b >= r[1] - 3:
                r[1], r[2] = min(r[1], a), max(r[2], b)
                break
        else:
            out.append([pos, a, b])
    return out


def _cluster(values: Iterable[float], tol: float = 3.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _grids(rules: list[tuple[float, float, float, float]]) -> list[tuple[list[float], list[float], list, list]]:
    """Tables drawn with ruling lines, as (column xs, row ys, horizontal rules, vertical rules)."""
    hs = _merge_rules([((y0 + y1) / 2, x0, x1) for x0, y0, x1, y1 in rules if y1 - y0 <= RULE_THICKNESS < x1 - x0])
    vs = _merge_rules([((x0 + x1) / 2, y0, y1) for x0, y0, x1, y1 in rules if x1 - x0 <= RULE_THICKNESS < y1 - y0])
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, a, b) in enumerate(hs):
        for j, (x, c, d) in enumerate(vs):
            if a - 3 <= x <= b + 3 and c - 3 <= y <= d + 3:
                parent[find(i)] = find(len(hs) + j)
    ends = sorted(range(len(vs)), key=lambda j: (round(vs[j][1]), round(vs[j][2])))
    for j, k in zip(ends, ends[1:]):  # the borders of one table cut at a page's edge: the same ends
        if abs(vs[j][1] - vs[k][1]) <= 3 and abs(vs[j][2] - vs[k][2]) <= 3:
            parent[find(len(hs) + j)] = find(len(hs) + k)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    out = []
    for gh, gv in groups.values():
        if not gv:
            continue
        # a table cut by a page break has no rule where it was cut: its vertical rules still end there
        xs = _cluster(v[0] for v in gv)
        ys = _cluster([h[0] for h in gh] + [min(v[1] for v in gv), max(v[2] for v in gv)])
        if len(xs) >= 2 and len(ys) >= 2:
            out.append((xs, ys, gh, gv))
    return out


def _ruled_table(grid, words: list[Word], page: int) -> tuple[_Table, set[int]]:
    """The rows of one ruled table (merged cells copied to every position) and the words it took."""
    from ingest.formats.layout import _cell  # layout imports this module: imported when first called

    xs, ys, hs, vs = grid
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        ym = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            xm = (xs[c] + xs[c + 1]) / 2
            if c + 1 < nc and not any(abs(v[0] - xs[c + 1]) <= 3 and v[1] - 1 <= ym <= v[2] + 1 for v in vs):
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and not any(abs(h[0] - ys[r + 1]) <= 3 and h[1] - 1 <= xm <= h[2] + 1 for h in hs):
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    cell_words: dict[int, list[Word]] = {}
    taken: set[int] = set()
    for k, w in enumerate(words):
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
            c = min(max(sum(1 for x in xs if x < cx) - 1, 0), nc - 1)
            r = min(max(sum(1 for y in ys if y < cy) - 1, 0), nr - 1)
            cell_words.setdefault(find(r * nc + c), []).append(w)
            taken.add(k)
    texts = {root: _cell(ws, page) for root, ws in cell_words.items()}
    kept = [r for r in range(nr) if any(find(r * nc + c) in texts for c in range(nc))]
    rows = [[texts.get(find(r * nc + c), ("", None)) for c in range(nc)] for r in kept]
    top_span = []
    for c in range(nc):
        n = 1
        while kept and n < len(kept) and find(kept[n] * nc + c) == find(kept[0] * nc + c):
            n += 1
        top_span.append(n)
    return _Table(rows, xs, page, ys[0], ys[-1], top_span), taken


# --------------------------------------------------------------------------- tables from alignment

def _aligned_tables(lines: list[_Line]) -> list[_Line | _Table]:
    """Runs of lines with two or more cells (up to 3 single-cell lines between them) as tables."""
    segs = [ln.segments() for ln in lines]
    out: list[_Line | _Table] = []
    i = 0
    while i < len(lines):
        last = i  # the last line of the run with several cells
        if len(segs[i]) >= 2:
            j = i + 1
            while j < len(lines) and j - last <= 3 and lines[j].y0 - lines[j - 1].y1 < 1.5 * lines[j].h:
                last = j if len(segs[j]) >= 2 else last
                j += 1
        if last == i:
            out.append(lines[i])
        else:
            out.append(_aligned_table(lines[i:last + 1], segs[i:last + 1]))
        i = last + 1
    return out


def _aligned_table(lines: list[_Line], segs: list[list[list[Word]]]) -> _Table:
    """Columns: the x-extents of the cells of the lines with the most cells, overlapping ones merged.
    Rows: each line with several cells; a single-cell line (a wrapped label) joins the nearest one."""
    from ingest.formats.layout import _cell  # layout imports this module: imported when first called

    most = max(len(s) for s in segs)
    cols: list[list[float]] = []
    for a, b in sorted([s[0].x0, s[-1].x1] for line_segs in segs if len(line_segs) >= max(2, 0.6 * most)
                       for s in line_segs):
        if cols and a <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])

    def column(s: list[Word]) -> int:
        a, b = s[0].x0, s[-1].x1
        return max(range(len(cols)), key=lambda k: (min(b, cols[k][1]) - max(a, cols[k][0]),
                                                    -abs(a + b - cols[k][0] - cols[k][1])))

    anchors = [k for k, s in enumerate(segs) if len(s) >= 2]
    cells: dict[int, dict[int, list[Word]]] = {a: {} for a in anchors}
    for k, line_segs in enumerate(segs):
        a = min(anchors, key=lambda a: abs(lines[a].y0 + lines[a].y1 - lines[k].y0 - lines[k].y1))
        for s in line_segs:
            cells[a].setdefault(column(s), []).extend(s)
    page = lines[0].page
    rows = [[_cell(cells[a].get(c, []), page) for c in range(len(cols))] for a in anchors]
    xs = [cols[0][0]] + [(p[1] + q[0]) / 2 for p, q in zip(cols, cols[1:])] + [cols[-1][1]]
    return _Table(rows, xs, page, lines[0].y0, lines[-1].y1, [1] * len(cols))


# --------------------------------------------------------------------------- one table over page breaks

def _chains(blocks: list[_Line | _Table]) -> list[_Line | list[_Table]]:
    """Consecutive tables on following pages with the same outer edges (or column count) are one table."""
    out: list[_Line | list[_Table]] = []
    for b in blocks:
        if isinstance(b, _Table):
            last = out[-1][-1] if out and isinstance(out[-1], list) else None
            if last is not None and last.page < b.page and (
                    max(abs(last.xs[0] - b.xs[0]), abs(last.xs[-1] - b.xs[-1])) <= 6 or len(last.xs) == len(b.xs)):
                out[-1].append(b)
            else:
                out.append([b])
        else:
            out.append(b)
    return out


def _chain_rows(chain: list[_Table]) -> list[list[Cell]]:
    """One table's rows over all its pages, on the union of the pages' column boundaries."""
    union = _cluster((x for t in chain for x in t.xs), 6.0) if len(chain) > 1 else chain[0].xs
    rows: list[list[Cell]] = []
    head: list[list[str]] = []
    for n, t in enumerate(chain):
        cols = [min(max(sum(1 for x in t.xs if x <= (a + b) / 2) - 1, 0), len(t.xs) - 2) for a, b in zip(union, union[1:])]
        part = [[row[c] for c in cols] for row in t.rows]
        if n == 0:
            head = [[text for text, _ in r] for r in part[:3]]
        else:
            k = 0
            while k < min(len(part), len(head)) and [text for text, _ in part[k]] == head[k]:
                k += 1  # the header rows repeated on the new page
            above = rows[-1] if rows else None
            for u, c in enumerate(cols):  # a label cell merged across the page break: its text copied down
                if above and above[u][0] and not any(ch.isdigit() for ch in above[u][0]):
                    for r in range(k, min(t.top_span[c], len(part))):
                        if not part[r][u][0]:
                            part[r][u] = above[u]
            part = part[k:]
        rows += part
    return rows
