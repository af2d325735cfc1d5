{#-
  The figures the marts and rules read: staging.stg_figures, with two changes (a view: nothing copied).
    - A statistics workbook paired with its report (staging.stg_attachments, ingest/attachments.py)
      gives its figures to that report: report_id is the report's, source_report_id the workbook's
      (the file the figure was read from; its offsets refer to that file's source_text).
    - An OCR figure read with a confidence below var('ocr_min_confidence') is not used: it stays in
      staging.stg_figures with its value and confidence, for review, and never reaches a mart.
  Written as two branches so that a filter on report_id reaches the scan of stg_figures.
-#}
{{ config(materialized='view') }}
{#- No CTE read by both branches: DuckDB materialises such a CTE whole (every figure of the warehouse)
    before the filter of an incremental model can reach it. -#}
{%- set usable -%}
    (ocr_confidence is null or ocr_confidence >= {{ var('ocr_min_confidence') }})
{%- endset %}
select f.*, f.report_id as source_report_id
from {{ source('staging', 'stg_figures') }} as f
where {{ usable }}
  and f.report_id not in (select attachment_id from {{ source('staging', 'stg_attachments') }})

union all by name

select f.* replace (a.report_id as report_id), f.report_id as source_report_id
from {{ source('staging', 'stg_figures') }} as f
inner join {{ source('staging', 'stg_attachments') }} as a on a.attachment_id = f.report_id
where {{ usable }}
