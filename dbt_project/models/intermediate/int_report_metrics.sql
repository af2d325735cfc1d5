{#-
  One row per report x canonical metric: the value the warehouse believes, and where it was read.

  Candidates: every stg_figures row with a metric_key that states the report's own figure:
    tier 1  table cells: 表四 (t4) cells, and cells in a value column
            (column_key in var('metric_value_columns'): 表三 总计, legacy 统计数 / 本年)
    tier 2  narrative figures ("共受理依申请公开342件", "未收到申请" = 0)
  Other table cells with a metric_key (表三's 自然人 column, a legacy 历年累计 column) are not candidates.

  Choice, in order:
    1. a candidate with a value (number or zero) over one without (blank, '/', text):
       a blank table cell never becomes 0, but a narrative figure, zero included, fills it;
    2. table over narrative;
    3. the report's own file over a workbook attached to it (int_figures), then first in the file (figure_no).
  When nothing has a value, the chosen row keeps the blank cell's provenance with value NULL.

  litigation_total, when no candidate states it with a value, is derived as
  litigation_direct_total + litigation_after_review_total when both are stated (source = 'derived').

  n_candidates / n_distinct_values / has_conflict keep disagreements between the table and the
  narrative visible: a disagreement is a finding.

  Corrections (docs/reviews.md): a review in force with action 'correct' (staging.reviews, the latest
  one per report and metric) replaces `value` when the parsed value is still the one the reviewer
  saw; `parsed_value` keeps what was read and `correction_review_id` names the review. A parsed value
  that changed since makes the correction stale: it is not applied. A correction of a metric the
  report has no figure for adds a row (source = 'review').

  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql); a new
  review restages its report (ingest/review_store.py).
-#}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

figures as (
    select *
    from {{ ref('int_figures') }}
    where metric_key is not null
      and report_id in (select report_id from restaged)
),

candidates as (
    select
        report_id,
        source_report_id,
        metric_key,
        figure_no,
        source,
        table_id,
        row_key,
        column_key,
        value,
        value_kind,
        unit,
        line_no,
        char_start,
        char_end,
        raw_text,
        case when source = 'table' then 1 else 2 end as source_rank
    from figures
    where source = 'narrative'
       or (source = 'table'
           and (table_id = 't4'
                or column_key in ({% for c in var('metric_value_columns') %}'{{ c }}'{{ "," if not loop.last }}{% endfor %})))
),

ranked as (
    select
        *,
        row_number() over (
            partition by report_id, metric_key
            order by (value is null), source_rank, (source_report_id <> report_id), figure_no
        ) as choice_rank,
        count(*) over (partition by report_id, metric_key) as n_candidates,
        count(distinct value) over (partition by report_id, metric_key) as n_distinct_values
    from candidates
),

chosen as (
    select
        report_id,
        source_report_id,
        metric_key,
        value,
        value_kind,
        unit,
        source,
        table_id,
        row_key,
        column_key,
        figure_no,
        line_no,
        char_start,
        char_end,
        raw_text,
        cast(null as varchar) as derivation,
        n_candidates,
        n_distinct_values
    from ranked
    where choice_rank = 1
),

litigation_parts as (
    select
        d.report_id,
        d.value + a.value as value,
        d.table_id,
        d.line_no,
        least(d.char_start, a.char_start) as char_start,
        greatest(d.char_end, a.char_end) as char_end,
        d.raw_text || ' + ' || a.raw_text as raw_text
    from chosen as d
    inner join chosen as a
        on a.report_id = d.report_id
       and a.metric_key = 'litigation_after_review_total'
    where d.metric_key = 'litigation_direct_total'
      and d.value is not null
      and a.value is not null
),

derived_litigation as (
    select
        p.report_id,
        p.report_id as source_report_id,
        'litigation_total' as metric_key,
        p.value,
        case when p.value = 0 then 'zero' else 'number' end as value_kind,
        '件' as unit,
        'derived' as source,
        p.table_id,
        cast(null as varchar) as row_key,
        cast(null as varchar) as column_key,
        cast(null as integer) as figure_no,
        p.line_no,
        p.char_start,
        p.char_end,
        p.raw_text,
        'litigation_direct_total + litigation_after_review_total' as derivation,
        coalesce(stated.n_candidates, 0) as n_candidates,
        coalesce(stated.n_distinct_values, 0) as n_distinct_values
    from litigation_parts as p
    left join chosen as stated
        on stated.report_id = p.report_id
       and stated.metric_key = 'litigation_total'
    where stated.value is null   -- no statement, or only a blank cell
),

combined as (
    select * from chosen
    where not exists (
        select 1 from derived_litigation as dl
        where dl.report_id = chosen.report_id and dl.metric_key = chosen.metric_key
    )
    union all by name
    select * from derived_litigation
),

corrections as (
    select report_id, metric_key, corrected_value, review_id, seen_parsed_value
    from {{ source('staging', 'reviews') }}
    where action = 'correct'
      and report_id in (select report_id from restaged)
    qualify row_number() over (partition by report_id, metric_key order by followed_file, seq desc) = 1
),

corrected as (
    select
        c.* replace (
            case when k.review_id is not null then k.corrected_value else c.value end as value,
            case when k.review_id is null then c.value_kind
                 when k.corrected_value = 0 then 'zero' else 'number' end as value_kind
        ),
        c.value as parsed_value,
        k.review_id as correction_review_id
    from combined as c
    left join corrections as k
        on k.report_id = c.report_id
       and k.metric_key = c.metric_key
       and k.seen_parsed_value is not distinct from c.value
    union all by name
    select
        k.report_id,
        k.report_id as source_report_id,
        k.metric_key,
        k.corrected_value as value,
        case when k.corrected_value = 0 then 'zero' else 'number' end as value_kind,
        'review' as source,
        0 as n_candidates,
        0 as n_distinct_values,
        cast(null as double) as parsed_value,
        k.review_id as correction_review_id
    from corrections as k
    where k.seen_parsed_value is null
      and not exists (select 1 from combined as c where c.report_id = k.report_id and c.metric_key = k.metric_key)
)

select
    c.report_id,
    c.source_report_id,
    c.metric_key,
    t.label_zh as metric_label_zh,
    t.label_en as metric_label_en,
    c.value,
    c.value_kind,
    coalesce(c.unit, t.unit) as unit,
    c.source,
    c.table_id,
    c.row_key,
    c.column_key,
    c.figure_no,
    c.line_no,
    c.char_start,
    c.char_end,
    c.raw_text,
    c.derivation,
    c.n_candidates,
    c.n_distinct_values,
    c.n_distinct_values > 1 as has_conflict,
    c.parsed_value,
    c.correction_review_id,
    r.updated_at
from corrected as c
inner join restaged as r
    on r.report_id = c.report_id
left join {{ source('staging', 'metric_taxonomy') }} as t
    on t.metric_key = c.metric_key
