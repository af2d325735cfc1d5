"""A report's text with every extracted figure marked where it was read (what `ogi explain` prints)."""
from __future__ import annotations

import html

import polars as pl

from app.data import number_text
from ogi.commands.explain import figure_place as where  # one wording of 'where', shared with the CLI

TABLE_NAMES = {
    "t2_2019": "表二 主动公开政府信息情况 (2019 format)",
    "t2_2021": "表二 主动公开政府信息情况 (2021 format)",
    "t3": "表三 收到和处理政府信息公开申请情况",
    "t4": "表四 政府信息公开行政复议、行政诉讼情况",
    "legacy_stats": "统计表 (pre-2019 statistics table)",
    "legacy_short": "统计表 (pre-2019 short table)",
    "narrative": "正文 (figures stated in the prose)",
}
COLOURS = {"number": "#ffe58a", "zero": "#c7f0c2", "empty": "#dddddd", "not_applicable": "#dddddd",
           "text": "#f6c7c7"}


def describe(fig: dict) -> str:
    """The tooltip of one marked figure: metric, value, kind, how it was read and where."""
    what = fig["metric_key"] or f"{fig['row_key']} / {fig['column_key']}"
    place = where(fig["page"], fig["bbox"], fig["cell_ref"], fig["ocr_confidence"])
    return (f"{what} = {number_text(fig['value']) or '—'} ({fig['value_kind']}, read as {fig['read_as']}"
            + (f", {place}" if place else "") + ")")


def marked(text: str, figs: pl.DataFrame, start: int = 0, end: int | None = None) -> str:
    """text[start:end] as HTML with each figure inside it in a <mark> (overlaps: the first one wins)."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for fig in figs.sort("char_start").iter_rows(named=True):
        s, e = fig["char_start"], fig["char_end"]
        if s < cursor or e > end or s >= e:
            continue
        out.append(html.escape(text[cursor:s]))
        colour = COLOURS.get(fig["value_kind"], "#ffe58a")
        out.append(f'<mark style="background:{colour}" title="{html.escape(describe(fig), quote=True)}">'
                   f"{html.escape(text[s:e])}</mark>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    body = "".join(out).replace("\n", "<br>")  # no blank line: the block stays one HTML block in Markdown
    return f'<div style="font-family:monospace;white-space:pre-wrap;line-height:1.6">{body}</div>'


def table_span(text: str, figs: pl.DataFrame) -> tuple[int, int]:
    """From the start of the line of a table's first figure to the end of the line of its last."""
    s, e = int(figs["char_start"].min()), int(figs["char_end"].max())
    s = text.rfind("\n", 0, s) + 1
    nl = text.find("\n", e)
    return s, len(text) if nl < 0 else nl


def figure_rows(figs: pl.DataFrame) -> pl.DataFrame:
    """The figures of one table as `ogi explain` lists them."""
    return figs.with_columns(
        pl.struct(["page", "bbox", "cell_ref", "ocr_confidence"]).map_elements(
            lambda r: where(r["page"], r["bbox"], r["cell_ref"], r["ocr_confidence"]), return_dtype=pl.Utf8
        ).alias("where"),
    ).select(["row_key", "column_key", "metric_key", "value", "value_kind", "read_as", "line_no", "where",
              "raw_text", "run_text"])
