"""A whole national-format report (2019 and 2021 forms): its figures, prose and tables, as text or
as an HTML page.
"""
from __future__ import annotations

from ingest.evaluation.synthetic.agencies import self_reference
from ingest.evaluation.synthetic.figures import applications_handled, t2_blocks, t3_values, t4_values
from ingest.evaluation.synthetic.national_tables import national_cells, national_html, national_pipe, t3_rows
from ingest.evaluation.synthetic.prose import (
    FILLER_OVERVIEW, FILLER_PROBLEMS, fill_prose, intro, padding_paragraphs, page_chrome, proactive_sentence,
    publication_date, report_title,
)


def build_national(rng, ag, year, family, layout, truth) -> str:
    year_format = "2021" if family == "national_2021" else "2019"
    n = applications_handled(rng, ag)
    vals = t3_values(rng, year_format, n)
    t4 = t4_values(rng, n)
    t2 = t2_blocks(rng, year_format, n)
    t3rows = t3_rows(year_format, vals)
    truth.update(
        applications_new=vals["new"][-1], applications_carried_over=vals["carried_over"][-1],
        applications_carried_forward=vals["carried_forward"][-1], outcome_granted=vals["granted"][-1],
        outcome_partial=vals["partial"][-1], outcome_total=vals["total"][-1],
        reconsideration_total=t4[4], litigation_total=t4[9] + t4[14],
    )
    truth["_t3"] = vals
    truth["_t4"] = t4
    self_name = self_reference(ag)
    p = rng.randint(5, 400) if ag["level"] == "county" else rng.randint(20, 5000)
    overview = fill_prose(rng, FILLER_OVERVIEW, rng.randint(7, 12), self_name)
    paras = [overview[0]]
    if rng.random() < 0.75:
        paras.append("（一）主动公开。" + overview[1] + proactive_sentence(rng, ag, year, p))
        truth["proactive_items"] = p
    else:
        paras.append("（一）主动公开。" + overview[1])
        truth["proactive_items"] = None
    if rng.random() < 0.5:
        paras.append(f"（二）依申请公开。{overview[2]}{year}年，{self_name}新收政府信息公开申请{vals['new'][-1]}件，"
                     f"上年结转{vals['carried_over'][-1]}件，办结申请{vals['total'][-1]}件，"
                     f"结转下年度继续办理{vals['carried_forward'][-1]}件。")
    else:
        paras.append("（二）依申请公开。" + overview[2])
    paras += ["（三）政府信息管理。" + overview[3] + overview[4], "（四）平台建设。" + overview[5] + overview[6]]
    paras += ["（五）监督保障。" + "".join(overview[7:])]
    problems = fill_prose(rng, FILLER_PROBLEMS, rng.randint(3, 6), self_name)
    fees = ("本年度未收取信息处理费。" if year_format == "2021" else "本年度无政府信息公开收费情况。")
    makers = {"pipe": national_pipe, "cells": national_cells, "html": national_html}
    if layout != "cells" and rng.random() < 0.12:
        # zero cells of the applicant columns left blank or '/', the 总计 column filled in
        mark = rng.choice(["", "/", "—"])
        t3rows = [(cells, [mark if (v == 0 and j < 6) else v for j, v in enumerate(vals)]) for cells, vals in t3rows]
        truth.setdefault("features", []).append("t3_blank_cells")
    t2_text, t3_text, t4_text = makers[layout](rng, year_format, t2, t3rows, t4)
    have = sum(len(x.encode("utf-8")) for x in (t2_text, t3_text, t4_text, *paras, *problems)) + 1200
    if layout == "html":
        have += 3000
    paras += padding_paragraphs(rng, have, rng.randint(8500, 14500), self_name, overview)
    title = report_title(ag, year, True, rng)
    py, pm, pd = publication_date(rng, year)
    sections = [
        ("", [intro(rng, ag, year, True)]),
        ("一、总体情况", paras),
        ("二、主动公开政府信息情况", [t2_text]),
        ("三、收到和处理政府信息公开申请情况", [t3_text]),
        ("四、政府信息公开行政复议、行政诉讼情况", [t4_text]),
        ("五、存在的主要问题及改进情况", problems),
        ("六、其他需要报告的事项", [fees + rng.choice(["无其他需要报告的事项。", "本机关无其他需要报告的事项。", "无。"])]),
    ]
    if layout == "html":
        return _html_page(rng, ag, title, sections, (py, pm, pd))
    head, tail = page_chrome(rng, title, ag, (py, pm, pd))
    lines = head + [title]
    for heading, paras_ in sections:
        if heading:
            lines.append(heading)
        lines.extend(paras_)
    lines += ["", ag["agency"], f"{py}年{pm}月{pd}日"] + tail
    return "\n".join(lines) + "\n"


def _html_page(rng, ag, title, sections, date) -> str:
    py, pm, pd = date
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{title}_{ag['place']}人民政府</title>",
        "<style>.article-content p{text-indent:2em;line-height:2}</style>",
        "<script>var _hmt = _hmt || [];</script>",
        "</head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>',
        '<table class="table_content"><tbody>',
        f'<tr><td>名称</td><td colspan="3">{title}</td></tr>',
        f"<tr><td>发布机构</td><td>{ag['agency']}</td><td>公开日期</td><td>{py}-{pm:02d}-{pd:02d}</td></tr>",
        "</tbody></table>",
        f'<h1 class="article-title">{title}</h1>',
        '<div class="article-content" id="zoomcon">',
    ]
    for heading, paras in sections:
        if heading:
            out.append(f"<p><strong>{heading}</strong></p>")
        for para in paras:
            out.append(para if para.startswith("<table") else f"<p>{para}</p>")
    out += [f'<p style="text-align:right">{ag["agency"]}</p>', f'<p style="text-align:right">{py}年{pm}月{pd}日</p>',
            "</div>", '<div class="footer">扫一扫在手机打开当前页</div>', "</body></html>"]
    return "\n".join(out) + "\n"
