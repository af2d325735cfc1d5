{#-
  One row per agency x report year. When several reports claim the same agency and year (a
  re-publication, a corrected version, a department report filed twice), all stay in fct_reports
  and one is chosen here by, in order:
    1. most canonical figures stated (non-NULL among var('mart_metrics'));
    2. report family: national_2021, national_2019 over legacy_table, legacy_short, narrative;
    3. most recent publication_date (NULL last);
    4. smallest report_id (deterministic tie-break).
  Reports without agency or without report_year are excluded.
-#}
with reports as (
    select
        *,
        {{ count_stated_metrics() }} as n_metrics_stated,
        case family
            when 'national_2021' then 1
            when 'national_2019' then 2
            when 'legacy_table'  then 3
            when 'legacy_short'  then 4
            when 'narrative'     then 5
            else 6
        end as family_rank
    from {{ ref('fct_reports') }}
    where agency_id is not null
      and report_year is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by agency_id, report_year
            order by n_metrics_stated desc, family_rank, publication_date desc nulls last, report_id
        ) as choice_rank,
        count(*) over (partition by agency_id, report_year) as n_candidate_reports,
        list(report_id) over (
            partition by agency_id, report_year
            order by report_id
            rows between unbounded preceding and unbounded following
        ) as candidate_report_ids
    from reports
)

select
    agency_id,
    agency,
    report_year,
    report_id,
    family,
    n_metrics_stated,
    n_candidate_reports,
    list_filter(candidate_report_ids, lambda x: x <> report_id) as other_report_ids,
    {{ metric_column_list() }}
from ranked
where choice_rank = 1
