"""Parsers: one module per report part. `ingest.parsers.report.parse_report` runs them all.

- metadata/           agency, region, year and dates, document number, contacts
- sections.py         the heading hierarchy (一、 / （一） / 1.); headings.py and one_line_headings.py
                      say what a heading line is, in lines and inside a one-line body
- tables/national.py  表二 / 表三 / 表四 of the 2019 and 2021 national formats (tables/runs/: cells
                      cut out of digit runs)
- tables/legacy.py    the legacy statistics table and local short tables (legacy_figures.py: its rows
                      as figures)
- narrative.py        figures stated in prose, including zeros stated in words (narrative_rules,
                      narrative_numerals, narrative_compact, narrative_exclusions: its parts)
"""
