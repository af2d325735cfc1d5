{#- Every report rule evaluated: one row per report x rule x subject, with status passed | failed |
    not_assessable (an input is blank, '/', or absent), the stated total, the expected value computed
    from the other figures, and every figure involved with its provenance. Rules: int_rule_catalog.
    Incremental: the per-report rules of the reports staged since its watermark (macros/incremental.sql),
    and the across-years rules of their agencies (continuity, plausibility_history, year_over_year,
    text_reuse: they compare an agency's reports across years). -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['report_id', 'rule_id', 'subject'],
    pre_hook="{{ delete_restaged_reports(continuity=true) }}",
) }}
with restaged as (
    {{ restaged_reports() }}
),

per_report as (
    select * from {{ ref('int_rule_t3') }}
    union all by name
    select * from {{ ref('int_rule_t4') }}
    union all by name
    select * from {{ ref('int_rule_legacy') }}
    union all by name
    select * from {{ ref('int_rule_agreement') }}
    union all by name
    select * from {{ ref('int_rule_plausibility') }}
    union all by name
    select * from {{ ref('int_rule_completeness') }}
),

unioned as (
    select * from per_report
    where report_id in (select report_id from restaged)
    union all by name
    select * exclude (agency_id)
    from {{ ref('int_rule_continuity') }}
    where agency_id in ({{ restaged_agencies() }})
    union all by name
    select * exclude (agency_id)
    from {{ ref('int_rule_plausibility_history') }}
    where agency_id in ({{ restaged_agencies() }})
    union all by name
    select * exclude (agency_id)
    from {{ ref('int_rule_year_over_year') }}
    where agency_id in ({{ restaged_agencies() }})
    union all by name
    select * exclude (agency_id)
    from {{ ref('int_rule_text_reuse') }}
    where agency_id in ({{ restaged_agencies() }})
)

select
    u.report_id,
    u.rule_id,
    c.rule_family,
    u.subject,
    u.status,
    u.stated_value,
    u.expected_value,
    u.stated_value - u.expected_value as difference,
    u.related_report_id,
    u.n_inputs,
    u.n_missing,
    u.missing_inputs,
    u.figures,
    u.updated_at
from unioned as u
left join {{ ref('int_rule_catalog') }} as c on c.rule_id = u.rule_id
