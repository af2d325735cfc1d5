{#-
  Plausibility across years (docs/quality.md, "Plausibility"), one row per agency-year report x
  canonical metric, for the report fct_agency_year uses for each agency and year:
    plausibility_history   the year's figure is far above or far below the agency's median for that
                           metric: at least var('plausibility_history_factor') times (or 1/factor) AND
                           at least var('plausibility_history_min_difference') apart
  The median is over every year of the agency with a value for the metric, this year included: with
  three years, the median of the two other years would be their mean, which one misread year drags
  along (20, 1000, 20: the 20s would be compared with 510); the median of the three is the middle
  year, which one misread year cannot move. Assessed only when the agency has at least
  var('plausibility_history_min_other_years') other years with a value.
  Metrics: var('plausibility_history_metrics'). stated_value is the year's figure, expected_value the
  median, n_inputs the number of years; figures: the year's figure (side 'stated') and every other
  year's (side 'compared', not added up), each with its report and provenance; a litigation_total
  the warehouse derived is cited as its two 表四 parts. Never not assessable (only years with a value).
  Status 'failed' is a warning that the figure is implausible, not proof.
  Incremental by agency, like int_rule_continuity: every row of the agencies of the reports staged
  since the watermark is rebuilt (macros/incremental.sql: restaged_agencies), the rows naming a
  restaged report deleted first. Reads fct_agency_year, fct_reports and int_report_metrics.
  Sharded by agency (macros/shards.sql).
-#}
{%- set factor = var('plausibility_history_factor') -%}
{%- set min_difference = var('plausibility_history_min_difference') -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='agency_id',
    pre_hook="{{ delete_restaged_agencies() }}",
) }}
with agency_years as (
    select agency_id, report_year, report_id
    from {{ ref('fct_agency_year') }}
    where agency_id in ({{ restaged_agencies() }})
      and {{ in_shard('agency_id') }}
),

-- the watermark of an agency's rows: its latest staged report
agency_updated as (
    select agency_id, max(updated_at) as updated_at
    from {{ ref('fct_reports') }}
    where agency_id in (select agency_id from agency_years)
    group by agency_id
),

report_metrics as (
    select *
    from {{ ref('int_report_metrics') }}
    where report_id in (select report_id from agency_years)
      and value is not null
),

years as (
    select a.agency_id, a.report_year, m.*
    from agency_years as a
    inner join report_metrics as m on m.report_id = a.report_id
    where m.metric_key in ({% for m in var('plausibility_history_metrics') %}'{{ m }}'{{ "," if not loop.last }}{% endfor %})
),

-- materialized: read by the evidence and by the final select
judged as materialized (
    select
        *,
        case
            when {{ far_above('value', 'median_value', factor, min_difference) }}
              or {{ far_above('median_value', 'value', factor, min_difference) }} then 'failed'
            else 'passed'
        end as status
    from (
        select
            *,
            quantile_cont(value, 0.5) over w as median_value,
            count(*) over w as n_years
        from years
        window w as (partition by agency_id, metric_key)
    )
    where n_years >= {{ var('plausibility_history_min_other_years') }} + 1
),

-- what to cite for each year's figure: the figure, or a derived litigation_total's two parts
cited as (
    select y.agency_id, y.metric_key as cited_metric, y.report_year, 0 as part_order, m.*
    from years as y
    inner join report_metrics as m on m.report_id = y.report_id and m.metric_key = y.metric_key
    where y.source <> 'derived'
    union all by name
    select y.agency_id, y.metric_key as cited_metric, y.report_year,
           case p.metric_key when 'litigation_direct_total' then 1 else 2 end as part_order, p.*
    from years as y
    inner join report_metrics as p
        on p.report_id = y.report_id
       and p.metric_key in ('litigation_direct_total', 'litigation_after_review_total')
    where y.source = 'derived'
),

evidence as (
    select
        j.report_id,
        j.metric_key,
        list(
            struct_pack(
                side := case when c.report_id = j.report_id then 'stated' else 'compared' end,
                sign := 1,
                label := c.report_year || '年 ' || coalesce(c.metric_label_zh, c.metric_key) || '（' || c.metric_key || '）',
                report_id := c.report_id,
                table_id := c.table_id,
                row_key := c.row_key,
                column_key := c.column_key,
                figure_no := c.figure_no,
                value := c.value,
                value_kind := c.value_kind,
                line_no := c.line_no,
                char_start := c.char_start,
                char_end := c.char_end,
                raw_text := c.raw_text
            )
            order by (c.report_id <> j.report_id), c.report_year, c.part_order
        ) as figures
    from judged as j
    inner join cited as c on c.agency_id = j.agency_id and c.cited_metric = j.metric_key
    where j.status = 'failed'
    group by j.report_id, j.metric_key
)

select
    j.report_id,
    'plausibility_history' as rule_id,
    'metric=' || j.metric_key as subject,
    cast(null as varchar) as related_report_id,
    j.value as stated_value,
    j.median_value as expected_value,
    j.n_years as n_inputs,
    cast(0 as bigint) as n_missing,
    cast([] as varchar[]) as missing_inputs,
    coalesce(e.figures, []) as figures,
    j.status,
    j.agency_id,
    u.updated_at
from judged as j
left join evidence as e on e.report_id = j.report_id and e.metric_key = j.metric_key
inner join agency_updated as u on u.agency_id = j.agency_id
