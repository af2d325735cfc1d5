{#- Every report rule evaluated: one row per report x rule x subject, with status passed | failed |
    not_assessable (an input is blank, '/', or absent), the stated total, the expected value computed
    from the other figures, and every figure involved with its provenance. Rules: int_rule_catalog. -#}
with unioned as (
    select * from {{ ref('int_rule_t3') }}
    union all by name
    select * from {{ ref('int_rule_t4') }}
    union all by name
    select * from {{ ref('int_rule_legacy') }}
    union all by name
    select * from {{ ref('int_rule_agreement') }}
    union all by name
    select * from {{ ref('int_rule_continuity') }}
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
    u.figures
from unioned as u
left join {{ ref('int_rule_catalog') }} as c on c.rule_id = u.rule_id
