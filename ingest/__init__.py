"""ogi-warehouse ingestion: report files -> raw inventory -> staged reports, sections and figures."""
