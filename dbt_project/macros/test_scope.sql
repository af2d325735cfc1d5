{#- Data tests in an incremental run read only the rows of the reports staged since the last published
    build, for the models rebuilt report by report (var `per_report_models`): the dbt step writes that
    watermark to meta.dbt_test_scope when only staging moved since then (orchestration/assets/dbt.py):
    the dbt project and the taxonomy are unchanged, so every older row passed these tests when it was
    published and has not changed since, and a test on these models can only find a new failure among
    the rebuilt reports' rows (their uniqueness keys start with report_id). An empty meta.dbt_test_scope
    (a full build, a changed project) makes the filter keep every row. Models rebuilt by agency, tables
    rebuilt whole and singular tests always read whole tables.
    The watermark is read by the query, not passed as a dbt var or env var: either would change at
    every run and cost dbt its partial parse of every file with a test.
    This overrides dbt's own default__get_where_subquery, through which every generic test reads its model. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if relation.identifier in var('per_report_models') -%}
        {%- set scope -%}
            report_id in (select report_id from staging.stg_reports
                          where updated_at > coalesce((select max(since) from meta.dbt_test_scope), '-infinity'::timestamp))
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
