{#-
  Year over year (docs/quality.md, "Year over year, text reuse and completeness"), one row per year-N report
  x canonical metric, for the reports fct_agency_year uses for an agency's years N and N-1 when both state
  the metric:
    year_over_year   the year's figure jumps or falls against the previous year's: one is at least
                     var('year_over_year_factor') times the other AND at least
                     var('year_over_year_min_difference') more (macros/rules.sql: far_above)
  stated_value is year N's figure, expected_value year N-1's (not a sum: 'passed' means not far apart);
  related_report_id the year N-1 report; figures both years' figures with their provenance (a
  litigation_total the warehouse derived is cited as its two 表四 parts). Never not assessable (only
  metrics both years state). A 'failed' instance is a warning: a misread figure, or a real change to
  explain.
  Metrics: var('year_over_year_metrics'). Incremental by agency, like int_rule_plausibility_history.
-#}
{%- set factor = var('year_over_year_factor') -%}
{%- set min_difference = var('year_over_year_min_difference') -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='agency_id',
    pre_hook="{{ delete_restaged_agencies() }}",
) }}
with pairs as (
    {{ restaged_year_pairs() }}
),

metrics as (
    select *
    from {{ ref('int_report_metrics') }}
    where (report_id in (select report_id from pairs) or report_id in (select prev_report_id from pairs))
      and value is not null
      and metric_key in ({% for m in var('year_over_year_metrics') %}'{{ m }}'{{ "," if not loop.last }}{% endfor %})
),

judged as materialized (
    select
        p.*,
        cur.metric_key,
        cur.value as value,
        prev.value as prev_value,
        case
            when {{ far_above('cur.value', 'prev.value', factor, min_difference) }}
              or {{ far_above('prev.value', 'cur.value', factor, min_difference) }} then 'failed'
            else 'passed'
        end as status
    from pairs as p
    inner join metrics as cur on cur.report_id = p.report_id
    inner join metrics as prev on prev.report_id = p.prev_report_id and prev.metric_key = cur.metric_key
),

-- what to cite for a failed instance: each year's figure, or a derived litigation_total's two parts
cited as (
    select j.report_id, j.metric_key as cited_metric, y.side, y.year, y.cited_report_id, 0 as part_order
    from judged as j
    cross join lateral (values ('stated', j.report_year, j.report_id), ('expected', j.report_year - 1, j.prev_report_id))
        as y(side, year, cited_report_id)
    where j.status = 'failed'
),

cited_figures as (
    select c.*, m.* exclude (report_id)
    from cited as c
    inner join {{ ref('int_report_metrics') }} as m
        on m.report_id = c.cited_report_id and m.metric_key = c.cited_metric and m.source <> 'derived'
    union all by name
    select c.* replace (case p.metric_key when 'litigation_direct_total' then 1 else 2 end as part_order), p.* exclude (report_id)
    from cited as c
    inner join {{ ref('int_report_metrics') }} as d
        on d.report_id = c.cited_report_id and d.metric_key = c.cited_metric and d.source = 'derived'
    inner join {{ ref('int_report_metrics') }} as p
        on p.report_id = c.cited_report_id
       and p.metric_key in ('litigation_direct_total', 'litigation_after_review_total')
),

evidence as (
    select
        report_id,
        cited_metric as metric_key,
        list(
            struct_pack(
                side := side,
                sign := 1,
                label := year || '年 ' || coalesce(metric_label_zh, metric_key) || '（' || metric_key || '）',
                report_id := coalesce(source_report_id, cited_report_id),
                table_id := table_id,
                row_key := row_key,
                column_key := column_key,
                figure_no := figure_no,
                value := value,
                value_kind := value_kind,
                line_no := line_no,
                char_start := char_start,
                char_end := char_end,
                raw_text := raw_text
            )
            order by side desc, part_order
        ) as figures
    from cited_figures
    group by report_id, cited_metric
)

select
    j.report_id,
    'year_over_year' as rule_id,
    'metric=' || j.metric_key as subject,
    j.prev_report_id as related_report_id,
    j.value as stated_value,
    j.prev_value as expected_value,
    cast(2 as bigint) as n_inputs,
    cast(0 as bigint) as n_missing,
    cast([] as varchar[]) as missing_inputs,
    coalesce(e.figures, []) as figures,
    j.status,
    j.agency_id,
    j.updated_at
from judged as j
left join evidence as e on e.report_id = j.report_id and e.metric_key = j.metric_key
