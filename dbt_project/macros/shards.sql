{#- Sharded builds: a model too big for one statement within DuckDB's memory limit is built in shards.
    The model marks where its rows are cut with in_shard(column), on a hex key (report_id, agency_id).
    When dbt creates the model's table (first build, --full-refresh, or the temporary table of an
    incremental run), the statement is run once per shard, each with the marker replaced by a key
    range: the first creates the table, the others insert into it. Everything else (watermarks,
    delete+insert, hooks) is dbt-duckdb's own incremental materialization, untouched.
    How many shards follows the work: the reports the model rebuilds (macros/incremental.sql:
    restaged_reports) divided by the dbt var `reports_per_shard` (default 100,000), rounded up to a
    power of two (at most 256); the var `shards` forces a number. An incremental run of a few reports
    is one statement (each shard re-reads the model's inputs: 16 shards cost ~3 s on 10 new reports).
    Why: at a million reports int_rule_t3 alone evaluates ~177 million rule terms, and DuckDB cannot
    spill the ordered list aggregates that hold the evidence of the instances that did not pass; a
    shard of 1/16 holds 1/16 of them. The same pattern as dbt's insert_by_period (a marker in the
    model replaced per batch by the materialization).
    Compiled on its own (dbt compile, dbt show), the marker is `true`: every row. -#}

{#- The marker: every row when run as is; one shard's key range when the table is built. -#}
{% macro in_shard(column) -%}
    (true /*ogi:shard {{ column }}*/)
{%- endmacro %}

{#- How many shards: the var `shards` if set, else enough for `reports_per_shard` (a power of two, at most 256). -#}
{% macro shard_count() -%}
    {%- if var('shards', none) is not none -%}
        {{ return(var('shards') | int) }}
    {%- endif -%}
    {%- set n_reports = run_query('select count(*) from (' ~ restaged_reports() ~ ')').columns[0].values()[0] -%}
    {#- a model may ask for smaller shards: config(reports_per_shard=...) -#}
    {%- set per_shard = config.get('reports_per_shard') or var('reports_per_shard', 100000) -%}
    {%- set wanted = (n_reports / (per_shard | int)) | round(0, 'ceil') | int -%}
    {%- set n = namespace(shards=1) -%}
    {%- for _ in range(8) if n.shards < wanted -%}
        {%- set n.shards = n.shards * 2 -%}
    {%- endfor -%}
    {{ return(n.shards) }}
{%- endmacro %}

{#- The key ranges of n shards (a divisor of 16, or of 256): ranges of the leading hex digits. -#}
{% macro shard_ranges(n) -%}
    {%- set digits = 2 if n > 16 else 1 -%}
    {%- set space = 16 ** digits -%}
    {%- if n < 1 or space % n != 0 -%}
        {{ exceptions.raise_compiler_error("the number of shards must divide " ~ space ~ ", got " ~ n) }}
    {%- endif -%}
    {%- set step = space // n -%}
    {%- set fmt = '%0' ~ digits ~ 'x' -%}
    {%- set ranges = [] -%}
    {%- for i in range(n) -%}
        {%- set lo = fmt | format(i * step) if i > 0 else none -%}
        {%- set hi = fmt | format((i + 1) * step) if i < n - 1 else none -%}
        {%- do ranges.append((lo, hi)) -%}
    {%- endfor -%}
    {{ return(ranges) }}
{%- endmacro %}

{#- The statement of one shard: every marker replaced by the key range (lo, hi), none = unbounded.
    The ranges cover every string, so no key falls between two shards; NULL keys go to the first shard. -#}
{% macro sharded_code(compiled_code, lo, hi) -%}
    {%- set pattern = '\\(true /\\*ogi:shard ([A-Za-z0-9_."]+)\\*/\\)' -%}
    {%- set bounds = [] -%}
    {%- if lo is not none %}{% do bounds.append("\\1 >= '" ~ lo ~ "'") %}{% endif -%}
    {%- if hi is not none %}{% do bounds.append("\\1 < '" ~ hi ~ "'") %}{% endif -%}
    {%- set predicate = '(' ~ (bounds | join(' and ') if bounds else 'true') ~ ')' -%}
    {%- if lo is none and hi is not none %}{% set predicate = '(' ~ predicate ~ ' or \\1 is null)' %}{% endif -%}
    {{ return(modules.re.sub(pattern, predicate, compiled_code)) }}
{%- endmacro %}

{#- dbt-duckdb's create_table_as (dispatched from the `dbt` namespace, so the project's version is found
    first), shard by shard for a model with markers; unchanged for every other model. -#}
{% macro duckdb__create_table_as(temporary, relation, compiled_code, language='sql', partitioned_by=none, sorted_by=none) -%}
    {%- if language != 'sql' or '/*ogi:shard ' not in compiled_code -%}
        {{ return(dbt.duckdb__create_table_as(temporary, relation, compiled_code, language, partitioned_by, sorted_by)) }}
    {%- endif -%}
    {%- set ranges = shard_ranges(shard_count()) -%}
    {%- if ranges | length == 1 -%}
        {{ return(dbt.duckdb__create_table_as(temporary, relation, sharded_code(compiled_code, none, none), language, partitioned_by, sorted_by)) }}
    {%- endif -%}
    {{ dbt.duckdb__create_table_as(temporary, relation, sharded_code(compiled_code, ranges[0][0], ranges[0][1]), language, partitioned_by, sorted_by) }}
    {%- for lo, hi in ranges[1:] %}
    insert into {{ relation.include(database=(not temporary), schema=(not temporary)) }}
      select * from (
        {{ sharded_code(compiled_code, lo, hi) }}
      ) as model_subq;
    {%- endfor %}
{%- endmacro %}
