{#- The canonical figures as columns (var mart_metrics), pivoted from int_report_metrics rows.
    Counts are BIGINT; amounts of money (keys ending in _yuan) stay DOUBLE.
    `relation_alias` is the alias of int_report_metrics in the calling query; use with GROUP BY report_id. -#}
{% macro pivot_metric_columns(relation_alias='m') -%}
    {%- for metric in var('mart_metrics') %}
    {%- set value = "max(" ~ relation_alias ~ ".value) filter (where " ~ relation_alias ~ ".metric_key = '" ~ metric ~ "')" %}
    {{ value if metric.endswith('_yuan') else "cast(" ~ value ~ " as bigint)" }} as {{ metric }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- Comma-separated list of the metric columns, optionally qualified by a table alias. -#}
{% macro metric_column_list(relation_alias=none) -%}
    {%- for metric in var('mart_metrics') -%}
    {{ relation_alias ~ '.' if relation_alias }}{{ metric }}{{ ", " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- Number of canonical (is_mart_column) figures stated with a value, for one row of fct_reports. -#}
{% macro count_stated_metrics(relation_alias=none) -%}
    ({%- for metric in var('mart_metrics') -%}
    (case when {{ relation_alias ~ '.' if relation_alias }}{{ metric }} is not null then 1 else 0 end){{ " + " if not loop.last }}
    {%- endfor -%})
{%- endmacro %}

{#- agency_id: md5 of the agency name and its division code (empty when unresolved). -#}
{% macro agency_id(agency, division_code) -%}
    case when {{ agency }} is not null
         then md5({{ agency }} || '|' || coalesce({{ division_code }}, ''))
    end
{%- endmacro %}
