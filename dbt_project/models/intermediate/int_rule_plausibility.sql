{#-
  Plausibility within one report (docs/quality.md, "Plausibility"), one row per report x check, on the
  report's canonical figures (int_report_metrics: the figure the warehouse believes, with its provenance):
    plausibility_report
      check=applications_vs_outcomes          一 + 二 (新收 + 上年结转)  vs  三（七）总计 + 四 (结转下年度),
                                              either side far above the other
      check=granted_vs_total                  （一）予以公开            far above  （七）总计
      check=partial_vs_total                  （二）部分公开            far above  （七）总计
      check=reconsideration_vs_applications   行政复议总计              far above  一 + 二
      check=litigation_vs_applications        行政诉讼总计              far above  一 + 二
  "Far above": at least var('plausibility_report_factor') times AND at least
  var('plausibility_report_min_difference') more (macros/rules.sql: far_above). A magnitude test, the mark
  of a misread figure (121510 applications, one answered): a difference of a few applications is
  t3_balance's / t3_outcome_total's business and never reaches these thresholds.
  stated_value is the left side, expected_value the right one, figures both sides' figures.
  An instance is made only when its required figures (new, outcome total, the figure checked) have a
  value; 上年结转 / 结转下年度 are added where the report gives them a value (legacy tables have no such
  rows). So an instance is passed or failed, never not assessable: a missing figure is the arithmetic
  rules' finding. litigation_total, where the warehouse derived it, is read as its two 表四 parts.
  Status 'failed' here is a warning that a figure is implausible, not proof: the check is WARN.
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{%- set factor = var('plausibility_report_factor') -%}
{%- set min_difference = var('plausibility_report_min_difference') -%}
{%- set status -%}
    case
        when n_missing > 0 or stated_value is null or expected_value is null then 'not_assessable'
        when {{ far_above('stated_value', 'expected_value', factor, min_difference) }}
          or (subject = 'check=applications_vs_outcomes'
              and {{ far_above('expected_value', 'stated_value', factor, min_difference) }}) then 'failed'
        else 'passed'
    end
{%- endset %}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

metrics as (
    select *
    from {{ ref('int_report_metrics') }}
    where report_id in (select report_id from restaged)
      and value is not null
),

-- the checks: which figure goes on which side; required ones must have a value for the instance to exist
checks as (
    select *
    from (values
        ('check=applications_vs_outcomes', 'applications_new', 'stated', 1, true),
        ('check=applications_vs_outcomes', 'applications_carried_over', 'stated', 2, false),
        ('check=applications_vs_outcomes', 'outcome_total', 'expected', 3, true),
        ('check=applications_vs_outcomes', 'applications_carried_forward', 'expected', 4, false),
        ('check=granted_vs_total', 'outcome_granted', 'stated', 1, true),
        ('check=granted_vs_total', 'outcome_total', 'expected', 2, true),
        ('check=partial_vs_total', 'outcome_partial', 'stated', 1, true),
        ('check=partial_vs_total', 'outcome_total', 'expected', 2, true),
        ('check=reconsideration_vs_applications', 'reconsideration_total', 'stated', 1, true),
        ('check=reconsideration_vs_applications', 'applications_new', 'expected', 2, true),
        ('check=reconsideration_vs_applications', 'applications_carried_over', 'expected', 3, false),
        ('check=litigation_vs_applications', 'litigation_total', 'stated', 1, true),
        ('check=litigation_vs_applications', 'applications_new', 'expected', 2, true),
        ('check=litigation_vs_applications', 'applications_carried_over', 'expected', 3, false)
    ) as t(subject, input_key, side, term_order, required)
),

required_counts as (
    select subject, count(*) as n_required from checks where required group by subject
),

-- the figures the checks read, by input: litigation_total as stated, or (derived) its two parts
inputs as (
    select *, metric_key as input_key, 0 as part_order
    from metrics
    where metric_key in (select input_key from checks)
      and not (metric_key = 'litigation_total' and source = 'derived')
    union all by name
    select p.*, 'litigation_total' as input_key,
           case p.metric_key when 'litigation_direct_total' then 1 else 2 end as part_order
    from metrics as p
    where p.metric_key in ('litigation_direct_total', 'litigation_after_review_total')
      and exists (
          select 1 from metrics as d
          where d.report_id = p.report_id and d.metric_key = 'litigation_total' and d.source = 'derived'
      )
),

instances as (
    select i.report_id, c.subject
    from (select distinct report_id, input_key from inputs) as i
    inner join checks as c on c.input_key = i.input_key and c.required
    inner join required_counts as n on n.subject = c.subject
    group by i.report_id, c.subject, n.n_required
    having count(*) = n.n_required
),

terms as (
    select
        s.report_id,
        'plausibility_report' as rule_id,
        s.subject,
        cast(null as varchar) as related_report_id,
        c.side,
        1 as sign,
        c.term_order * 10 + i.part_order as term_order,
        coalesce(i.metric_label_zh, i.metric_key) || '（' || i.metric_key || '）' as term_label,
        {{ rule_term_figure('i') }}
    from instances as s
    inner join checks as c on c.subject = s.subject
    inner join inputs as i on i.report_id = s.report_id and i.input_key = c.input_key
),

evaluated as (
    {{ evaluate_rule_terms('terms', status=status) }}
)

select
    e.*,
    {{ status }} as status,
    r.updated_at
from evaluated as e
inner join restaged as r on r.report_id = e.report_id
