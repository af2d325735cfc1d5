{#-
  Where an agency stands among its peers, one row per agency and year (marts.fct_agency_year, the report
  chosen for that year). Peer group: same province, admin_level and agency_type (dim_agency), same year;
  NULL (no percentiles) when one of the three is unknown. peer_group_size: the agencies of the group with a
  report that year.
  The ratios, each NULL where its denominator is 0 or unknown (or the numerator unknown):
    applications_new                  本年新收 (a count, not a ratio)
    granted_share                     予以公开 / 三（七）总计 (outcome_granted / outcome_total)
    reconsideration_corrected_share   表四 行政复议 结果纠正 / 行政复议 总计
    litigation_corrected_share        表四 (未经复议直接起诉 + 复议后起诉) 结果纠正 / their 总计
  "Went against the agency" is 表四's 结果纠正 (the decision was corrected): not a canonical metric, read from
  the chosen report's 表四 cells in int_figures (its first figure per column, as int_rule_t4 does).
  Each *_pct is percent_rank() within the peer group and year over the agencies with that ratio: 0 the lowest,
  1 the highest, (rank - 1) / (n - 1); 0 when the agency is alone with a value; n_peers_with_* that n.
-#}
with years as (
    select
        y.agency_id, y.agency, y.report_year, y.report_id,
        a.province, a.admin_level, a.agency_type,
        case when a.province is not null and a.admin_level is not null and a.agency_type is not null
             then a.province || ' / ' || a.admin_level || ' / ' || a.agency_type end as peer_group,
        y.applications_new, y.outcome_granted, y.outcome_total
    from {{ ref('fct_agency_year') }} as y
    left join {{ ref('dim_agency') }} as a using (agency_id)
),

t4 as (
    select report_id, column_key, value
    from {{ ref('int_figures') }}
    where table_id = 't4'
      and column_key in ('review.corrected', 'review.total', 'direct.corrected', 'direct.total',
                         'after_review.corrected', 'after_review.total')
      and report_id in (select report_id from years)
    qualify row_number() over (partition by report_id, column_key order by figure_no) = 1
),

t4_wide as (
    select
        report_id,
        any_value(value) filter (where column_key = 'review.corrected') as review_corrected,
        any_value(value) filter (where column_key = 'review.total') as review_total,
        any_value(value) filter (where column_key = 'direct.corrected')
            + any_value(value) filter (where column_key = 'after_review.corrected') as litigation_corrected,
        any_value(value) filter (where column_key = 'direct.total')
            + any_value(value) filter (where column_key = 'after_review.total') as litigation_cases
    from t4
    group by report_id
),

ratios as (
    select
        y.*,
        y.outcome_granted / nullif(y.outcome_total, 0) as granted_share,
        w.review_corrected / nullif(w.review_total, 0) as reconsideration_corrected_share,
        w.litigation_corrected / nullif(w.litigation_cases, 0) as litigation_corrected_share
    from years as y
    left join t4_wide as w using (report_id)
)

select
    agency_id,
    agency,
    report_year,
    report_id,
    peer_group,
    province,
    admin_level,
    agency_type,
    case when peer_group is not null then count(*) over (partition by peer_group, report_year) end as peer_group_size,
    applications_new,
    round(granted_share, 4) as granted_share,
    round(reconsideration_corrected_share, 4) as reconsideration_corrected_share,
    round(litigation_corrected_share, 4) as litigation_corrected_share,
    {%- for ratio in ['applications_new', 'granted_share', 'reconsideration_corrected_share', 'litigation_corrected_share'] %}
    case when peer_group is not null and {{ ratio }} is not null
         then count({{ ratio }}) over (partition by peer_group, report_year) end as n_peers_with_{{ ratio }},
    case when peer_group is not null and {{ ratio }} is not null
         then round(percent_rank() over (partition by peer_group, report_year, {{ ratio }} is null order by {{ ratio }}), 4)
    end as {{ ratio }}_pct{{ "," if not loop.last }}
    {%- endfor %}
from ratios
