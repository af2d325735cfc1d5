{#- Where a report states litigation_total and both of its parts, the total equals their sum
    (表四: 行政诉讼 = 未经复议直接起诉 + 复议后起诉). Severity warn: a disagreement is a finding about the
    report, not a failure of the build. -#}
{{ config(severity='warn') }}
select report_id, litigation_total, litigation_direct_total, litigation_after_review_total
from {{ ref('fct_reports') }}
where litigation_total is not null
  and litigation_direct_total is not null
  and litigation_after_review_total is not null
  and litigation_total <> litigation_direct_total + litigation_after_review_total
