"""The tables of a national-format report (表二, 表三, 表四) rendered in one layout: `|` rows
(`national_pipe`), one cell per line (`national_cells`) or HTML with merged cells (`national_html`).
"""
from __future__ import annotations

from ingest.evaluation.synthetic.cells import PipeStyle, cell_text
from ingest.evaluation.synthetic.figures import t3_spec
from ingest.taxonomy import section as taxonomy_section

# Full row wording of the official form where the taxonomy lists only a matching fragment.
_T3_WORDING = {
    "partial": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "refused.security": "危及“三安全一稳定”",
    "other.overdue_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.overdue_fee": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "其他",
}


def t3_rows(year_format: str, vals: dict[str, list[int]]) -> list[tuple[list[str], list[int]]]:
    """Rows of 表三 as (label cells, 7 values), in form order, with the form's numbering."""
    spec = t3_spec()
    groups = spec["groups"]
    out = []
    group_items: dict[str, int] = {}
    first_result = True
    for row in spec["rows"]:
        k = row["key"]
        if k not in vals:
            continue
        word = _T3_WORDING.get(k, row["labels"][0])
        if k == "new":
            out.append((["一、" + word], vals[k]))
        elif k == "carried_over":
            out.append((["二、" + word], vals[k]))
        elif k == "carried_forward":
            out.append((["四、" + word], vals[k]))
        else:
            head = ["三、本年度办理结果"] if first_result else []
            first_result = False
            g = row.get("group")
            if g:
                n = group_items.get(g, 0) + 1
                group_items[g] = n
                cells = head + ([groups[g]["zh"]] if n == 1 else []) + [f"{n}.{word}"]
            else:
                ordinal = {"granted": "（一）", "partial": "（二）", "other": "（六）", "total": "（七）"}[k]
                cells = head + [ordinal + word]
            out.append((cells, vals[k]))
    return out


_T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _t3_header_cells() -> tuple[list[str], list[str], list[str]]:
    cols = [c["zh"] for c in t3_spec()["columns"]]
    return ([_T3_CORNER, "申请人情况"], [cols[0], "法人或其他组织", cols[-1]], cols[1:-1])


def _t4_header_rows() -> tuple[list[str], list[str], list[str]]:
    cols = taxonomy_section("t4")["columns"]
    five = [c["zh"].split(" ")[-1] for c in cols[:5]]
    return (["行政复议", "行政诉讼"], five + ["未经复议直接起诉", "复议后起诉"], five * 2)


def national_pipe(rng, year_format, t2, t3rows, t4) -> tuple[str, str, str]:
    st = PipeStyle(rng)
    lines = []
    for item, cols, rows in t2:
        lines.append(f"第二十条第{item}项")
        lines.append(st.row(["信息内容", *cols]))
        for label, vals in rows:
            lines.append(st.row([label, *vals]))
    t2_text = "\n".join(lines)
    h1, h2, h3 = _t3_header_cells()
    lines = [st.row(h1), st.row(h2), st.row(h3)]
    for cells, vals in t3rows:
        lines.append(st.row([*cells, *vals]))
    t3_text = "\n".join(lines)
    a, b, c = _t4_header_rows()
    t4_text = "\n".join([st.row(a), st.row(b), st.row(c), st.row(t4)])
    return t2_text, t3_text, t4_text


def national_cells(rng, year_format, t2, t3rows, t4) -> tuple[str, str, str]:
    ind = rng.choice(["", "\t", "\t", "  "])
    sep = rng.random() < 0.6  # a blank line between rows

    def block(rows: list[list]) -> str:
        out = []
        for cells in rows:
            out.extend(ind + cell_text(c) for c in cells)
            if sep:
                out.append("")
        return "\n".join(out).rstrip("\n")

    rows = []
    for item, cols, r in t2:
        rows.append([f"第二十条第{item}项"])
        rows.append(["信息内容", *cols])
        rows.extend([label, *vals] for label, vals in r)
    t2_text = block(rows)
    h1, h2, h3 = _t3_header_cells()
    t3_text = block([h1, h2, h3] + [[*cells, *vals] for cells, vals in t3rows])
    a, b, c = _t4_header_rows()
    t4_text = block([a, b, c, t4])
    return t2_text, t3_text, t4_text


def _td(text, rowspan=1, colspan=1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{attrs}>{cell_text(text)}</td>"


def national_html(rng, year_format, t2, t3rows, t4) -> tuple[str, str, str]:
    open_t = '<table border="1" cellspacing="0" cellpadding="0" style="width:100%;border-collapse:collapse">'
    parts = [open_t, "<tbody>"]
    for item, cols, rows in t2:
        width = len(cols) + 1
        parts.append("<tr>" + _td(f"第二十条第{item}项", colspan=width) + "</tr>")
        parts.append("<tr>" + "".join(_td(c) for c in ["信息内容", *cols]) + "</tr>")
        for label, vals in rows:
            parts.append("<tr>" + "".join(_td(c) for c in [label, *vals]) + "</tr>")
    parts.append("</tbody></table>")
    t2_html = "\n".join(parts)

    cols = [c["zh"] for c in t3_spec()["columns"]]
    p = [open_t, "<tbody>"]
    p.append("<tr>" + _td(_T3_CORNER, rowspan=3, colspan=3) + _td("申请人情况", colspan=7) + "</tr>")
    p.append("<tr>" + _td(cols[0], rowspan=2) + _td("法人或其他组织", colspan=5) + _td(cols[-1], rowspan=2) + "</tr>")
    p.append("<tr>" + "".join(_td(c) for c in cols[1:-1]) + "</tr>")
    # group sizes for rowspans
    n_result = sum(1 for cells, _ in t3rows if not cells[-1].startswith(("一、", "二、", "四、")))
    group_len: dict[str, int] = {}
    current = None
    for cells, _ in t3rows:
        for c in cells:
            if c.startswith(("（三）", "（四）", "（五）", "（六）")) and len(cells) > 1 and c != cells[-1]:
                current = c
        if current and cells[-1][:1].isdigit():
            group_len[current] = group_len.get(current, 0) + 1
        elif not cells[-1][:1].isdigit():
            current = None
    for cells, vals in t3rows:
        label = cells[-1]
        tds = []
        if cells[0].startswith("三、"):
            tds.append(_td(cells[0], rowspan=n_result))
        if label.startswith(("一、", "二、", "四、")):
            tds.append(_td(label, colspan=3))
        elif label[:1].isdigit():
            grp = [c for c in cells[:-1] if c.startswith(("（三）", "（四）", "（五）", "（六）"))]
            if grp:
                tds.append(_td(grp[0], rowspan=group_len[grp[0]]))
            tds.append(_td(label))
        else:
            tds.append(_td(label, colspan=2))
        p.append("<tr>" + "".join(tds) + "".join(_td(v) for v in vals) + "</tr>")
    p.append("</tbody></table>")
    t3_html = "\n".join(p)

    a, b, c = _t4_header_rows()
    q = [open_t, "<tbody>"]
    q.append("<tr>" + _td(a[0], colspan=5) + _td(a[1], colspan=10) + "</tr>")
    q.append("<tr>" + "".join(_td(x, rowspan=2) for x in b[:5]) + _td(b[5], colspan=5) + _td(b[6], colspan=5) + "</tr>")
    q.append("<tr>" + "".join(_td(x) for x in c) + "</tr>")
    q.append("<tr>" + "".join(_td(v) for v in t4) + "</tr>")
    q.append("</tbody></table>")
    return t2_html, t3_html, "\n".join(q)
