{#-
  Findings about the reports: one row per report x rule x subject (a 表三 column, a 表四 part, a metric
  ...) whose rule failed, or could not be assessed because an input is blank, '/' or absent
  (status not_assessable: neither passed nor failed). Each row says what was stated, what the other
  figures add up to, and where every figure involved is in the report (line, character offsets into
  stg_reports.source_text, the text as written), so a researcher can cite it.
  Passed instances are in intermediate.int_rule_results.
  Incremental like int_rule_results: the findings of the reports staged since its watermark
  (macros/incremental.sql), and the across-years findings (continuity, plausibility_history) of their
  agencies.
  evidence: '[stated]' the figure(s) stated, '[expected +/-]' the figures added up to what they should
  be, '[compared]' a figure the stated one is compared with and not added up (plausibility_history:
  the agency's other years; expected_value is then their median, this year included).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='finding_id',
    pre_hook="{{ delete_restaged_reports(continuity=true) }}",
) }}
with restaged as (
    {{ restaged_reports() }}
),

results as (
    select * from {{ ref('int_rule_results') }}
    where status in ('failed', 'not_assessable')
      and (report_id in (select report_id from restaged)
           or ({{ across_years_rule() }} and report_id in ({{ restaged_agency_reports() }})))
),

reports as (
    select report_id, file_name, agency, report_year, family from {{ ref('fct_reports') }}
)

select
    md5(r.report_id || '|' || r.rule_id || '|' || r.subject) as finding_id,
    r.report_id,
    rep.file_name,
    rep.agency,
    rep.report_year,
    rep.family,
    r.rule_id,
    r.rule_family,
    c.rule_zh,
    c.rule_en,
    r.subject,
    r.status,
    r.stated_value,
    r.expected_value,
    r.difference,
    r.related_report_id,
    rel.file_name as related_file_name,
    r.n_missing,
    r.missing_inputs,
    r.figures,
    array_to_string(
        list_transform(
            r.figures,
            lambda x: (case x.side when 'stated' then '[stated] ' when 'compared' then '[compared] '
                       else '[expected ' || (case when x.sign < 0 then '-' else '+' end) || '] ' end)
                || x.label || ' = '
                || coalesce('"' || x.raw_text || '"', '(absent)')
                || coalesce(' @ ' || x.report_id || ' line ' || x.line_no || ' chars ' || x.char_start || '-' || x.char_end, '')
        ),
        '; '
    ) as evidence,
    r.updated_at
from results as r
left join reports as rep on rep.report_id = r.report_id
left join reports as rel on rel.report_id = r.related_report_id
left join {{ ref('int_rule_catalog') }} as c on c.rule_id = r.rule_id
