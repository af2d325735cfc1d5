"""Great Expectations suites (JSON, in suites/) and the code that runs them against the warehouse.

GX's SQL route to DuckDB fails on this stack (GX issues #10738/#11579 with duckdb 2.x), so each
suite validates a pandas DataFrame read from DuckDB; the heavy per-report arithmetic stays in SQL.
"""
