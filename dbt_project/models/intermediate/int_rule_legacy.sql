{#-
  Legacy statistics tables (统计表 legacy_stats, 地方简表 legacy_short), one row per report x table x
  value column (本年 'year', 历年累计 'cumulative'):
    legacy_channels   收到申请数 = 当面 + 传真 + 网络 (+ 电子邮件) + 信函 (+ 信函、传真) + 其他形式
  The channels are the channel rows the table has. When a channel cell is blank or '/', or the
  table has no channel row, the instance is not assessable.
  Incremental: rebuilds the reports staged since its watermark (macros/incremental.sql).
-#}
{% set channels = ['in_person', 'fax', 'online', 'email', 'letter', 'letter_fax', 'other_channel'] %}
{{ per_report_incremental() }}
with restaged as (
    {{ restaged_reports() }}
),

legacy as (
    select *
    from {{ ref('int_figures') }}
    where table_id in ('legacy_stats', 'legacy_short')
      and report_id in (select report_id from restaged)
      and column_key in ('year', 'cumulative')
      and row_key in ('applications_new', {% for c in channels %}'{{ c }}'{{ "," if not loop.last }}{% endfor %})
    qualify row_number() over (partition by report_id, table_id, row_key, column_key order by figure_no) = 1
),

instances as (
    select distinct report_id, table_id, column_key
    from legacy
    where row_key = 'applications_new'
),

channel_rows as (
    select * from legacy where row_key <> 'applications_new'
),

terms as (
    -- the stated total
    select
        i.report_id,
        'legacy_channels' as rule_id,
        'table=' || i.table_id || ' column=' || i.column_key as subject,
        cast(null as varchar) as related_report_id,
        'stated' as side,
        1 as sign,
        0 as term_order,
        '收到申请数 × ' || i.column_key as term_label,
        {{ rule_term_figure('f') }}
    from instances as i
    inner join legacy as f
        on f.report_id = i.report_id and f.table_id = i.table_id
       and f.column_key = i.column_key and f.row_key = 'applications_new'
    union all
    -- each channel row the table has
    select
        i.report_id,
        'legacy_channels',
        'table=' || i.table_id || ' column=' || i.column_key,
        cast(null as varchar),
        'expected',
        1,
        f.figure_no,
        f.row_key || ' × ' || i.column_key,
        {{ rule_term_figure('f') }}
    from instances as i
    inner join channel_rows as f
        on f.report_id = i.report_id and f.table_id = i.table_id and f.column_key = i.column_key
    union all
    -- no channel row at all: a missing input
    select
        i.report_id,
        'legacy_channels',
        'table=' || i.table_id || ' column=' || i.column_key,
        cast(null as varchar),
        'expected',
        1,
        1000000,
        '申请渠道（表中未列出）',
        cast(null as varchar), cast(null as varchar), cast(null as varchar), cast(null as varchar),
        cast(null as integer), cast(null as double), cast(null as varchar),
        cast(null as integer), cast(null as integer), cast(null as integer), cast(null as varchar)
    from instances as i
    where not exists (
        select 1 from channel_rows as f
        where f.report_id = i.report_id and f.table_id = i.table_id and f.column_key = i.column_key
    )
),

evaluated as (
    {{ evaluate_rule_terms('terms') }}
)

select
    e.*,
    {{ rule_status() }} as status,
    r.updated_at
from evaluated as e
inner join restaged as r on r.report_id = e.report_id
