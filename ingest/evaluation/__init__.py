"""Degradation suite: the labelled reports damaged the way real crawls and extractions damage them.

`damage` and `damage_html` hold pure, deterministic functions that turn a report text into a
damaged one (one-line bodies, table cells run together, numbers split across lines, HTML tables
with merged and blanked cells, page chrome, traditional script); `degradation` parses every
labelled report undamaged and under each damage and scores the canonical fields against the
undamaged labels, counting figures whose value is not in the text they cite (invented) and fields
the damage left with two equally good readings (unrecoverable). `make eval` prints its table.
"""
