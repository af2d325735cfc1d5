{#-
  The figures the continuity rules (int_rule_continuity) read, so that rule does not scan
  stg_figures. One row per report x table x row x column (the first figure of the cell):
    表三 (t3)       上年结转 carried_over and 结转下年度 carried_forward, every column; and the first 表三
                    figure of the report, which marks it as having a 表三
    表二 (t2_2021)  规章 / 行政规范性文件 x 本年制发 / 本年废止 / 现行有效
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

figures as (
    select *
    from {{ ref('int_figures') }}
    where table_id in ('t3', 't2_2021')
      and report_id in (select report_id from restaged)
),

-- the first figure of each 上年结转 / 结转下年度 cell of 表三
t3_carry as (
    select *
    from figures
    where table_id = 't3' and row_key in ('carried_over', 'carried_forward')
    qualify row_number() over (partition by report_id, row_key, column_key order by figure_no) = 1
),

-- the report's first 表三 figure (marks a report with a 表三): found by an aggregate, since a window
-- over every 表三 cell of a million reports spills to disk
t3_first as (
    select f.*
    from figures as f
    inner join (
        select report_id, min(figure_no) as figure_no from figures where table_id = 't3' group by report_id
    ) as m on m.report_id = f.report_id and m.figure_no = f.figure_no
    where f.table_id = 't3' and f.row_key not in ('carried_over', 'carried_forward')
),

t2 as (
    select *
    from figures
    where table_id = 't2_2021'
      and row_key in ('regulations', 'normative_docs')
      and column_key in ('issued_this_year', 'repealed_this_year', 'in_force')
    qualify row_number() over (partition by report_id, row_key, column_key order by figure_no) = 1
)

select
    f.report_id,
    f.table_id,
    f.row_key,
    f.column_key,
    f.figure_no,
    f.value,
    f.value_kind,
    f.line_no,
    f.char_start,
    f.char_end,
    f.raw_text,
    r.updated_at
from (select * from t3_carry union all select * from t3_first union all select * from t2) as f
inner join restaged as r on r.report_id = f.report_id
