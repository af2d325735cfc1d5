{#- One row per report (distinct content): metadata, agency_id, and the canonical figures as columns.
    A figure is NULL where the report does not state it (or states a blank / '/' cell), 0 only where stated zero.
    A figure corrected by a review in force is the corrected one (int_report_metrics keeps the parsed
    value and the review beside it); n_corrected_metrics counts them.
    Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql); every report
    gives exactly one row, so delete+insert alone replaces it. -#}
{{ per_report_incremental(delete_first=false) }}
with restaged as (
    {{ restaged_reports() }}
),

reports as (
    select * from {{ source('staging', 'stg_reports') }}
    where report_id in (select report_id from restaged)
      -- a workbook paired with its report is part of that report, not a report of its own
      and report_id not in (select attachment_id from {{ source('staging', 'stg_attachments') }})
),

attachments as (
    select a.report_id, string_agg(w.file_name, '; ' order by w.file_name) as attachment_files
    from {{ source('staging', 'stg_attachments') }} as a
    inner join {{ source('staging', 'stg_reports') }} as w on w.report_id = a.attachment_id
    group by a.report_id
),

report_metrics as (
    select * from {{ ref('int_report_metrics') }}
    where report_id in (select report_id from restaged)
),

metrics as (
    select
        m.report_id,
        {{ pivot_metric_columns('m') }}
    from report_metrics as m
    group by m.report_id
),

conflicts as (
    select
        report_id,
        count(*) filter (where has_conflict) as n_conflicting_metrics,
        count(*) filter (where correction_review_id is not null) as n_corrected_metrics
    from report_metrics
    group by report_id
)

select
    r.report_id,
    r.file_name,
    {{ agency_id('r.agency', 'r.division_code') }} as agency_id,
    r.agency,
    r.agency_as_written,
    r.province,
    r.city,
    r.county,
    r.division_code,
    r.admin_level,
    r.agency_type,
    r.region_confidence,
    r.report_year,
    r.publication_date,
    r.doc_number,
    r.family,
    r.title,
    r.n_source_files,
    r.source_format,
    r.extraction_method,
    att.attachment_files,
    r.parser_version,
    coalesce(len(r.warnings), 0) as warnings_count,
    coalesce(c.n_conflicting_metrics, 0) as n_conflicting_metrics,
    coalesce(c.n_corrected_metrics, 0) as n_corrected_metrics,
    {{ metric_column_list('m') }},
    r.updated_at
from reports as r
left join metrics as m on m.report_id = r.report_id
left join conflicts as c on c.report_id = r.report_id
left join attachments as att on att.report_id = r.report_id
