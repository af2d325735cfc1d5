{#- One row per agency (agency name + division code). Descriptive attributes come from the agency's
    most recent report (latest report_year, then latest publication_date, then smallest report_id). -#}
with reports as (
    select * from {{ ref('fct_reports') }}
    where agency_id is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by agency_id
            order by report_year desc nulls last, publication_date desc nulls last, report_id
        ) as recency_rank
    from reports
),

counts as (
    select
        agency_id,
        count(*) as n_reports,
        min(report_year) as first_year,
        max(report_year) as last_year
    from reports
    group by agency_id
)

select
    r.agency_id,
    r.agency,
    r.province,
    r.city,
    r.county,
    r.division_code,
    r.admin_level,
    r.agency_type,
    c.n_reports,
    c.first_year,
    c.last_year
from ranked as r
inner join counts as c on c.agency_id = r.agency_id
where r.recency_rank = 1
