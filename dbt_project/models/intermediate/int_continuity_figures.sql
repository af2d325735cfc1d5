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
    from {{ source('staging', 'stg_figures') }}
    where table_id in ('t3', 't2_2021')
      and report_id in (select report_id from restaged)
),

t3 as (
    select *
    from figures
    where table_id = 't3'
    qualify row_number() over (partition by report_id, row_key, column_key order by figure_no) = 1
        and (row_key in ('carried_over', 'carried_forward')
             or figure_no = min(figure_no) over (partition by report_id))
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
from (select * from t3 union all select * from t2) as f
inner join restaged as r on r.report_id = f.report_id
