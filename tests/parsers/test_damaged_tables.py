"""表三 / 表四 in the layouts real crawls produce: one-line bodies, digit runs, numbers broken over
lines, HTML with blank cells. Every expected figure below was worked out by hand from the text
(the table's arithmetic is checked in the comments), not copied from the parser's output."""
from __future__ import annotations

import re

from ingest.document import load_document
from ingest.parsers.tables.national import national_tables

COLS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]


def _tables(text: str, name: str = "r.txt"):
    doc, _ = load_document(name, name, text.encode("utf-8"))
    return doc, national_tables(doc)


def _row(tables, row: str, table: str = "t3") -> list:
    cells = {f.column_key: f.value for f in tables.figures if f.table_id == table and f.row_key == row}
    return [cells.get(c, "missing") for c in COLS]


def _assert_not_invented(doc, tables) -> None:
    """Every figure's digits are in the text it cites."""
    for f in tables.figures:
        if f.value is None:
            continue
        digits = re.sub(r"\D", "", doc.text[f.start:f.end])
        assert digits == str(int(f.value)), (f, doc.text[f.start:f.end])


# A 2021-format 表三 whose arithmetic holds (checked by hand):
#   一 52 1 0 0 3 0 | 56 ; 二 2 0 0 0 0 0 | 2
#   （一）30 1 0 0 2 0 | 33 ; （二）5 0 0 0 0 0 | 5 ; （三）3 | 3 (items 3. 1 and 4. 2) ;
#   （四）10 0 0 0 1 0 | 11 (item 1.) ; （五）、（六） all 0 ;
#   （七）48 1 0 0 3 0 | 52  (= 33 + 5 + 3 + 11 per column) ; 四 6 0 0 0 0 0 | 6  (56 + 2 = 52 + 6)
T3_RUNS = (
    "（二）收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    "一、本年新收政府信息公开申请数量521003056"
    "二、上年结转政府信息公开申请数量2000002"
    "三、本年度办理结果（一）予以公开301002033"
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）5000005"
    "（三）不予公开30000031.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
    "3.危及“三安全一稳定”10000014.保护第三方合法权益2000002"
    "5.属于三类内部事务信息00000006.属于四类过程性信息00000007.属于行政执法案卷0000000"
    "8.属于行政查询事项0000000"
    "（四）无法提供100001011 1.本机关不掌握相关政府信息1000010112.没有现成信息需要另行制作0000000"
    "3.补正后申请内容仍不明确0000000"
    "（五）不予处理00000001.信访举报投诉类申请00000002.重复申请00000003.要求提供公开出版物0000000"
    "4.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000"
    "（六）其他处理00000001.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000"
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000"
    "（七）总计481003052四、结转下年度继续办理6000006"
    "四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
    "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
    "20103110001100000五、存在的主要问题及改进情况 无。"
)


def test_one_line_digit_runs_are_split_by_the_arithmetic():
    doc, t = _tables("某某区人民政府2021年政府信息公开工作年度报告 " + T3_RUNS)
    assert _row(t, "new") == [52, 1, 0, 0, 3, 0, 56]
    assert _row(t, "carried_over") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(t, "granted") == [30, 1, 0, 0, 2, 0, 33]
    assert _row(t, "refused.security") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(t, "unable.not_held") == [10, 0, 0, 0, 1, 0, 11]
    assert _row(t, "total") == [48, 1, 0, 0, 3, 0, 52]
    assert _row(t, "carried_forward") == [6, 0, 0, 0, 0, 0, 6]
    new_total = next(f for f in t.figures if f.row_key == "new" and f.column_key == "total")
    assert new_total.read_as == "segmented" and new_total.metric_key == "applications_new"
    assert doc.text[new_total.run_start:new_total.run_end] == "521003056"
    assert doc.text[new_total.start:new_total.end] == "56"
    _assert_not_invented(doc, t)


def test_table4_run_with_two_splits_emits_only_what_both_share():
    # 20103110001100000: 复议 2 0 1 0 | 3; 直接起诉 11 0 0 0 | 11 or 1 10 0 0 | 11; 复议后起诉 0 0 0 0 | 0
    doc, t = _tables("某某区人民政府2021年政府信息公开工作年度报告 " + T3_RUNS)
    t4 = {f.column_key: f.value for f in t.figures if f.table_id == "t4"}
    assert [t4[k] for k in ("review.upheld", "review.corrected", "review.other", "review.pending", "review.total")] \
        == [2, 0, 1, 0, 3]
    assert t4["direct.total"] == 11 and t4["direct.other"] == 0 and t4["direct.pending"] == 0
    assert t4["after_review.total"] == 0
    assert "direct.upheld" not in t4 and "direct.corrected" not in t4
    amb = {a.column_key: a.values for a in t.ambiguities}
    assert amb == {"direct.upheld": (1, 11), "direct.corrected": (0, 10)}
    assert all(a.solutions == 2 for a in t.ambiguities)
    assert any("split 2 ways" in w and "direct.upheld" in w for w in t.warnings)
    _assert_not_invented(doc, t)


