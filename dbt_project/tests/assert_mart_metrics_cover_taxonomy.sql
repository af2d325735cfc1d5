{#- Every taxonomy metric flagged mart_column (ingest/taxonomy/metrics.yml) must be a column of
    fct_reports, i.e. listed in var('mart_metrics'). Fails with the missing metric keys. -#}
select metric_key
from {{ source('staging', 'metric_taxonomy') }}
where is_mart_column
  and metric_key not in ({% for m in var('mart_metrics') %}'{{ m }}'{{ "," if not loop.last }}{% endfor %})
