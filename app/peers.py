"""Where an agency stands among its peers: `marts.fct_agency_year_benchmarks` (same province,
administrative level and agency type, same year), its percentiles shown 0–100."""
from __future__ import annotations

import polars as pl

from app.data import frame, tables

BENCHMARKS = "marts.fct_agency_year_benchmarks"
EXPLAINED = ("Percentile among the peers with that figure that year: 0 the lowest, 100 the highest. "
             "granted_share = 予以公开 / 三（七）总计; reconsideration_corrected_share = 表四 行政复议 结果纠正 / 总计; "
             "litigation_corrected_share = 行政诉讼 (直接起诉 + 复议后起诉) 结果纠正 / 总计 — the share that went "
             "against the agency.")


def peer_group(agency_id: str) -> dict:
    df = frame("SELECT province, admin_level, agency_type FROM dim_agency WHERE agency_id = ?", agency_id)
    return df.row(0, named=True) if df.height else {}


def standing(agency_id: str) -> pl.DataFrame | None:
    """The agency's ratios and percentiles per year among its peers; None on a snapshot without the mart."""
    if BENCHMARKS not in tables():
        return None
    df = frame(f"""SELECT * EXCLUDE (agency_id, agency, report_id, peer_group, province, admin_level, agency_type)
                   FROM {BENCHMARKS} WHERE agency_id = ? ORDER BY report_year""", agency_id)
    return df.with_columns((pl.col(c) * 100).round(1) for c in df.columns if c.endswith("_pct"))
