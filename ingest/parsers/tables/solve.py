"""Choose between the readings of a table's rows by the table's own arithmetic.

A table is a list of rows; each row has one or more readings (tuples of cells, see
`ingest.parsers.tables.runs`). An identity is a linear equation over cells: terms
`(row, column, sign)` whose signed sum is zero (`总计 − 自然人 − … − 其他 = 0`, `一 + 二 − 三(七) − 四 = 0`).
A report's own arithmetic is sometimes wrong, so identities are soft: the solutions are the
choices of one reading per row that break the fewest identities (an identity with a blank cell
is not assessable and breaks nothing). The search is exhaustive and deepens the number of broken
identities it allows one at a time (0, then 1, …), so the usual case, a table whose arithmetic
holds, only ever looks at the readings of each row that fit the row's own sum. Every solution at
the first depth that has any is found; a cell is certain when all solutions give it the same value.

One approximation keeps the search small: where some readings of a row fit the identities within
that row (its 总计 is the sum of its parts), only those are considered; a row none of whose
readings fit keeps them all when there are few (`MAX_UNFIT`), and is left unread otherwise —
with that many equally bad readings its cells could not be certain anyway.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.parsers.model import Ambiguity, Figure
from ingest.parsers.tables.runs import Cell, fmt

Identity = tuple[tuple[int, int, int], ...]  # ((row, column, sign), ...)

MAX_NODES = 200_000  # per depth
MAX_BROKEN = 4  # a table whose best reading breaks more identities is not read
MAX_UNFIT = 64


@dataclass
class Solution:
    readings: list[list[tuple[Cell, ...]]]  # per row: its distinct readings among the best solutions
    solutions: int  # how many choices are equally best
    broken: int  # identities the best solutions break
    unread: list[int] = field(default_factory=list)  # rows with too many readings that fit nothing


def _broken(ident: Identity, choice: list[tuple[Cell, ...]]) -> int:
    total = 0.0
    for r, c, sign in ident:
        row = choice[r]
        if c >= len(row):
            return 0
        v = row[c].value
        if v is None:
            return 0
        total += sign * v
    return int(abs(total) > 1e-6)


def _alone(r: int, reading: tuple[Cell, ...], n: int) -> list:
    """A choice where only row r is set (for the identities within one row)."""
    choice: list = [()] * n
    choice[r] = reading
    return choice


def solve(rows: list[list[tuple[Cell, ...]]], identities: list[Identity]) -> Solution | None:
    """The best choices of one reading per row; None when the search exceeds its budget.

    Rows with no reading are treated as absent (identities touching them are skipped)."""
    rows = list(rows)
    unread = []
    for r, readings in enumerate(rows):
        if len(readings) > MAX_UNFIT:
            fit = [x for x in readings if not any(_broken(i, _alone(r, x, len(rows))) for i in identities
                                                  if all(rr == r for rr, _, _ in i))]
            if not fit:
                rows[r] = []
                unread.append(r)
    present = [bool(r) for r in rows]
    idents = [i for i in identities if all(present[r] for r, _, _ in i)]
    variable = [i for i, r in enumerate(rows) if len(r) > 1]
    order = {r: k for k, r in enumerate(variable)}
    # identities by the last variable row they involve (-1: involve fixed rows only)
    trigger: dict[int, list[Identity]] = {}
    for ident in idents:
        last = max((order[r] for r, _, _ in ident if r in order), default=-1)
        trigger.setdefault(last, []).append(ident)
    choice = [r[0] if r else () for r in rows]
    base = sum(_broken(i, choice) for i in trigger.get(-1, []))
    # per variable row, each reading's cost on identities within that row alone (a lower bound)
    own_cost = []  # per variable row, each reading's cost on the identities within that row alone
    for r in variable:
        own = [i for i in trigger.get(order[r], []) if all(rr == r for rr, _, _ in i)]
        costs = []
        for reading in rows[r]:
            choice[r] = reading
            costs.append(sum(_broken(i, choice) for i in own))
        least = min(costs)
        keep = [k for k, c in enumerate(costs) if c == least]
        rows[r] = [rows[r][k] for k in keep]
        own_cost.append([costs[k] for k in keep])
    rest_min = [0] * (len(variable) + 1)
    for k in range(len(variable) - 1, -1, -1):
        rest_min[k] = rest_min[k + 1] + min(own_cost[k])

    found: list[list[tuple[Cell, ...]]] = []
    nodes = [0]

    def rec(k: int, cost: int, budget: int) -> bool:
        if cost + rest_min[k] > budget:
            return True
        if k == len(variable):
            found.append([choice[r] for r in variable])
            return True
        r = variable[k]
        checks = trigger.get(k, [])
        spare = budget - cost - rest_min[k + 1]
        for reading, own in zip(rows[r], own_cost[k]):
            if own > spare:
                continue
            nodes[0] += 1
            if nodes[0] > MAX_NODES:
                return False
            choice[r] = reading
            c = cost + sum(_broken(i, choice) for i in checks)
            if not rec(k + 1, c, budget):
                return False
        return True

    broken = None
    for budget in range(base, base + MAX_BROKEN + 1):
        nodes[0] = 0
        if not rec(0, base, budget):
            return None
        if found:
            broken = budget
            break
    if broken is None:
        return None
    out: list[list[tuple[Cell, ...]]] = []
    for i, r in enumerate(rows):
        if len(r) <= 1:
            out.append(list(r))
        else:
            k = order[i]
            out.append(list(dict.fromkeys(sol[k] for sol in found)))
    return Solution(readings=out, solutions=len(found), broken=broken, unread=unread)


def decide(rows, row_keys, columns, identities, metric_of, table_id: str, zh: str, unit: str | None):
    """Figures, ambiguities and warnings of a table's rows: each row's readings solved together
    under the identities; a cell is emitted when every best solution gives it the same value."""
    unread: list[int] = []
    if all(len(r) == 1 for r in rows):
        chosen, nsol, broken = rows, 1, None  # counted below, only when it is said
    else:
        sol = solve(rows, identities)
        if sol is None:  # only the rows with a single reading are certain
            keep = [i for i, r in enumerate(rows) if len(r) == 1]
            figs, _, _ = decide([rows[i] for i in keep], [row_keys[i] for i in keep], columns, [], metric_of,
                                table_id, zh, unit)
            unread = ", ".join(k for k, r in zip(row_keys, rows) if len(r) > 1)
            return figs, [], [f"{zh}: the digit runs of rows {unread} allow too many readings to search: "
                              "nothing emitted from them"]
        chosen, nsol, broken, unread = sol.readings, sol.solutions, sol.broken, sol.unread
    figures, ambiguities, unsure = [], [], []
    for key, readings in zip(row_keys, chosen):
        if not readings:
            continue
        if len(readings) == 1:  # the usual row: every cell certain
            for cell, col in zip(readings[0], columns):
                figures.append(Figure(
                    source="table", table_id=table_id, row_key=key, column_key=col, metric_key=metric_of(key, col),
                    value=cell.value, value_kind=cell.kind, unit=unit, start=cell.start, end=cell.end,
                    read_as=cell.read_as, run_start=cell.run_start, run_end=cell.run_end))
            continue
        for c, col in enumerate(columns):
            cell = readings[0][c]
            values = sorted({r[c].value for r in readings}, key=lambda v: (v is None, v or 0))
            metric = metric_of(key, col)
            if len(values) == 1:
                figures.append(Figure(
                    source="table", table_id=table_id, row_key=key, column_key=col, metric_key=metric,
                    value=cell.value, value_kind=cell.kind, unit=unit, start=cell.start, end=cell.end,
                    read_as=cell.read_as, run_start=cell.run_start, run_end=cell.run_end))
            else:
                s, e = (cell.run_start, cell.run_end) if cell.run_start is not None else (cell.start, cell.end)
                ambiguities.append(Ambiguity(table_id, key, col, metric, tuple(values), nsol, s, e))
                unsure.append(f"{key}/{col} " + " or ".join(fmt(v) for v in values))
    warnings = [f"{zh} row {row_keys[r]}: none of its {MAX_UNFIT}+ readings adds up to its 总计: nothing emitted"
                for r in unread]
    if unsure:
        warnings.append(f"{zh}: the digit runs split {nsol} ways that fit the table's arithmetic equally well; "
                        f"not emitted: {'; '.join(unsure)}")
    not_cells = any(c.read_as != "cell" for rs in chosen for r in rs for c in r)
    if broken is None and not_cells:
        broken = sum(_broken(i, [r[0] for r in rows]) for i in identities)
    if broken and not_cells:
        warnings.append(f"{zh}: the best reading of its digit runs breaks {broken} of the table's identities")
    return figures, ambiguities, warnings


