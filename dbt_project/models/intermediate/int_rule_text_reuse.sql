{#-
  Text reuse (docs/quality.md, "Year over year, text reuse and completeness"), one row per report of
  marts.fct_text_reuse with a previous report and at least var('text_reuse_min_sentences') sentences:
    text_reuse   more than var('text_reuse_max_share') of the report's distinct sentences repeat the agency's
                 previous report verbatim (after whitespace and digits are removed)
  stated_value is the share copied, expected_value the maximum; n_inputs the report's sentences;
  related_report_id the previous report; figures (failed instances) the share, then the first three copied
  sentences as written in this report ('stated') and in the previous one ('compared'), with line and offsets.
  A view over fct_text_reuse, which is incremental by agency; int_rule_results reads the restaged agencies.
-#}
{{ config(materialized='view') }}
with reuse as (
    select *
    from {{ ref('fct_text_reuse') }}
    where share_sentences_copied is not null
      and n_sentences >= {{ var('text_reuse_min_sentences') }}
),

judged as (
    select *, case when share_sentences_copied > {{ var('text_reuse_max_share') }} then 'failed' else 'passed' end as status
    from reuse
),

evidence as (
    select
        j.report_id,
        [struct_pack(
            side := 'stated', sign := 1,
            label := j.report_year || '年报告与上一年度报告逐字相同的句子：' || j.n_sentences_copied || ' / ' || j.n_sentences,
            report_id := j.report_id, table_id := null::varchar, row_key := null::varchar, column_key := null::varchar,
            figure_no := null::integer, value := j.share_sentences_copied::double, value_kind := 'number',
            line_no := null::integer, char_start := null::integer, char_end := null::integer,
            raw_text := cast(j.share_sentences_copied as varchar)
        )]
        || flatten(list_transform(j.copied_examples, lambda x: [
            struct_pack(
                side := 'stated', sign := 1, label := j.report_year || '年 重复句', report_id := j.report_id,
                table_id := null::varchar, row_key := null::varchar, column_key := null::varchar,
                figure_no := null::integer, value := null::double, value_kind := 'text', line_no := x.line_no,
                char_start := x.char_start, char_end := x.char_end, raw_text := x.text
            ),
            struct_pack(
                side := 'compared', sign := 1, label := (j.report_year - 1) || '年 原句', report_id := j.previous_report_id,
                table_id := null::varchar, row_key := null::varchar, column_key := null::varchar,
                figure_no := null::integer, value := null::double, value_kind := 'text', line_no := x.previous_line_no,
                char_start := x.previous_char_start, char_end := x.previous_char_end, raw_text := x.previous_text
            )
        ])) as figures
    from judged as j
    where j.status = 'failed'
)

select
    j.report_id,
    'text_reuse' as rule_id,
    'text=previous_report' as subject,
    j.previous_report_id as related_report_id,
    cast(j.share_sentences_copied as double) as stated_value,
    cast({{ var('text_reuse_max_share') }} as double) as expected_value,
    cast(j.n_sentences as bigint) as n_inputs,
    cast(0 as bigint) as n_missing,
    cast([] as varchar[]) as missing_inputs,
    coalesce(e.figures, []) as figures,
    j.status,
    j.agency_id,
    j.updated_at
from judged as j
left join evidence as e on e.report_id = j.report_id
