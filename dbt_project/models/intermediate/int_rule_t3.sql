{#-
  表三 arithmetic, one row per report x rule x subject (a column or a row of the table):
    t3_balance        per column: 一 + 二 = 三（七）总计 + 四
    t3_outcome_total  per column: （七） = （一）+（二）+ the items of （三）（四）（五） + （六）
                      （六） is one row in the 2019 format and three items in the 2021 format
    t3_group_items    per column: a group subtotal the report prints itself = the sum of its items
    t3_column_total   per row: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他
  The cells each identity needs come from a spine (table_labels), so a cell the parser did not find
  is a missing input, like a blank or '/': the instance is then not assessable.
  Only reports with a 表三 are concerned.
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
  Sharded by report (macros/shards.sql): at a million reports one statement does not fit DuckDB's memory.
-#}
{{ per_report_incremental() }}
with restaged as (
    select * from ({{ restaged_reports() }}) where {{ in_shard('report_id') }}
),

-- the first figure of each 表三 cell, narrow: the provenance of the figures of the instances that did
-- not pass is joined from stg_figures at the end (macros/rules.sql). Materialized: five CTEs read it,
-- and DuckDB would otherwise repeat the window for each.
t3 as materialized (
    select report_id, row_key, column_key, figure_no, value
    from {{ ref('int_figures') }}
    where table_id = 't3'
      and {{ in_shard('report_id') }}
      and report_id in (select report_id from restaged)
    qualify row_number() over (partition by report_id, row_key, column_key order by figure_no) = 1
),

reports as (
    select
        r.report_id,
        case when r.family = 'national_2021'
                  or exists (select 1 from t3 where t3.report_id = r.report_id and t3.row_key like 'other.%')
             then '2021' else '2019' end as layout
    from {{ source('staging', 'stg_reports') }} as r
    where exists (select 1 from t3 where t3.report_id = r.report_id)
),

labels as (
    select * from {{ source('staging', 'table_labels') }} where table_id = 't3'
),

row_labels as (
    select key, label_zh, group_key, sort_order from labels where axis = 'row'
),

column_labels as (
    select key, label_zh, sort_order from labels where axis = 'column'
),

group_labels as (
    select key, label_zh, sort_order from labels where axis = 'group'
),

-- (report, row, column) cells a rule asks for, with the figure when there is one.
{% set term_columns %}
        c.report_id,
        c.rule_id,
        c.subject,
        cast(null as varchar) as related_report_id,
        c.side,
        c.sign,
        c.term_order,
        c.term_label,
        f.report_id as figure_report_id,
        f.figure_no,
        f.value
{% endset %}

balance_spine as (
    select
        r.report_id,
        't3_balance' as rule_id,
        'column=' || cl.key as subject,
        rw.key as row_key_wanted,
        cl.key as column_key_wanted,
        case when rw.key in ('new', 'carried_over') then 'expected' else 'stated' end as side,
        1 as sign,
        rl.sort_order as term_order,
        rl.label_zh || ' × ' || cl.label_zh as term_label
    from reports as r
    cross join column_labels as cl
    cross join (values ('new'), ('carried_over'), ('total'), ('carried_forward')) as rw(key)
    inner join row_labels as rl on rl.key = rw.key
),

outcome_spine as (
    select
        r.report_id,
        't3_outcome_total' as rule_id,
        'column=' || cl.key as subject,
        rl.key as row_key_wanted,
        cl.key as column_key_wanted,
        case when rl.key = 'total' then 'stated' else 'expected' end as side,
        1 as sign,
        rl.sort_order as term_order,
        coalesce(gl.label_zh || ' ', '') || rl.label_zh || ' × ' || cl.label_zh as term_label
    from reports as r
    cross join column_labels as cl
    inner join row_labels as rl
        on rl.key in ('granted', 'partial', 'total')
        or rl.group_key in ('refused', 'unable', 'not_processed')
        or (r.layout = '2021' and rl.group_key = 'other')
        or (r.layout = '2019' and rl.key = 'other')
    left join group_labels as gl on gl.key = rl.group_key
),

-- a group subtotal printed by the report: a row keyed by the group itself ('refused', ...; in the
-- 2021 layout the 'other' row, whose items are other.*)
group_subtotals as (
    select distinct t3.report_id, t3.row_key as group_key
    from t3
    inner join reports as r on r.report_id = t3.report_id
    where t3.row_key in ('refused', 'unable', 'not_processed')
       or (t3.row_key = 'other' and r.layout = '2021')
),

group_spine as (
    select
        g.report_id,
        't3_group_items' as rule_id,
        'group=' || g.group_key || ' column=' || cl.key as subject,
        rl.key as row_key_wanted,
        cl.key as column_key_wanted,
        case when rl.key = g.group_key then 'stated' else 'expected' end as side,
        1 as sign,
        rl.sort_order as term_order,
        coalesce(gl.label_zh || ' ', '') || rl.label_zh || ' × ' || cl.label_zh as term_label
    from group_subtotals as g
    cross join column_labels as cl
    inner join row_labels as rl on rl.group_key = g.group_key
    left join group_labels as gl on gl.key = g.group_key
    union all
    -- the subtotal row itself (its label row may be outside the row labels, e.g. 'refused')
    select
        g.report_id,
        't3_group_items',
        'group=' || g.group_key || ' column=' || cl.key,
        g.group_key,
        cl.key,
        'stated',
        1,
        -1,
        coalesce(gl.label_zh, g.group_key) || ' × ' || cl.label_zh
    from group_subtotals as g
    cross join column_labels as cl
    left join group_labels as gl on gl.key = g.group_key
),

column_spine as (
    select
        p.report_id,
        't3_column_total' as rule_id,
        'row=' || p.row_key as subject,
        p.row_key as row_key_wanted,
        cl.key as column_key_wanted,
        case when cl.key = 'total' then 'stated' else 'expected' end as side,
        1 as sign,
        cl.sort_order as term_order,
        coalesce(rl.label_zh, p.row_key) || ' × ' || cl.label_zh as term_label
    from (select distinct report_id, row_key from t3) as p
    cross join column_labels as cl
    left join row_labels as rl on rl.key = p.row_key
),

spine as (
    select * from balance_spine
    union all select * from outcome_spine
    union all select * from group_spine
    union all select * from column_spine
),

-- not materialized: the sums read only its narrow columns, the evidence only its failed instances
terms as not materialized (
    select {{ term_columns }}
    from spine as c
    left join t3 as f
        on f.report_id = c.report_id
       and f.row_key = c.row_key_wanted
       and f.column_key = c.column_key_wanted
),

evaluated as (
    {{ evaluate_rule_terms('terms', figures=ref('int_figures') ~ ' where ' ~ in_shard('report_id')) }}
)

select
    e.*,
    {{ rule_status() }} as status,
    r.updated_at
from evaluated as e
inner join restaged as r on r.report_id = e.report_id
