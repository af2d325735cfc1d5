{#-
  Across years, for one agency with reports for consecutive years (the report fct_agency_year uses
  for each agency and year), one row per year-N report x subject:
    continuity_carry     上年结转 (N) = 结转下年度继续办理 (N-1)
                         per 表三 column when both reports have a 表三; for the 总计 column the
                         chosen figures of int_report_metrics (table, or prose when there is no table)
    continuity_in_force  2021 format, 规章 and 行政规范性文件:
                         现行有效件数 (N) = 现行有效件数 (N-1) + 本年制发件数 (N) - 本年废止件数 (N)
  related_report_id is the year N-1 report. Instances are made only where at least one of the two
  years states something for the subject; a missing figure makes the instance not assessable.
  Incremental by agency: a new or re-parsed report can change which report fct_agency_year chooses for its
  agency and year, so every row of the agencies of the reports staged since the watermark is rebuilt
  (macros/incremental.sql: restaged_agencies), and the rows naming a restaged report are deleted first.
  It reads fct_agency_year, int_report_metrics and int_continuity_figures, never stg_figures.
  Sharded by agency (macros/shards.sql).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='agency_id',
    pre_hook="{{ delete_restaged_agencies() }}",
) }}
with pairs as (
    {{ restaged_year_pairs() }}
),

t3 as (
    select *
    from {{ ref('int_continuity_figures') }}
    where table_id = 't3' and row_key in ('carried_over', 'carried_forward')
),

t3_reports as (
    select distinct report_id from {{ ref('int_continuity_figures') }} where table_id = 't3'
),

column_labels as (
    select key, label_zh, sort_order
    from {{ source('staging', 'table_labels') }}
    where table_id = 't3' and axis = 'column'
),

metrics as (
    select *
    from {{ ref('int_report_metrics') }}
    where metric_key in ('applications_carried_over', 'applications_carried_forward')
),

-- the 总计 column: the pairs where either year states its figure (two semi joins: one correlated
-- subquery with an OR became a nested loop that took 885 s at a million reports)
carry_total_pairs as (
    select *
    from pairs
    where report_id in (select report_id from metrics where metric_key = 'applications_carried_over')
       or prev_report_id in (select report_id from metrics where metric_key = 'applications_carried_forward')
),

-- per applicant column (not 总计) when both years have a 表三
carry_columns as (
    select p.*, cl.key as column_key, cl.label_zh as column_zh, cl.sort_order
    from pairs as p
    cross join column_labels as cl
    where cl.key <> 'total'
      and p.report_id in (select report_id from t3_reports)
      and p.prev_report_id in (select report_id from t3_reports)
),

carry_terms as (
    select
        c.report_id,
        'continuity_carry' as rule_id,
        'column=' || c.column_key as subject,
        c.prev_report_id as related_report_id,
        'stated' as side,
        1 as sign,
        0 as term_order,
        c.report_year || '年 上年结转政府信息公开申请数量 × ' || c.column_zh as term_label,
        {{ rule_term_figure('f') }}
    from carry_columns as c
    left join t3 as f
        on f.report_id = c.report_id and f.row_key = 'carried_over' and f.column_key = c.column_key
    union all
    select
        c.report_id,
        'continuity_carry',
        'column=' || c.column_key,
        c.prev_report_id,
        'expected',
        1,
        1,
        (c.report_year - 1) || '年 结转下年度继续办理 × ' || c.column_zh,
        {{ rule_term_figure('f') }}
    from carry_columns as c
    left join t3 as f
        on f.report_id = c.prev_report_id and f.row_key = 'carried_forward' and f.column_key = c.column_key
    union all
    -- 总计: the chosen figures, stated in a table or in prose
    select
        p.report_id,
        'continuity_carry',
        'column=total',
        p.prev_report_id,
        'stated',
        1,
        0,
        p.report_year || '年 上年结转政府信息公开申请数量',
        cur.report_id, cur.table_id, cur.row_key, cur.column_key, cur.figure_no, cur.value, cur.value_kind,
        cur.line_no, cur.char_start, cur.char_end, cur.raw_text
    from carry_total_pairs as p
    left join metrics as cur
        on cur.report_id = p.report_id and cur.metric_key = 'applications_carried_over'
    union all
    select
        p.report_id,
        'continuity_carry',
        'column=total',
        p.prev_report_id,
        'expected',
        1,
        1,
        (p.report_year - 1) || '年 结转下年度继续办理',
        prev.report_id, prev.table_id, prev.row_key, prev.column_key, prev.figure_no, prev.value, prev.value_kind,
        prev.line_no, prev.char_start, prev.char_end, prev.raw_text
    from carry_total_pairs as p
    left join metrics as prev
        on prev.report_id = p.prev_report_id and prev.metric_key = 'applications_carried_forward'
),

t2 as (
    select * from {{ ref('int_continuity_figures') }} where table_id = 't2_2021'
),

in_force_instances as (
    select p.*, d.row_key, case d.row_key when 'regulations' then '规章' else '行政规范性文件' end as row_zh
    from pairs as p
    inner join (select distinct report_id, row_key from t2) as d on d.report_id = p.report_id
    where exists (select 1 from t2 where t2.report_id = p.prev_report_id and t2.row_key = d.row_key)
),

in_force_spine as (
    select
        i.*,
        x.which_report,
        x.column_key,
        x.side,
        x.sign,
        x.term_order,
        x.column_zh
    from in_force_instances as i
    cross join (values
        ('cur',  'in_force',           'stated',   1, 0, '现行有效件数'),
        ('prev', 'in_force',           'expected', 1, 1, '现行有效件数'),
        ('cur',  'issued_this_year',   'expected', 1, 2, '本年制发件数'),
        ('cur',  'repealed_this_year', 'expected', -1, 3, '本年废止件数')
    ) as x(which_report, column_key, side, sign, term_order, column_zh)
),

in_force_terms as (
    select
        s.report_id,
        'continuity_in_force' as rule_id,
        'row=' || s.row_key as subject,
        s.prev_report_id as related_report_id,
        s.side,
        s.sign,
        s.term_order,
        (case s.which_report when 'cur' then s.report_year else s.report_year - 1 end) || '年 '
            || s.row_zh || ' × ' || s.column_zh as term_label,
        {{ rule_term_figure('f') }}
    from in_force_spine as s
    left join t2 as f
        on f.report_id = case s.which_report when 'cur' then s.report_id else s.prev_report_id end
       and f.row_key = s.row_key
       and f.column_key = s.column_key
),

terms as (
    select * from carry_terms
    union all
    select * from in_force_terms
),

evaluated as (
    {{ evaluate_rule_terms('terms') }}
)

select
    e.*,
    {{ rule_status() }} as status,
    p.agency_id,
    p.updated_at
from evaluated as e
inner join pairs as p on p.report_id = e.report_id
