"""The statistics tables of pre-2019 reports: the nine-section `|` table (`legacy_table_text`) and
the local short table, one cell per line (`legacy_short_text`).
"""
from __future__ import annotations

from ingest.evaluation.synthetic.cells import PipeStyle, cell_text
from ingest.taxonomy import section as taxonomy_section


def legacy_table_text(rng, g: dict, blank_zero: bool, misaligned: bool) -> tuple[str, dict]:
    """The nine-section table in `|` rows; returns (text, {metric: value or None} as stated by the table)."""
    spec = taxonomy_section("legacy_stats")
    st = PipeStyle(rng)
    sec_titles = {k: v["zh"] for k, v in spec["sections"].items()}
    units = {r["key"]: r.get("unit", "件") for r in spec["rows"]}
    labels = {r["key"]: r["labels"][0] for r in spec["rows"]}
    stated: dict[str, object] = {}

    def cell(v):
        if v is None or (blank_zero and v == 0):
            return ""
        return v

    lines = [st.row(["统计指标", "单位", "统计数"])]

    def row(label, key, value, metric=None):
        shown = cell(value)
        lines.append(f"{label} | {units.get(key, '件')} | {cell_text(shown)} |")
        if metric:
            stated[metric] = None if shown == "" else value

    # 一
    if misaligned:
        lines.append(f"{sec_titles['一']} |")
        lines.append(f"| {cell_text(cell(g['proactive_items']))} |")
        lines.append(f"（一）{labels['proactive_items']} | 条 | |")
        stated["proactive_items"] = None if cell(g["proactive_items"]) == "" else g["proactive_items"]
    else:
        lines.append(f"{sec_titles['一']} | | |")
        row("（一）" + labels["proactive_items"], "proactive_items", g["proactive_items"], "proactive_items")
    row("其中：" + labels["proactive_normative_docs"], "proactive_normative_docs", rng.randint(0, 10))
    row(labels["normative_docs_issued"], "normative_docs_issued", rng.randint(0, 10))
    lines.append(f"（二）{labels['proactive_channels']} | | |")
    for i, k in enumerate(("channel_gazette", "channel_website", "channel_weibo", "channel_wechat", "channel_other"), 1):
        row(f"{i}.{labels[k]}", k, g[k])
    lines.append(f"{sec_titles['二']} | | |")
    row("（一）" + labels["responses_hot_topics"], "responses_hot_topics", rng.randint(0, 6))
    lines.append(f"（二）{labels['response_channels']} | | |")
    row("1." + labels["press_conferences"], "press_conferences", rng.randint(0, 5))
    row("其中：" + labels["press_conferences_leader"], "press_conferences_leader", rng.randint(0, 2))
    row("2." + labels["online_interviews"], "online_interviews", rng.randint(0, 4))
    row("其中：" + labels["online_interviews_leader"], "online_interviews_leader", rng.randint(0, 2))
    row("3." + labels["policy_interpretations"], "policy_interpretations", rng.randint(0, 20))
    row("4." + labels["responses_weibo_wechat"], "responses_weibo_wechat", rng.randint(0, 10))
    row("5." + labels["responses_other"], "responses_other", rng.randint(0, 5))
    lines.append(f"{sec_titles['三']} | | |")
    row("（一）" + labels["applications_new"], "applications_new", g["applications_new"], "applications_new")
    for i, k in enumerate(("in_person", "fax", "online", "letter", "other_channel"), 1):
        row(f"{i}.{labels[k]}", k, g[k])
    row("（二）" + labels["closed"], "closed", g["closed"])
    row("1." + labels["closed_on_time"], "closed_on_time", g["closed_on_time"])
    row("2." + labels["closed_extended"], "closed_extended", g["closed_extended"])
    row("（三）" + labels["answered"], "answered", g["answered"], "outcome_total")
    row("1." + labels["already_public"], "already_public", g["already_public"])
    row("2." + labels["granted"], "granted", g["granted"], "outcome_granted")
    row("3." + labels["partial"], "partial", g["partial"], "outcome_partial")
    row("4." + labels["refused"], "refused", g["refused"])
    first = True
    for k in ("state_secret", "commercial_secret", "privacy", "security", "not_government_info", "other"):
        row(("其中：" if first else "") + labels["refused." + k], "refused." + k, g["refused." + k])
        first = False
    for i, k in enumerate(("not_this_agency", "not_exist", "told_to_amend", "told_other_route"), 5):
        row(f"{i}.{labels[k]}", k, g[k])
    row(sec_titles["四"], "reconsideration_total", g["reconsideration_total"], "reconsideration_total")
    row("（一）" + labels["reconsideration.upheld"], "reconsideration.upheld", g["reconsideration.upheld"])
    row("（二）" + labels["reconsideration.corrected"], "reconsideration.corrected", g["reconsideration.corrected"])
    row("（三）" + labels["reconsideration.other"], "reconsideration.other", g["reconsideration.other"])
    row(sec_titles["五"], "litigation_total", g["litigation_total"], "litigation_total")
    row("（一）" + labels["litigation.upheld"], "litigation.upheld", g["litigation.upheld"])
    row("（二）" + labels["litigation.corrected"], "litigation.corrected", g["litigation.corrected"])
    row("（三）" + labels["litigation.other"], "litigation.other", g["litigation.other"])
    row(sec_titles["六"], "complaints_total", g["complaints_total"])
    row("（一）" + labels["complaints.upheld"], "complaints.upheld", g["complaints.upheld"])
    row("（二）" + labels["complaints.corrected"], "complaints.corrected", g["complaints.corrected"])
    row("（三）" + labels["complaints.other"], "complaints.other", g["complaints.other"])
    paper = rng.randint(0, 50)
    elec = rng.randint(0, 50)
    row(sec_titles["七"], "archive_submissions", paper + elec)
    row("（一）" + labels["archive_paper"], "archive_paper", paper)
    row("（二）" + labels["archive_electronic"], "archive_electronic", elec)
    lines.append(f"{sec_titles['八']} | | |")
    ft, pt = rng.randint(0, 2), rng.randint(1, 4)
    row("（一）" + labels["dedicated_units"], "dedicated_units", 1)
    row("（二）" + labels["reading_points"], "reading_points", rng.randint(1, 3))
    row("（三）" + labels["reading_point_visitors"], "reading_point_visitors", rng.randint(0, 300))
    row("（四）" + labels["staff_total"], "staff_total", ft + pt)
    row("1." + labels["staff_fulltime"], "staff_fulltime", ft)
    row("2." + labels["staff_parttime"], "staff_parttime", pt)
    row("（五）" + labels["budget"], "budget", round(rng.uniform(0, 20), 1))
    lines.append(f"{sec_titles['九']} | | |")
    row("（一）" + labels["meetings"], "meetings", rng.randint(0, 6))
    row("（二）" + labels["trainings"], "trainings", rng.randint(0, 6))
    row("（三）" + labels["training_attendees"], "training_attendees", rng.randint(0, 400))
    lines.append("（注：各子栏目数总数要等于总栏目数量）")
    return "\n".join(lines), stated


