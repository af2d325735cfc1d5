{#-
  Prose against table, one row per report x canonical metric stated both in the narrative and in a
  table of the same report:
    prose_table_agreement   the narrative figure = the table figure
  Table figures are the report's own figure for the metric, as in int_report_metrics: 表四 cells and
  value-column cells (表三 总计, legacy 本年/统计数). For litigation_total, when no table cell states it,
  the table side is 未经复议直接起诉总计 + 复议后起诉总计 (表四).
  Narrative figures about a wider scope (全市/全区… in a department's report) are not parsed as the
  agency's own (ingest/taxonomy/narrative.yml), so they are never compared here.
  A blank or '/' table cell makes the instance not assessable.
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

report_figures as (
    select *
    from {{ ref('int_figures') }}
    where report_id in (select report_id from restaged)
),

figures as (
    select *
    from report_figures
    where metric_key is not null
),

narrative as (
    select *
    from figures
    where source = 'narrative' and value is not null
    qualify row_number() over (partition by report_id, metric_key order by figure_no) = 1
),

table_candidates as (
    select *
    from figures
    where source = 'table'
      and (table_id = 't4'
           or column_key in ({% for c in var('metric_value_columns') %}'{{ c }}'{{ "," if not loop.last }}{% endfor %}))
    qualify row_number() over (partition by report_id, metric_key order by (value is null), figure_no) = 1
),

t4_litigation_parts as (
    select *
    from report_figures
    where table_id = 't4' and column_key in ('direct.total', 'after_review.total')
    qualify row_number() over (partition by report_id, column_key order by figure_no) = 1
),

labels as (
    select metric_key, label_zh from {{ source('staging', 'metric_taxonomy') }}
),

terms as (
    -- the prose figure
    select
        n.report_id,
        'prose_table_agreement' as rule_id,
        'metric=' || n.metric_key as subject,
        cast(null as varchar) as related_report_id,
        'stated' as side,
        1 as sign,
        0 as term_order,
        coalesce(l.label_zh, n.metric_key) || '（正文）' as term_label,
        {{ rule_term_figure('n') }}
    from narrative as n
    left join labels as l on l.metric_key = n.metric_key
    where exists (select 1 from table_candidates as t where t.report_id = n.report_id and t.metric_key = n.metric_key)
       or (n.metric_key = 'litigation_total'
           and exists (select 1 from t4_litigation_parts as p where p.report_id = n.report_id))
    union all
    -- the table figure
    select
        t.report_id,
        'prose_table_agreement',
        'metric=' || t.metric_key,
        cast(null as varchar),
        'expected',
        1,
        1,
        coalesce(l.label_zh, t.metric_key) || '（表格）',
        {{ rule_term_figure('t') }}
    from table_candidates as t
    inner join narrative as n on n.report_id = t.report_id and n.metric_key = t.metric_key
    left join labels as l on l.metric_key = t.metric_key
    union all
    -- litigation_total not in a table cell: 表四 direct + after review
    select
        p.report_id,
        'prose_table_agreement',
        'metric=litigation_total',
        cast(null as varchar),
        'expected',
        1,
        case p.column_key when 'direct.total' then 1 else 2 end,
        case p.column_key when 'direct.total' then '未经复议直接起诉总计（表四）' else '复议后起诉总计（表四）' end,
        {{ rule_term_figure('p') }}
    from t4_litigation_parts as p
    inner join narrative as n on n.report_id = p.report_id and n.metric_key = 'litigation_total'
    where not exists (
        select 1 from table_candidates as t
        where t.report_id = p.report_id and t.metric_key = 'litigation_total'
    )
),

evaluated as (
    {{ evaluate_rule_terms('terms') }}
)

select
    e.*,
    {{ rule_status() }} as status,
    r.updated_at
from evaluated as e
inner join restaged as r on r.report_id = e.report_id
