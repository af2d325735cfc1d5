"""Parsers: one module per report part. `ingest.parsers.report.parse_report` runs them all.

- metadata.py         agency, region, year, document number, contacts
- sections.py         the heading hierarchy (一、 / （一） / 1.)
- tables/national.py  表二 / 表三 / 表四 of the 2019 and 2021 national formats
- tables/legacy.py    the legacy statistics table and local short tables
- narrative.py        figures stated in prose, including zeros stated in words
"""
