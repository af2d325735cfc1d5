-- Tables written by Python (raw and staging layers). dbt reads staging.* as sources.
-- Long texts (a report's text, a section's body) are zstd-compressed: DuckDB's default analysis of
-- strings of several KB made each checkpoint cost ~1 ms per report, more than parsing it.
-- Keys are enforced by the quality checks, not by constraints: DuckDB's ART indexes make
-- bulk delete-and-reinsert (a re-parse) slow and fragile.
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;

-- Every entry seen in the inbox, one row per path (the same content under two names = two rows).
CREATE TABLE IF NOT EXISTS raw.raw_files (
    file_name      VARCHAR NOT NULL,    -- path relative to the inbox
    entry_kind     VARCHAR NOT NULL,    -- file | symlink | unreadable
    report_id      VARCHAR,             -- first 16 hex digits of the content's SHA-256 (NULL if not read)
    content_sha256 VARCHAR,
    size_bytes     BIGINT  NOT NULL,
    mtime_ns       BIGINT  NOT NULL,
    read_error     VARCHAR,             -- why the bytes were not read (symlink, permission, too large)
    in_inbox       BOOLEAN NOT NULL,    -- present in the inbox at the latest run
    first_seen_at  TIMESTAMP NOT NULL,
    last_seen_at   TIMESTAMP NOT NULL,
    content_part   VARCHAR              -- the raw-store part (<warehouse>.raw/, Parquet) holding the bytes
);
ALTER TABLE raw.raw_files ADD COLUMN IF NOT EXISTS content_part VARCHAR;  -- warehouses made before the raw store

-- Files that could not become a report, with the reason in plain words.
CREATE TABLE IF NOT EXISTS staging.quarantined_files (
    file_name      VARCHAR NOT NULL,
    report_id      VARCHAR,
    reason         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);

-- One row per distinct report content.
CREATE TABLE IF NOT EXISTS staging.stg_reports (
    report_id         VARCHAR NOT NULL,
    file_name         VARCHAR NOT NULL,     -- first file (alphabetically) carrying this content
    n_source_files    INTEGER NOT NULL,
    parser_version    VARCHAR NOT NULL,
    family            VARCHAR NOT NULL,     -- narrative | legacy_table | legacy_short | national_2019 | national_2021
    agency            VARCHAR,
    agency_as_written VARCHAR,
    province          VARCHAR,
    city              VARCHAR,
    county            VARCHAR,
    division_code     VARCHAR,
    admin_level       VARCHAR,              -- province | city | county | township
    agency_type       VARCHAR,              -- government | department
    region_confidence VARCHAR,              -- high | medium | low
    report_year       INTEGER,
    publication_date  DATE,
    doc_number        VARCHAR,
    title             VARCHAR,
    contact_address   VARCHAR,
    contact_postcode  VARCHAR,
    contact_phone     VARCHAR,
    contact_fax       VARCHAR,
    contact_email     VARCHAR,
    contact_website   VARCHAR,
    encoding          VARCHAR NOT NULL,
    is_html           BOOLEAN NOT NULL,
    warnings          VARCHAR[],
    source_text       VARCHAR USING COMPRESSION zstd NOT NULL,  -- decoded (HTML: rendered) text that offsets refer to
    parsed_at         TIMESTAMP NOT NULL,   -- when this parser version read the report
    updated_at        TIMESTAMP NOT NULL    -- last change of the row (parse, or a new copy of the file):
                                            -- the watermark of the incremental dbt models
);
ALTER TABLE staging.stg_reports ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP;  -- warehouses made before it
-- The file's format and how its text was extracted (ingest.formats): text | html | pdf | image | docx |
-- doc | xlsx | xls, and text | html | text_layer | ocr | text_layer+ocr | docx | antiword | spreadsheet.
ALTER TABLE staging.stg_reports ADD COLUMN IF NOT EXISTS source_format VARCHAR;
ALTER TABLE staging.stg_reports ADD COLUMN IF NOT EXISTS extraction_method VARCHAR;

-- The heading hierarchy of each report.
CREATE TABLE IF NOT EXISTS staging.stg_sections (
    report_id      VARCHAR NOT NULL,
    ordinal        INTEGER NOT NULL,
    level          INTEGER NOT NULL,
    number         VARCHAR,
    heading        VARCHAR,
    parent_ordinal INTEGER,
    line_no        INTEGER,
    char_start     INTEGER,
    char_end       INTEGER,
    body           VARCHAR USING COMPRESSION zstd
);

