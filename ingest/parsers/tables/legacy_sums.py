"""The arithmetic of a legacy table, used to choose between the readings of damaged rows.

For each sum the taxonomy states (ingest/taxonomy/legacy.yml `sums`: a total row = the sum of its
part rows, in every value column), `resolve_sums` keeps only the readings of its rows that make
the sum hold, and only when each column's sum alone decides (`_survivors`); a row whose readings
the arithmetic narrowed is `confirmed`. Rows the layout states plainly have one reading and are
never changed; a table whose sums do not hold decides nothing.
"""
from __future__ import annotations

import itertools

from ingest.parsers.tables.legacy_rows import RowReading, Val

MAX_COMBINATIONS = 5000


def _num(v: Val | None) -> float | None:
    return v.value if v is not None and v.value is not None else None


def _holds(combo: tuple, c: int) -> bool | None:
    """Does total = sum of parts hold in column c? None when a value of the column is not stated."""
    vals = [_num(r[c]) for r in combo]
    if any(x is None for x in vals):
        return None
    return abs(vals[0] - sum(vals[1:])) <= 1e-6


def _survivors(combos: list[tuple], ncols: int) -> list[tuple]:
    """The combinations of readings that make the sum hold in every column that can be checked.

    The sum must decide on its own in each column: for every column that can be checked, the
    combinations satisfying that column's sum must give each row one and the same value in it.
    With two value columns a split of a digit run is thus chosen twice, independently, by this
    year's sum and by the cumulative sum: a table whose own arithmetic is off in one column
    (so that the true reading fails it, and some other reading may pass by chance) yields nothing.
    """
    checkable = 0
    for c in range(ncols):
        results = [(combo, _holds(combo, c)) for combo in combos]
        if all(h is None for _, h in results):
            continue  # a column no combination states in full: it decides nothing
        checkable += 1
        passing = [combo for combo, h in results if h]
        if not passing:
            return []
        for i in range(len(passing[0])):
            if len({_num(combo[i][c]) for combo in passing}) > 1:
                return []  # this column's sum alone leaves a row open
    if not checkable:
        return []
    return [combo for combo in combos if all(_holds(combo, c) is not False for c in range(ncols))
            and any(_holds(combo, c) for c in range(ncols))]


def resolve_sums(by_key: dict[str, RowReading], sums: list[dict], ncols: int) -> None:
    """Narrow the readings of rows in a stated sum (total = sum of parts) to those that make it hold."""
    for _ in range(2):  # a row narrowed in one sum may decide another
        for spec in sums:
            total = by_key.get(spec["total"])
            parts = [by_key[k] for k in spec["parts"] if k in by_key]
            if total is None or not parts:
                continue
            members = [total, *parts]
            if any(not m.readings for m in members):
                continue
            if all(len(m.readings) == 1 and not m.guess for m in members):
                continue
            size = 1
            for m in members:
                size *= len(m.readings)
            if size > MAX_COMBINATIONS:
                continue
            survivors = _survivors(list(itertools.product(*(m.readings for m in members))), ncols)
            if not survivors:
                continue
            for i, m in enumerate(members):
                kept = []
                for combo in survivors:
                    if combo[i] not in kept:
                        kept.append(combo[i])
                if len(kept) < len(m.readings) or m.guess:
                    m.readings = kept
                    m.confirmed = True
