"""Benchmarks: `python -m bench.run --n N` (see bench/README.md)."""
