{#- Data tests in an incremental run read only the rows of the reports staged since the last published
    build (var `tests_since`, passed by orchestration/assets/dbt.py when only staging moved since then:
    the dbt project and the taxonomy are unchanged, so every older row passed these tests when it was
    published and has not changed since). Only the models rebuilt report by report
    (var `per_report_models`) are scoped: a test on them can only find a new failure among the rebuilt
    reports' rows (their uniqueness keys start with report_id). Models rebuilt by agency, tables rebuilt
    whole, singular tests and every test of a full build read whole tables.
    This overrides dbt's own default__get_where_subquery, through which every generic test reads its model. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {#- an environment variable, not a dbt var: a new --vars value would cost dbt its partial parse -#}
    {%- set since = env_var('OGI_DBT_TESTS_SINCE', '') -%}
    {%- if since and relation.identifier in var('per_report_models') -%}
        {%- set scope -%}
            report_id in (select report_id from staging.stg_reports where updated_at > '{{ since }}'::timestamp)
        {%- endset -%}
        {%- set where = '(' ~ where ~ ') and ' ~ scope if where else scope -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
