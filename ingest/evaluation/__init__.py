"""Evaluation and test data: what scores the parsers, and the reports they are scored on.

- `synthetic`: synthetic reports with known ground truth (every family, layout and variant), for
  the evaluation, the tests and the benchmark.
- `evaluate` (`python -m ingest.evaluation.evaluate`): parser accuracy on the labelled real
  reports, the seeds and synthetic reports; `report_sets` loads those sets, `scoring` scores them.
- The degradation suite: `damage` and `damage_html` hold pure, deterministic functions that turn a
  report text into a damaged one (one-line bodies, table cells run together, numbers split across
  lines, HTML tables with merged and blanked cells, page chrome, traditional script);
  `degradation` parses every labelled report undamaged and under each damage and scores the
  canonical fields against the undamaged labels, counting figures whose value is not in the text
  they cite (`invented`) and fields the damage left with two equally good readings
  (unrecoverable). `make eval` prints both reports.
"""
