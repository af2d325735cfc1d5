{#-
  Completeness (docs/quality.md, "Year over year, text reuse and completeness"): what oversight offices
  grade a report on, one row per report x rule x subject:
    completeness_tables       subject table=t3 / table=t4: a report of var('national_format_from_year') or
                              later has 表三 / 表四 (a figure of that table in int_figures).
                              stated 1 (found) or 0, expected 1.
    completeness_problems     subject section=五: same years; section 五 (存在的主要问题及改进情况, the first
                              level-1 heading with 问题 and 改进) has at least var('completeness_problems_min_chars')
                              characters after its heading, whitespace, punctuation and symbols removed.
                              stated = those characters (0 when no such section is found), expected = the minimum.
    completeness_fees         subject section=六: reports of var('fees_report_from_year') or later mention
                              信息处理费 in section 六 (其他需要报告的事项). stated 1 or 0, expected 1. Not 表二's
                              行政事业性收费 (the agency's fees in general).
    completeness_blank_cells  subject tables=t3+t4: reports with a 表三 or 表四; blank and '/' cells
                              (value_kind empty / not_applicable) at most var('completeness_blank_cells_max').
                              stated = the count, expected = the maximum.
  n_inputs is 2 (the observation and the requirement); figures, for the instances that did not pass, cite the
  observation: the section as written (its first 200 characters, line and offsets), the blank cells (the first
  10), or nothing where the table or section is absent (the evidence then reads "(absent)").
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{{ per_report_incremental() }}
{%- set min_chars = var('completeness_problems_min_chars') -%}
{%- set max_blank = var('completeness_blank_cells_max') -%}
with restaged as (
    {{ restaged_reports() }}
),

reports as (
    select r.report_id, s.report_year, r.updated_at
    from restaged as r
    inner join {{ source('staging', 'stg_reports') }} as s using (report_id)
),

table_figures as (
    select *
    from {{ ref('int_figures') }}
    where table_id in ('t3', 't4')
      and report_id in (select report_id from restaged)
),

first_figure as (
    select *
    from table_figures
    qualify row_number() over (partition by report_id, table_id order by figure_no) = 1
),

level1 as (
    select *
    from {{ source('staging', 'stg_sections') }}
    where level = 1 and report_id in (select report_id from restaged)
),

-- the section's own words: its body after the heading
sections as (
    select
        report_id,
        which,
        line_no,
        char_start,
        char_end,
        body,
        substr(body, coalesce(nullif(strpos(body, heading), 0) + length(heading), 1)) as content
    from (
        select *, '五' as which from level1 where heading like '%问题%' and heading like '%改进%'
        union all
        select *, '六' as which from level1 where heading like '%其他需要报告%' or heading like '%需要说明的事项%'
    )
    qualify row_number() over (partition by report_id, which order by ordinal) = 1
),

tables as (
    select
        r.report_id,
        'completeness_tables' as rule_id,
        'table=' || t.table_id as subject,
        case when f.report_id is null then 0 else 1 end as stated_value,
        1 as expected_value,
        case when f.report_id is null then 'failed' else 'passed' end as status,
        case when f.report_id is null then [struct_pack(
            side := 'stated', sign := 1,
            label := r.report_year || '年报告 ' || t.table_zh || '（应有，未找到）',
            report_id := r.report_id, table_id := t.table_id, row_key := null::varchar,
            column_key := null::varchar, figure_no := null::integer, value := null::double,
            value_kind := null::varchar, line_no := null::integer, char_start := null::integer,
            char_end := null::integer, raw_text := null::varchar
        )] end as figures,
        r.updated_at
    from reports as r
    cross join (values ('t3', '表三 收到和处理政府信息公开申请情况'), ('t4', '表四 行政复议、行政诉讼情况')) as t(table_id, table_zh)
    left join first_figure as f on f.report_id = r.report_id and f.table_id = t.table_id
    where r.report_year >= {{ var('national_format_from_year') }}
),

problems as (
    select
        r.report_id,
        'completeness_problems' as rule_id,
        'section=五' as subject,
        coalesce(length(regexp_replace(s.content, '[\s\p{P}\p{S}\p{Z}]', '', 'g')), 0) as stated_value,
        {{ min_chars }} as expected_value,
        s.body,
        s.line_no,
        s.char_start,
        s.char_end,
        r.report_year,
        r.updated_at
    from reports as r
    left join sections as s on s.report_id = r.report_id and s.which = '五'
    where r.report_year >= {{ var('national_format_from_year') }}
),

fees as (
    select
        r.report_id,
        'completeness_fees' as rule_id,
        'section=六' as subject,
        case when s.content like '%信息处理费%' or s.content like '%信息處理費%' then 1 else 0 end as stated_value,
        1 as expected_value,
        s.body,
        s.line_no,
        s.char_start,
        s.char_end,
        r.report_year,
        r.updated_at
    from reports as r
    left join sections as s on s.report_id = r.report_id and s.which = '六'
    where r.report_year >= {{ var('fees_report_from_year') }}
),

sections_judged as (
    select
        *,
        case when stated_value < expected_value then 'failed' else 'passed' end as status,
        case rule_id when 'completeness_problems' then '五、存在的主要问题及改进情况' else '六、其他需要报告的事项' end
            || case when body is null then '（未找到该部分）'
                    when rule_id = 'completeness_problems' then '（正文' || stated_value || '字）'
                    else '（未提及信息处理费）' end as label
    from (select * from problems union all by name select * from fees)
),

sections_rows as (
    select
        report_id, rule_id, subject, stated_value, expected_value, status,
        case when status = 'failed' then [struct_pack(
            side := 'stated', sign := 1, label := label,
            report_id := report_id, table_id := null::varchar, row_key := null::varchar,
            column_key := null::varchar, figure_no := null::integer, value := stated_value::double,
            value_kind := 'text', line_no := line_no, char_start := char_start,
            char_end := char_end, raw_text := left(body, 200)
        )] end as figures,
        updated_at
    from sections_judged
),

blank_cells as (
    select
        r.report_id,
        'completeness_blank_cells' as rule_id,
        'tables=t3+t4' as subject,
        count(*) filter (where f.value_kind in ('empty', 'not_applicable')) as stated_value,
        {{ max_blank }} as expected_value,
        case when count(*) filter (where f.value_kind in ('empty', 'not_applicable')) > {{ max_blank }}
             then 'failed' else 'passed' end as status,
        list(
            struct_pack(
                side := 'stated', sign := 1,
                label := case f.table_id when 't3' then '表三 ' else '表四 ' end || f.row_key || ' × ' || f.column_key,
                report_id := f.source_report_id, table_id := f.table_id, row_key := f.row_key,
                column_key := f.column_key, figure_no := f.figure_no, value := f.value,
                value_kind := f.value_kind, line_no := f.line_no, char_start := f.char_start,
                char_end := f.char_end, raw_text := f.raw_text
            )
            order by f.figure_no
        ) filter (where f.value_kind in ('empty', 'not_applicable')) as blank_list,
        r.updated_at
    from reports as r
    inner join table_figures as f on f.report_id = r.report_id
    group by r.report_id, r.updated_at
),

unioned as (
    select * exclude (figures), coalesce(figures, []) as figures from tables
    union all by name
    select * exclude (figures), coalesce(figures, []) as figures from sections_rows
    union all by name
    select
        * exclude (blank_list),
        case when status = 'failed' then blank_list[1:10] else [] end as figures
    from blank_cells
)

select
    report_id,
    rule_id,
    subject,
    cast(null as varchar) as related_report_id,
    cast(stated_value as double) as stated_value,
    cast(expected_value as double) as expected_value,
    cast(2 as bigint) as n_inputs,
    cast(0 as bigint) as n_missing,
    cast([] as varchar[]) as missing_inputs,
    figures,
    status,
    updated_at
from unioned