def legacy_short_text(rng, g: dict, year: int) -> tuple[str, dict]:
    """A local short table, one cell per line with tab indents, 本年 and 历年累计 columns."""
    spec = taxonomy_section("legacy_short")
    labels = {r["key"]: r["labels"] for r in spec["rows"]}
    ind = "\t"
    out = [f"{ind}指 标 名 称", f"{ind}单位", f"{ind}{year}年" if rng.random() < 0.7 else f"{ind}{year}年度", f"{ind}历年累计", ""]
    stated: dict[str, object] = {}
    years_before = year - 2007

    def row(label, unit, v, metric=None):
        cum = v + sum(rng.randint(0, max(1, v)) for _ in range(min(years_before, 3))) if v else rng.randint(0, 3)
        out.extend([f"{ind}{label}", f"{ind}{unit}", f"{ind}{v}", f"{ind}{cum}", ""])
        if metric:
            stated[metric] = v

    app_unit = rng.choice(["件", "条"])
    row(rng.choice(labels["proactive_items"][:3]), "条", g["proactive_items"], "proactive_items")
    row("其中： 1." + labels["channel_website"][0], "条", g["channel_website"] + g["channel_other"] + g["channel_weibo"] + g["channel_wechat"])
    row("      2." + labels["channel_gazette"][0], "条", g["channel_gazette"])
    row(labels["applications_new"][0], app_unit, g["applications_new"], "applications_new")
    row("其中： 1." + labels["in_person"][0], app_unit, g["in_person"])
    row("  2." + labels["online"][0], app_unit, g["online"] + g["other_channel"])
    row("       3." + labels["letter_fax"][0], app_unit, g["letter"] + g["fax"])
    row(labels["answered"][1], app_unit, g["answered"], "outcome_total")
    row("其中：1." + labels["granted"][0], app_unit, g["granted"], "outcome_granted")
    row("          2." + labels["partial"][0], app_unit, g["partial"], "outcome_partial")
    row("      3." + labels["refused"][2], app_unit, g["refused"])
    row("      4." + labels["other_answers"][0], app_unit,
        g["answered"] - g["granted"] - g["partial"] - g["refused"])
    row(labels["appeals_and_reports"][0], "件", g["complaints_total"])
    row(labels["reconsideration_total"][1], "件", g["reconsideration_total"], "reconsideration_total")
    if rng.random() < 0.7:
        row(labels["litigation_total"][1], "件", g["litigation_total"], "litigation_total")
    row(labels["appeals"][0], "件", 0)
    return "\n".join(out).rstrip("\n"), stated
