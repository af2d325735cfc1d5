"""Pair a statistics workbook with the report it was attached to.

Agencies often publish the report as a page, PDF or Word file and 表二/表三/表四 as a spreadsheet
beside it (`…年度报告.pdf` + `…年度报告_附表.xlsx`). A workbook is paired with a report when

- it names no agency of its own (the workbook holds only tables), and
- it lies in the same folder as the report, and its name stem is the report's name stem followed
  only by separators, digits and attachment words (附表, 附件, 统计表, 报表, tables, attachment), and
- exactly one report matches (two candidates: no pairing, and a warning on the workbook says so).

Pairs are written to `staging.stg_attachments`; dbt reads the workbook's figures as the report's
(`int_figures`) so the tables join the report's agency and year, and the workbook is not a report of
its own in the marts. A pair that appears, changes or goes bumps `updated_at` of both reports so the
incremental models rebuild them.
"""
from __future__ import annotations

import posixpath
import re
from datetime import datetime

import duckdb

SPREADSHEETS = ("xlsx", "xls")
_REST = re.compile(r"^(?:[\s_\-—–.·:：、（）()\[\]【】]|\d|附表|附件|统计表|年报表|报表|表格|tables?|attachment|annex)*$",
                   re.IGNORECASE)


def _split(file_name: str) -> tuple[str, str]:
    folder, name = posixpath.split(file_name)
    return folder, posixpath.splitext(name)[0]


def find_pairs(workbooks: list[tuple[str, str]], reports: list[tuple[str, str]]) -> tuple[dict, dict]:
    """(attachment_id -> report_id, attachment_id -> warning) for workbooks (id, file name) among
    the other reports' files (id, file name)."""
    by_folder: dict[str, list[tuple[str, str]]] = {}
    for rid, name in reports:
        folder, stem = _split(name)
        by_folder.setdefault(folder, []).append((stem, rid))
    pairs, warnings = {}, {}
    for wid, name in workbooks:
        folder, stem = _split(name)
        matches = [(len(s), rid, s) for s, rid in by_folder.get(folder, [])
                   if rid != wid and s and stem.startswith(s) and _REST.match(stem[len(s):])]
        if not matches:
            continue
        longest = max(m[0] for m in matches)
        ids = sorted({rid for n, rid, _ in matches if n == longest})
        if len(ids) == 1:
            pairs[wid] = ids[0]
        else:
            warnings[wid] = (f"attachment of which report? {len(ids)} reports share its name stem "
                             f"{stem[:longest]!r}: not paired")
    return pairs, warnings


def pair_attachments(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Recompute staging.stg_attachments from the current inbox; returns the number of pairs."""
    workbooks = con.execute(
        """
        SELECT s.report_id, r.file_name FROM staging.stg_reports s
        JOIN raw.raw_files r USING (report_id)
        WHERE r.in_inbox AND s.source_format IN ('xlsx', 'xls') AND s.agency IS NULL
        """).fetchall()
    pairs: dict = {}
    warnings: dict = {}
    if workbooks:
        folders = sorted({_split(n)[0] for _, n in workbooks})
        reports = con.execute(
            """
            SELECT s.report_id, r.file_name FROM staging.stg_reports s
            JOIN raw.raw_files r USING (report_id)
            WHERE r.in_inbox AND coalesce(s.source_format, 'text') NOT IN ('xlsx', 'xls')
              AND list_contains(?, CASE WHEN contains(r.file_name, '/')
                                        THEN regexp_extract(r.file_name, '^(.*)/[^/]*$', 1) ELSE '' END)
            """, [folders]).fetchall()
        pairs, warnings = find_pairs(workbooks, reports)
    con.execute("BEGIN")
    con.execute("CREATE OR REPLACE TEMP TABLE new_pairs (attachment_id VARCHAR, report_id VARCHAR)")
    if pairs:
        con.executemany("INSERT INTO new_pairs VALUES (?, ?)", list(pairs.items()))
    # both sides of every pair that appeared, changed or went are rebuilt by the incremental models
    con.execute(
        """
        UPDATE staging.stg_reports SET updated_at = ? WHERE report_id IN (
            SELECT unnest([attachment_id, report_id]) FROM (
                (SELECT * FROM new_pairs EXCEPT SELECT attachment_id, report_id FROM staging.stg_attachments)
                UNION ALL
                (SELECT attachment_id, report_id FROM staging.stg_attachments EXCEPT SELECT * FROM new_pairs)))
        """, [now])
    con.execute("DELETE FROM staging.stg_attachments")
    con.execute("INSERT INTO staging.stg_attachments SELECT attachment_id, report_id, ? FROM new_pairs", [now])
    for wid, warning in warnings.items():
        con.execute("UPDATE staging.stg_reports SET warnings = list_append(coalesce(warnings, []), ?), updated_at = ? "
                    "WHERE report_id = ? AND NOT list_contains(coalesce(warnings, []), ?)", [warning, now, wid, warning])
    con.execute("DROP TABLE new_pairs")
    con.execute("COMMIT")
    return len(pairs)
