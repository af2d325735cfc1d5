"""Table parsers: each finds its tables in a Document and emits Figures with cell provenance."""
