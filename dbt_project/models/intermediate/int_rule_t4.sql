{#-
  表四 arithmetic, one row per report x part (行政复议 review, 未经复议直接起诉 direct, 复议后起诉 after_review):
    t4_totals   总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
  Only reports with a 表四 are concerned. When the table printed only its totals (merged zero cells),
  the parts are missing and the instance is not assessable.
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

t4 as (
    select *
    from {{ ref('int_figures') }}
    where table_id = 't4'
      and report_id in (select report_id from restaged)
    qualify row_number() over (partition by report_id, column_key order by figure_no) = 1
),

reports as (
    select distinct report_id from t4
),

column_labels as (
    select key, label_zh, sort_order
    from {{ source('staging', 'table_labels') }}
    where table_id = 't4' and axis = 'column'
),

spine as (
    select
        r.report_id,
        't4_totals' as rule_id,
        'part=' || split_part(cl.key, '.', 1) as subject,
        cl.key as column_key_wanted,
        case when cl.key like '%.total' then 'stated' else 'expected' end as side,
        1 as sign,
        cl.sort_order as term_order,
        cl.label_zh as term_label
    from reports as r
    cross join column_labels as cl
),

terms as (
    select
        c.report_id,
        c.rule_id,
        c.subject,
        cast(null as varchar) as related_report_id,
        c.side,
        c.sign,
        c.term_order,
        c.term_label,
        {{ rule_term_figure('f') }}
    from spine as c
    left join t4 as f
        on f.report_id = c.report_id
       and f.column_key = c.column_key_wanted
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
