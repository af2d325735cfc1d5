{#- Report rules (see docs/quality.md). A rule instance is one (report, rule, subject): e.g. 表三's
    identity 一+二 = 三(七)+四 for the 自然人 column. Its inputs ("terms") come from a relation with:
      report_id, rule_id, subject, related_report_id,
      side          'stated'   the figure(s) the report states as the total
                    'expected' the figures the total should equal, added up with `sign`
                    'compared' (plausibility_history only) a figure the stated one is compared with,
                               not added up: the agency's other years
      sign          +1 / -1
      term_order    order of the term in the evidence list
      term_label    what the figure is (Chinese label, e.g. '一、本年新收… × 总计')
      figure_report_id, table_id, row_key, column_key, figure_no, value, value_kind,
      line_no, char_start, char_end, raw_text   the figure and its provenance (NULLs when absent)
    A term whose value is NULL (blank cell, '/', text, or the cell is absent) makes the instance
    NOT ASSESSABLE: neither passed nor failed. -#}

{#- Columns of a term, for one figure read from staging.stg_figures aliased `f`. -#}
{% macro rule_term_figure(f) -%}
    {{ f }}.report_id as figure_report_id,
    {{ f }}.table_id,
    {{ f }}.row_key,
    {{ f }}.column_key,
    {{ f }}.figure_no,
    {{ f }}.value,
    {{ f }}.value_kind,
    {{ f }}.line_no,
    {{ f }}.char_start,
    {{ f }}.char_end,
    {{ f }}.raw_text
{%- endmacro %}

{#- One row per rule instance from a relation of terms (see above).
    The sums are a plain (spillable) aggregation over every term. The evidence lists (missing inputs,
    every figure involved) are built only for the instances that did not pass: ordered list
    aggregates hold all their input in memory, and at 100,000 reports the lists of every passed
    instance no longer fitted in 8 GB. A passed instance has empty lists (its figures are in
    staging.stg_figures).
    With `figures` (a relation of staging.stg_figures rows), the terms carry only figure_report_id,
    figure_no and value, and the rest of each figure's provenance is joined from `figures` for the
    instances that did not pass: at a million reports, carrying every 表三 figure's provenance through
    the sums ran DuckDB out of 4 GB.
    With `status` (an SQL expression over stated_value, expected_value, n_missing, subject), that
    decides which instances did not pass instead of rule_status() (the plausibility rules). -#}
{% macro evaluate_rule_terms(terms, figures=none, status=none) -%}
with sums as (
    select
        report_id,
        rule_id,
        subject,
        any_value(related_report_id) as related_report_id,
        sum(sign * value) filter (where side = 'stated') as stated_value,
        sum(sign * value) filter (where side = 'expected') as expected_value,
        count(*) as n_inputs,
        count(*) filter (where value is null) as n_missing
    from {{ terms }}
    group by report_id, rule_id, subject
),

not_passed as (
    select report_id, rule_id, subject
    from sums
    where {{ status or rule_status() }} <> 'passed'
),

evidence as (
    select
        t.report_id,
        t.rule_id,
        t.subject,
        list(t.term_label order by t.term_order) filter (where t.value is null) as missing_inputs,
        list(
            struct_pack(
                side := t.side,
                sign := t.sign,
                label := t.term_label,
                report_id := t.figure_report_id,
                table_id := table_id,
                row_key := row_key,
                column_key := column_key,
                figure_no := t.figure_no,
                value := t.value,
                value_kind := value_kind,
                line_no := line_no,
                char_start := char_start,
                char_end := char_end,
                raw_text := raw_text
            )
            order by (t.side = 'expected'), t.term_order
        ) as figures
    from (select * from {{ terms }} semi join not_passed using (report_id, rule_id, subject)) as t
    {%- if figures %}
    left join (
        select report_id as figure_report_id, figure_no, table_id, row_key, column_key, value_kind, line_no,
               char_start, char_end, raw_text
        from {{ figures }}
    ) as f using (figure_report_id, figure_no)
    {%- endif %}
    group by t.report_id, t.rule_id, t.subject
)

select
    s.report_id,
    s.rule_id,
    s.subject,
    s.related_report_id,
    s.stated_value,
    s.expected_value,
    s.n_inputs,
    s.n_missing,
    coalesce(e.missing_inputs, []) as missing_inputs,
    coalesce(e.figures, []) as figures
from sums as s
left join evidence as e using (report_id, rule_id, subject)
{%- endmacro %}

{#- Status of an evaluated instance (columns stated_value, expected_value, n_missing). -#}
{% macro rule_status() -%}
    case
        when n_missing > 0 or stated_value is null or expected_value is null then 'not_assessable'
        when abs(stated_value - expected_value) < 1e-6 then 'passed'
        else 'failed'
    end
{%- endmacro %}

{#- Plausibility (docs/quality.md, "Plausibility"): `big` is far out of line with `small` when it is at
    least `factor` times it AND at least `min_difference` more. Multiplied, never divided: against a
    zero only the difference counts. -#}
{% macro far_above(big, small, factor, min_difference) -%}
    ({{ big }} >= {{ factor }} * {{ small }} and {{ big }} - {{ small }} >= {{ min_difference }})
{%- endmacro %}
