{#-
  Text reuse, one row per report with an agency and a year: how much of its text repeats the agency's
  previous report (the report fct_agency_year uses for year N-1), exact, in SQL.
  A sentence is a piece of stg_reports.source_text between 。！？；!?; or line ends, outside table rows (a line
  with '|' or a tab), normalised by removing whitespace and digits (years and counts change, the words stay);
  pieces shorter than var('text_reuse_min_sentence_chars') characters after that are ignored. Sentences are
  counted once (distinct normalised text). A sentence is copied when the same normalised sentence is in the
  previous report. share_sentences_copied = n_sentences_copied / n_sentences; share_chars_copied the same
  weighted by length. NULL without a previous report. copied_examples: the first three copied sentences by
  position, with line and offsets into source_text of both reports.
  Built in shards of agencies (macros/shards.sql; 10,000 reports a shard: splitting every text into
  sentences does not fit the memory limit at 100,000 reports in one statement).
  Incremental by agency (like int_rule_continuity): the rows of the agencies of the reports staged since the
  watermark are rebuilt (a new year N-1 report changes year N's row).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='agency_id',
    reports_per_shard=10000,
    pre_hook="{% if is_incremental() %}delete from {{ this }} where agency_id in ({{ restaged_agencies() }}) or report_id in (select report_id from ({{ restaged_reports() }})){% endif %}",
) }}
{%- set min_chars = var('text_reuse_min_sentence_chars') -%}
with reports as (
    select r.report_id, r.agency_id, r.agency, r.report_year, prev.report_id as previous_report_id
    from {{ ref('fct_reports') }} as r
    left join {{ ref('fct_agency_year') }} as prev
        on prev.agency_id = r.agency_id and prev.report_year = r.report_year - 1
    where r.agency_id in ({{ restaged_agencies() }})
      and r.report_year is not null
      and {{ in_shard('r.agency_id') }}
),

texts as (
    select report_id, source_text
    from {{ source('staging', 'stg_reports') }}
    where report_id in (select report_id from reports)
       or report_id in (select previous_report_id from reports)
),

all_lines as (
    -- every line's offset in source_text, table rows included (they are left out only after this)
    select report_id, line_no, line,
           cast(sum(length(line) + 1) over w - length(line) - 1 as integer) as line_start
    from (
        select report_id, unnest(generate_series(1, len(parts))) as line_no, unnest(parts) as line
        from (select report_id, string_split(source_text, chr(10)) as parts from texts)
    )
    window w as (partition by report_id order by line_no rows between unbounded preceding and current row)
),

lines as (
    select * from all_lines where strpos(line, '|') = 0 and strpos(line, chr(9)) = 0
),

pieces as (
    select
        report_id,
        line_no,
        cast(line_start + sum(length(piece) + 1) over w - length(piece) - 1 as integer) as char_start,
        piece
    from (
        select report_id, line_no, line_start, unnest(generate_series(1, len(parts))) as piece_no, unnest(parts) as piece
        from (select report_id, line_no, line_start, regexp_split_to_array(line, '[。！？；!?;]') as parts from lines)
    )
    window w as (partition by report_id, line_no order by piece_no rows between unbounded preceding and current row)
),

sentences as (
    -- matched by a 64-bit hash of the normalised sentence (not the text itself: at 100,000 reports the
    -- texts of every sentence did not fit the memory limit); a collision inside one pair of reports is
    -- about 1 in 10^15
    select report_id, sentence_key, any_value(sentence_chars) as sentence_chars,
           min_by(line_no, char_start) as line_no, min(char_start) as char_start,
           arg_min(piece, char_start) as piece
    from (
        select report_id, line_no, char_start, piece, hash(sentence) as sentence_key, length(sentence) as sentence_chars
        from (select *, regexp_replace(piece, '[\s\d\x{3000}\x{a0}]', '', 'g') as sentence from pieces)
        where length(sentence) >= {{ min_chars }}
    )
    group by report_id, sentence_key
),

matched as (
    select
        r.report_id,
        s.sentence_key,
        s.sentence_chars,
        s.line_no,
        s.char_start,
        s.piece,
        p.report_id is not null as copied,
        p.line_no as previous_line_no,
        p.char_start as previous_char_start,
        p.piece as previous_piece
    from reports as r
    inner join sentences as s on s.report_id = r.report_id
    left join sentences as p on p.report_id = r.previous_report_id and p.sentence_key = s.sentence_key
)

select
    r.report_id,
    r.agency_id,
    r.agency,
    r.report_year,
    r.previous_report_id,
    coalesce(count(m.sentence_key), 0) as n_sentences,
    case when r.previous_report_id is not null then count(m.sentence_key) filter (where m.copied) end as n_sentences_copied,
    case when r.previous_report_id is not null and count(m.sentence_key) > 0
         then round(count(m.sentence_key) filter (where m.copied) / count(m.sentence_key), 4) end as share_sentences_copied,
    case when r.previous_report_id is not null and count(m.sentence_key) > 0
         then round(coalesce(sum(m.sentence_chars) filter (where m.copied), 0) / sum(m.sentence_chars), 4)
    end as share_chars_copied,
    coalesce(
        list_slice(list(
            struct_pack(
                text := m.piece,
                line_no := m.line_no,
                char_start := m.char_start,
                char_end := m.char_start + length(m.piece),
                previous_text := m.previous_piece,
                previous_line_no := m.previous_line_no,
                previous_char_start := m.previous_char_start,
                previous_char_end := m.previous_char_start + length(m.previous_piece)
            )
            order by m.char_start
        ) filter (where m.copied), 1, 3),
        []
    ) as copied_examples,
    greatest(any_value(t.updated_at), coalesce(any_value(pt.updated_at), any_value(t.updated_at))) as updated_at
from reports as r
left join matched as m on m.report_id = r.report_id
left join {{ source('staging', 'stg_reports') }} as t on t.report_id = r.report_id
left join {{ source('staging', 'stg_reports') }} as pt on pt.report_id = r.previous_report_id
group by r.report_id, r.agency_id, r.agency, r.report_year, r.previous_report_id