def test_one_digit_per_cell_is_read_so_whatever_the_sums_say():
    # （七）总计0100000 is 0 1 0 0 0 0 | 0: the total is wrong, and the rules will say so
    text = ("一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000"
            "（七）总计0100000四、结转下年度继续办理0000000")
    doc, t = _tables(text)
    assert _row(t, "total") == [0, 1, 0, 0, 0, 0, 0]
    assert any("breaks" in w for w in t.warnings)
    _assert_not_invented(doc, t)


def test_a_number_broken_over_two_lines_is_joined_by_the_row_sum():
    # one cell per line; the 总计 162 of 一 arrived as 1 / 62: 160+1+0+0+1+0 = 162, and only the
    # join 1+62 makes the row add up (1601…, 10…, 620 do not)
    text = "\n".join([
        "一、本年新收政府信息公开申请数量", "160", "1", "0", "0", "1", "0", "1", "62",
        "二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0",
        "（七）总计", "160", "1", "0", "0", "1", "0", "162",
        "四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0",
    ])
    doc, t = _tables(text)
    assert _row(t, "new") == [160, 1, 0, 0, 1, 0, 162]
    total = next(f for f in t.figures if f.row_key == "new" and f.column_key == "total")
    assert total.read_as == "joined" and doc.text[total.start:total.end] == "1\n62"
    _assert_not_invented(doc, t)


def test_html_blank_total_cell_is_blank_not_the_last_value():
    html = """<html><body><p>本年新收政府信息公开申请12件，上年结转1件。</p><table>
    <tr><td rowspan="2" colspan="2">申请人情况</td><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>
        <td rowspan="2">总计</td><td></td><td></td><td></td></tr>
    <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
    <tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>10</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>12</td></tr>
    <tr><td colspan="2">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
    <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>8</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td><td></td></tr>
    <tr><td>（七）总计</td><td>11</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>13</td></tr>
    <tr><td colspan="2">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
    </table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>
    <tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
    <tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td>
        <td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
    <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>
        <td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
    <tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td></td><td></td><td></td><td></td><td></td>
        <td></td><td></td><td></td><td></td><td></td></tr>
    </table></body></html>"""
    doc, t = _tables(html, "r.html")
    granted = _row(t, "granted")
    assert granted[:6] == [8, 0, 0, 0, 0, 1] and granted[6] is None  # the blank 总计, not the 其他 1
    kinds = {f.column_key: f.value_kind for f in t.figures if f.row_key == "granted"}
    assert kinds["total"] == "empty"
    # the header row with trailing empty cells is not the （七）总计 row, although prose before the
    # table mentions 本年新收 and 上年结转
    assert _row(t, "total") == [11, 1, 0, 0, 0, 1, 13]
    assert _row(t, "new") == [10, 1, 0, 0, 0, 1, 12]
    # 表四 with trailing blank cells still gives its first five figures, by position
    t4 = {f.column_key: (f.value, f.value_kind) for f in t.figures if f.table_id == "t4"}
    assert t4["review.upheld"] == (1, "number") and t4["review.total"] == (1, "number")
    assert t4["direct.total"] == (None, "empty") and t4["after_review.total"] == (None, "empty")
    _assert_not_invented(doc, t)


def test_too_few_cells_with_a_blank_among_them_is_not_guessed():
    text = ("| 一、本年新收政府信息公开申请数量 | 3 |  | 3 |\n"
            "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
            "| （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n"
            "| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
    _, t = _tables(text)
    assert not [f for f in t.figures if f.row_key == "new"]
    assert any("row new" in w and "unknown" in w for w in t.warnings)


def test_a_short_run_gives_the_total_only_when_its_sums_leave_one():
    # merged cells, then the separators lost: 2103 is 2, 1, 0 | 3 (2 + 1 + 0 = 3; no other split of
    # 2103 ends in the sum of the numbers before it); 2626 is 26 | 26 or 2, 6, 2, 6? only 26 | 26 sums
    text = ("一、本年新收政府信息公开申请数量2103二、上年结转政府信息公开申请数量0"
            "（七）总计2626四、结转下年度继续办理0")
    doc, t = _tables(text)
    new = [f for f in t.figures if f.row_key == "new"]
    assert [(f.column_key, f.value, f.read_as) for f in new] == [("total", 3, "segmented")]
    assert doc.text[new[0].run_start:new[0].run_end] == "2103"
    total = [f for f in t.figures if f.row_key == "total"]
    assert [(f.column_key, f.value) for f in total] == [("total", 26)]
    _assert_not_invented(doc, t)
