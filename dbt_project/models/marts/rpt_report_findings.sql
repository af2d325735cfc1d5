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
  finding_id: md5 of report id (the content hash: stable across runs, re-parses and full refreshes),
  rule and subject. Reviews (staging.reviews, docs/reviews.md): the review in force on the finding and
  its review_status: unreviewed | confirmed | dismissed | corrected, or stale when the figures differ
  from those the reviewer saw (stated, expected and figures_digest; for a correction, the metric's
  parsed value). figures_digest: md5 of every figure's side, label, value and value kind, in order.
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
),

digested as (
    select
        *,
        md5(array_to_string(list_transform(figures, lambda x: concat_ws('~', x.side, x.label,
            coalesce(cast(x.value as varchar), ''), coalesce(x.value_kind, ''))), '|')) as figures_digest
    from results
),

reviews as (
    select * from {{ source('staging', 'reviews') }}
    where report_id in (select report_id from results)
),

-- a correction is in force while the metric's parsed value is the one the reviewer saw
corrected_metrics as (
    select report_id, metric_key, parsed_value
    from {{ ref('int_report_metrics') }}
    where report_id in (select report_id from reviews where action = 'correct')
),

reviewed as (
    select
        r.*,
        v.review_id,
        v.finding_id as review_finding_id,
        v.action as review_action,
        v.reason as review_reason,
        v.reviewer as reviewed_by,
        v.reviewed_at,
        v.metric_key as review_metric_key,
        v.corrected_value as review_corrected_value,
        case
            when v.review_id is null then 'unreviewed'
            when v.action = 'correct' then
                case when m.parsed_value is not distinct from v.seen_parsed_value then 'corrected' else 'stale' end
            when v.seen_stated_value is distinct from r.stated_value
              or v.seen_expected_value is distinct from r.expected_value
              or v.seen_figures_digest is distinct from r.figures_digest then 'stale'
            when v.action = 'confirm' then 'confirmed'
            else 'dismissed'
        end as review_status
    from digested as r
    left join reviews as v
        on v.report_id = r.report_id and v.rule_id = r.rule_id and v.subject = r.subject
    left join corrected_metrics as m
        on m.report_id = v.report_id and m.metric_key = v.metric_key
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
    r.figures_digest,
    r.review_status,
    r.review_action,
    r.review_reason,
    r.reviewed_by,
    r.reviewed_at,
    r.review_metric_key,
    r.review_corrected_value,
    r.review_id,
    r.review_finding_id,
    r.updated_at
from reviewed as r
left join reports as rep on rep.report_id = r.report_id
left join reports as rel on rel.report_id = r.related_report_id
left join {{ ref('int_rule_catalog') }} as c on c.rule_id = r.rule_id
