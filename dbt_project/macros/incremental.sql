{#- Incremental per-report models (materialized='incremental', delete+insert on report_id).
    A model's watermark is the latest staging.stg_reports.updated_at among its own rows (its `updated_at`
    column): each run rebuilds the rows of the reports staged after it (new, re-parsed, or with a new file
    name). Every model keeps its own watermark, so a run stopped between two models loses nothing.
    A model whose `updated_at` column is missing (a table built before it was incremental) rebuilds every
    report, and on_schema_change (dbt_project.yml) adds the column. -#}

{#- The reports to (re)build: report_id, updated_at. All of them on a first or --full-refresh build. -#}
{% macro restaged_reports() -%}
    select report_id, updated_at
    from {{ source('staging', 'stg_reports') }}
    {%- if is_incremental() and 'updated_at' in adapter.get_columns_in_relation(this) | map(attribute='name') | list %}
    where updated_at > (select coalesce(max(updated_at), '-infinity'::timestamp) from {{ this }})
    {%- endif %}
{%- endmacro %}

{#- The agencies whose continuity rows (int_rule_continuity) are rebuilt: those of the reports to rebuild.
    A report's agency can only change when it is re-parsed by a new parser version, which re-parses every
    report, so the agencies of the restaged reports cover every agency-year pair that can change. -#}
{% macro restaged_agencies() -%}
    select distinct agency_id
    from {{ ref('fct_reports') }}
    where agency_id is not null
      and report_id in (select report_id from ({{ restaged_reports() }}))
{%- endmacro %}

{#- The rule rows rebuilt by agency, not by report: they compare an agency's reports across years
    (the continuity family, and plausibility_history). A predicate on rule_family / rule_id. -#}
{% macro across_years_rule() -%}
    (rule_family = 'continuity' or rule_id in ('plausibility_history', 'year_over_year', 'text_reuse'))
{%- endmacro %}

{#- The reports of those agencies: a continuity row belongs to its year-N report's agency. -#}
{% macro restaged_agency_reports() -%}
    select report_id from {{ ref('fct_reports') }} where agency_id in ({{ restaged_agencies() }})
{%- endmacro %}

{#- pre_hook of int_rule_continuity (incremental by agency): delete the rows of the restaged agencies, and
    any row naming a restaged report; every row of a table built before it was incremental (no agency_id). -#}
{% macro delete_restaged_agencies() -%}
    {%- if is_incremental() and 'agency_id' not in adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    delete from {{ this }}
    {%- elif is_incremental() -%}
    delete from {{ this }}
    where agency_id in ({{ restaged_agencies() }})
       or report_id in (select report_id from ({{ restaged_reports() }}))
       or related_report_id in (select report_id from ({{ restaged_reports() }}))
    {%- endif -%}
{%- endmacro %}

{#- pre_hook of a per-report model: delete the rows of the reports about to be rebuilt, since delete+insert
    only replaces the reports that still give rows (a re-parsed report may now give none). With
    continuity=true, also the across-years rule rows (continuity, plausibility_history) of the restaged
    agencies (a new report can change the pairs, and the medians, of its agency's other reports). Runs
    inside the model's transaction. -#}
{% macro delete_restaged_reports(continuity=false) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where report_id in (select report_id from ({{ restaged_reports() }}))
    {%- if continuity %}
       or ({{ across_years_rule() }} and report_id in ({{ restaged_agency_reports() }}))
    {%- endif %}
    {%- endif -%}
{%- endmacro %}

{#- The config of a per-report incremental model: delete+insert by report_id, and (pre_hook) the rows of
    the reports about to be rebuilt deleted first. Call it at the top of the model. -#}
{% macro per_report_incremental(delete_first=true) -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='report_id',
        pre_hook=(["{{ delete_restaged_reports() }}"] if delete_first else []),
    ) }}
{%- endmacro %}

{#- Year N and year N-1 of the restaged agencies (the reports fct_agency_year keeps), sharded by agency:
    agency_id, report_year, report_id, prev_report_id, updated_at (the later of the two). The rules that
    compare an agency's consecutive years read it (int_rule_continuity, int_rule_year_over_year). -#}
{% macro restaged_year_pairs() -%}
    select
        cur.agency_id,
        cur.report_year,
        cur.report_id,
        prev.report_id as prev_report_id,
        greatest(r_cur.updated_at, r_prev.updated_at) as updated_at
    from {{ ref('fct_agency_year') }} as cur
    inner join {{ ref('fct_agency_year') }} as prev
        on prev.agency_id = cur.agency_id
       and prev.report_year = cur.report_year - 1
    inner join {{ source('staging', 'stg_reports') }} as r_cur on r_cur.report_id = cur.report_id
    inner join {{ source('staging', 'stg_reports') }} as r_prev on r_prev.report_id = prev.report_id
    where cur.agency_id in ({{ restaged_agencies() }})
      and {{ in_shard('cur.agency_id') }}
{%- endmacro %}