-- Every figure, long format, with provenance into stg_reports.source_text.
CREATE TABLE IF NOT EXISTS staging.stg_figures (
    report_id   VARCHAR NOT NULL,
    figure_no   INTEGER NOT NULL,
    source      VARCHAR NOT NULL,  -- table | narrative
    table_id    VARCHAR NOT NULL,  -- t2_2019 | t2_2021 | t3 | t4 | legacy_stats | legacy_short | narrative
    row_key     VARCHAR NOT NULL,
    column_key  VARCHAR NOT NULL,
    metric_key  VARCHAR,           -- canonical metric (ingest/taxonomy), NULL for cells that are not one
    value       DOUBLE,            -- NULL unless value_kind is number or zero
    value_kind  VARCHAR NOT NULL,  -- number | zero | empty | not_applicable | text
    unit        VARCHAR,
    note        VARCHAR,
    line_no     INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    raw_text    VARCHAR NOT NULL,
    read_as     VARCHAR NOT NULL DEFAULT 'cell',  -- cell | segmented | joined | prose (ingest.parsers.model.Figure)
    run_char_start INTEGER,        -- the whole digit run a segmented or joined value came from
    run_char_end   INTEGER,
    run_text    VARCHAR
);
-- Warehouses created before these columns existed (new columns go last, as above).
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS read_as VARCHAR DEFAULT 'cell';
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS run_char_start INTEGER;
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS run_char_end INTEGER;
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS run_text VARCHAR;
-- Where in a PDF, scan or workbook the figure was read (NULL for text and HTML files).
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS page INTEGER;            -- 1-based page
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS bbox DOUBLE[];           -- x0, y0, x1, y1 in points, top-left origin
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS cell_ref VARCHAR;        -- spreadsheet cell, e.g. Sheet1!C7
ALTER TABLE staging.stg_figures ADD COLUMN IF NOT EXISTS ocr_confidence DOUBLE;   -- OCR figures only, 0..1

-- The metric taxonomy, from ingest/taxonomy/*.yml, for dbt and checks.
CREATE TABLE IF NOT EXISTS staging.metric_taxonomy (
    metric_key     VARCHAR NOT NULL,
    label_zh       VARCHAR NOT NULL,
    label_en       VARCHAR NOT NULL,
    unit           VARCHAR,
    is_mart_column BOOLEAN NOT NULL
);

-- Row and column labels of the national tables (表三 applicant types and outcome rows, 表四 columns).
CREATE TABLE IF NOT EXISTS staging.table_labels (
    table_id   VARCHAR NOT NULL,
    axis       VARCHAR NOT NULL,   -- row | column | group (表三 outcome groups)
    key        VARCHAR NOT NULL,
    label_zh   VARCHAR NOT NULL,
    group_key  VARCHAR,            -- 表三 outcome group (refused, unable, not_processed, other)
    metric_key VARCHAR,
    sort_order INTEGER NOT NULL
);

-- What the published snapshot was built from (orchestration/build_state.py): a run whose staging
-- and dbt project are unchanged since then skips dbt, the checks and the publish.
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.published_inputs (
    state             VARCHAR NOT NULL,
    reports_watermark TIMESTAMP,        -- max(stg_reports.updated_at) then: later rows are new to the checks
    published_at      TIMESTAMP NOT NULL
);

-- The dbt data tests of the per-report models read only the reports staged after `since`
-- (dbt_project/macros/test_scope.sql); written by the dbt step before each build, empty = whole tables.
CREATE TABLE IF NOT EXISTS meta.dbt_test_scope (
    since TIMESTAMP NOT NULL
);

-- A statistics workbook paired with the report it was attached to (ingest/attachments.py): dbt reads
-- the workbook's figures as the report's, and the workbook is not a report of its own in the marts.
CREATE TABLE IF NOT EXISTS staging.stg_attachments (
    attachment_id VARCHAR NOT NULL,   -- the workbook's report_id
    report_id     VARCHAR NOT NULL,   -- the report it belongs to
    paired_at     TIMESTAMP NOT NULL
);

-- The reviews in force (ingest/review_store.py), reloaded every run from the append-only review store
-- beside the warehouse (<warehouse>.reviews.jsonl), which stays the only record: this table can be
-- lost or rebuilt at no cost. One row per report × rule × subject a review applies to: the report
-- reviewed, or the report that replaced its file in the inbox (followed_file). dbt reads it as a source.
CREATE TABLE IF NOT EXISTS staging.reviews (
    report_id           VARCHAR NOT NULL,  -- the report the review applies to now
    rule_id             VARCHAR NOT NULL,
    subject             VARCHAR NOT NULL,
    review_id           VARCHAR NOT NULL,
    finding_id          VARCHAR NOT NULL,  -- the finding that was reviewed
    reviewed_report_id  VARCHAR NOT NULL,  -- its report
    followed_file       BOOLEAN NOT NULL,  -- applies to a later content of the reviewed file
    file_name           VARCHAR,
    action              VARCHAR NOT NULL,  -- confirm | dismiss_misread | dismiss_not_a_problem | correct
    metric_key          VARCHAR,           -- correct: the metric corrected
    corrected_value     DOUBLE,
    reason              VARCHAR,
    reviewer            VARCHAR NOT NULL,
    reviewed_at         TIMESTAMP NOT NULL,  -- UTC
    seen_stated_value   DOUBLE,            -- the figures the reviewer saw: a review whose figures
    seen_expected_value DOUBLE,            -- have changed since is stale (dbt)
    seen_figures_digest VARCHAR,
    seen_parsed_value   DOUBLE,            -- correct: the metric's value as parsed
    seq                 BIGINT NOT NULL    -- line of the event in the store (later wins)
);
