{#-
  表三 (applications received and handled) in long form: one row per report x outcome row x applicant
  column, with the agency and year of the report. Labels come from staging.table_labels (t3), so the
  Chinese wording lives in ingest/taxonomy/national.yml only. Blank and '/' cells keep value NULL.
  Outcome group: the row's group_key ((三)不予公开 = refused, (四)无法提供 = unable, (五)不予处理 =
  not_processed, (六)其他处理 = other); its label is the table_labels row with axis = 'group' when
  the loader provides one, else the taxonomy label of the group's metric (outcome_<group>).
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

cells as (
    select *
    from {{ ref('int_figures') }}
    where table_id = 't3'
      and report_id in (select report_id from restaged)
),

labels as (
    select * from {{ source('staging', 'table_labels') }}
    where table_id = 't3'
),

row_labels as (
    select key, label_zh, group_key, metric_key, sort_order from labels where axis = 'row'
),

column_labels as (
    select key, label_zh, sort_order from labels where axis = 'column'
),

group_labels as (
    select key, label_zh, sort_order from labels where axis = 'group'
),

reports as (
    select report_id, agency_id, agency, report_year, family, updated_at
    from {{ ref('fct_reports') }}
    where report_id in (select report_id from restaged)
)

select
    f.report_id,
    r.agency_id,
    r.agency,
    r.report_year,
    r.family,
    f.column_key as applicant_type,
    cl.label_zh as applicant_type_zh,
    cl.sort_order as applicant_type_order,
    f.row_key as outcome,
    rl.label_zh as outcome_zh,
    rl.sort_order as outcome_order,
    coalesce(rl.group_key, gself.key) as outcome_group,
    coalesce(gl.label_zh, gself.label_zh, mt.label_zh) as outcome_group_zh,
    rl.metric_key,
    f.value,
    f.value_kind,
    f.figure_no,
    f.line_no,
    f.char_start,
    f.char_end,
    f.raw_text,
    r.updated_at
from cells as f
inner join reports as r on r.report_id = f.report_id
left join row_labels as rl on rl.key = f.row_key
left join column_labels as cl on cl.key = f.column_key
left join group_labels as gl on gl.key = rl.group_key
left join group_labels as gself on gself.key = f.row_key
left join {{ source('staging', 'metric_taxonomy') }} as mt
    on mt.metric_key = 'outcome_' || coalesce(rl.group_key, gself.key)
