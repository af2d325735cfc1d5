"""The values of one table row, read from a stretch of text whatever its line structure.

A row's stretch is the text between its label and the next row's label. It is cut into tokens:
numbers, blank cells (two `|` with only spaces between them), and the marks `/`, `—`, `无`.
Text between values is a separator; a run of text after the first value ends the row (the prose,
heading or signature that follows a table). Nothing here decides what a token is worth as cells:

- `readings(tokens, n)` lists every way to read the tokens as exactly `n` cells: a token as it is,
  a digit run cut into several numbers (`521003056` → 52 1 0 0 3 0 56; no number has a leading
  zero), or numbers on consecutive lines joined into one (`1` / `62` → 162; only where nothing but
  a line break separates them). The table's arithmetic (`ingest.parsers.tables.solve`) then decides
  between the readings.

Modules: `tokens` (the cutting into tokens), `cells` (the readings of the tokens as cells). The
table readers use both through this package (`runs.tokenize`, `runs.readings`, `runs.Cell` …).
"""
from ingest.parsers.tables.runs.cells import Cell, as_cells, fmt, one_digit_per_cell, readings
from ingest.parsers.tables.runs.tokens import ROW_START, Token, digit_count, glued, tokenize, tokenize_slow, trim_blanks

__all__ = ["ROW_START", "Cell", "Token", "as_cells", "digit_count", "fmt", "glued", "one_digit_per_cell", "readings",
           "tokenize", "tokenize_slow", "trim_blanks"]
