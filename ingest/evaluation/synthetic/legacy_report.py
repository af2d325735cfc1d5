"""A whole pre-2019 report (families legacy_table, legacy_short and narrative): prose, the
sentences stating its figures, and its statistics table when it has one.
"""
from __future__ import annotations

from ingest.evaluation.synthetic.agencies import scope_word, self_reference
from ingest.evaluation.synthetic.figures import legacy_numbers
from ingest.evaluation.synthetic.legacy_tables import legacy_short_text, legacy_table_text
from ingest.evaluation.synthetic.prose import (
    FILLER_OVERVIEW, FILLER_PROBLEMS, fill_prose, intro, padding_paragraphs, page_chrome, proactive_sentence,
    publication_date, report_title,
)


def _narrative_requests(rng, ag, g, stated: dict, table_has_apps: bool) -> str:
    """Prose on applications. Records what it states in `stated`."""
    n = g["applications_new"]
    self_name = self_reference(ag)
    scope = scope_word(ag)
    if n == 0:
        stated["applications_new"] = 0
        return rng.choice([f"本年度{self_name}未收到政府信息公开申请。", f"{self_name}全年未收到依申请公开申请事项。",
                           "本年度无政府信息公开申请。"])
    if table_has_apps and rng.random() < 0.5:
        return "依申请公开工作严格按照法定程序办理，详见附表。"
    lead = rng.choice([f"{scope}共受理政府信息公开申请{n}件", f"全年共收到政府信息公开申请{n}件",
                       f"{self_name}共受理依申请公开{n}件"])
    stated["applications_new"] = n
    parts = [lead]
    if rng.random() < 0.6:
        parts.append(f"其中，当面申请{g['in_person']}件，网络申请{g['online']}件，信函申请{g['letter']}件")
    s = "，".join(parts) + "。"
    if rng.random() < 0.7:
        s += f"已答复{g['answered']}件，其中同意公开的{g['granted']}件，同意部分公开的{g['partial']}件，不予公开的{g['refused']}件。"
        stated.update(outcome_total=g["answered"], outcome_granted=g["granted"], outcome_partial=g["partial"])
    return s


def _narrative_review(rng, ag, g, stated) -> str:
    rv, lt = g["reconsideration_total"], g["litigation_total"]
    if rv == 0 and lt == 0:
        r = rng.random()
        if r < 0.7:
            stated.update(reconsideration_total=0, litigation_total=0)
            return rng.choice(["本年度未发生因政府信息公开申请提起的行政复议和行政诉讼。",
                               "本年度没有发生因政府信息公开申请提起行政复议、行政诉讼的情况。"])
        stated.update(litigation_total=0)
        return "本年度无因政府信息公开申请提起的行政诉讼。"
    stated.update(reconsideration_total=rv, litigation_total=lt)
    return f"本年度发生因政府信息公开申请提起的行政复议案件{rv}件，行政诉讼案件{lt}件。"


def build_legacy(rng, ag, year, family, layout, truth) -> str:
    g = legacy_numbers(rng, ag)
    truth["_legacy"] = g
    self_name = self_reference(ag)
    narrative_stated: dict = {}
    table_stated: dict = {}
    table_text = ""
    if family == "legacy_table":
        blank_zero = rng.random() < 0.3
        misaligned = rng.random() < 0.5
        table_text, table_stated = legacy_table_text(rng, g, blank_zero, misaligned)
        truth["features"] = [f for f, on in (("misaligned", misaligned), ("blank_zero", blank_zero)) if on]
    elif family == "legacy_short":
        table_text, table_stated = legacy_short_text(rng, g, year)
    overview = fill_prose(rng, FILLER_OVERVIEW, rng.randint(8, 14), self_name)
    problems = fill_prose(rng, FILLER_PROBLEMS, rng.randint(3, 6), self_name)
    pro = []
    if family == "narrative" or rng.random() < 0.5:
        pro.append(proactive_sentence(rng, ag, year, g["proactive_items"]))
        narrative_stated["proactive_items"] = g["proactive_items"]
        if rng.random() < 0.3:
            pro.append(f"截至{year}年底，累计主动公开政府信息{g['proactive_items'] * rng.randint(3, 8)}条。")
    pro += overview[5:8]
    req = _narrative_requests(rng, ag, g, narrative_stated, family != "narrative")
    review = _narrative_review(rng, ag, g, narrative_stated) if (family == "narrative" or rng.random() < 0.7) else \
        "本年度因政府信息公开申请提起行政复议、行政诉讼的情况见附表。"
    fees = rng.choice(["本年度未收取政府信息公开相关费用。", "本年度没有发生政府信息公开收费及减免情况。"])
    title = report_title(ag, year, False, rng)
    py, pm, pd = publication_date(rng, year)
    old_style = rng.random() < 0.5
    lines = [title, intro(rng, ag, year, False)]
    lines += ["一、概述"] + overview[:3]
    lines += ["二、主动公开政府信息情况"] + pro
    lines += ["三、依申请公开政府信息情况", req, overview[3]]
    lines += ["四、政府信息公开的收费及减免情况", fees]
    lines += ["五、因政府信息公开申请提起行政复议、行政诉讼的情况", review]
    lines += ["六、政府信息公开工作存在的主要问题及改进措施" if old_style else "六、存在的主要问题及改进情况"] + problems
    lines += ["七、其他需要报告的事项", "无。" if not table_text else f"附表：{year}年度政府信息公开工作情况统计表"]
    lines += overview[8:] and ["（一）其他说明", "".join(overview[8:])]
    have = sum(len(x.encode("utf-8")) for x in lines) + len(table_text.encode("utf-8"))
    extra = padding_paragraphs(rng, have, rng.randint(8500, 14500), self_name, overview + problems)
    at = lines.index("二、主动公开政府信息情况")
    lines[at:at] = extra
    lines += ["", ag["agency"], f"{py}年{pm}月{pd}日"]
    if table_text:
        lines += ["", "附件" if family == "legacy_table" else "附表", f"{year}年度政府信息公开工作情况统计表"
                  if family == "legacy_table" else "", table_text]
    head, tail = page_chrome(rng, title, ag, (py, pm, pd))
    lines = head + lines + tail
    for k in ("applications_new", "outcome_granted", "outcome_partial", "outcome_total", "proactive_items",
              "reconsideration_total", "litigation_total"):
        v = table_stated.get(k)
        truth[k] = v if v is not None else narrative_stated.get(k)
    truth["applications_carried_over"] = None
    truth["applications_carried_forward"] = None
    return "\n".join(lines) + "\n"
