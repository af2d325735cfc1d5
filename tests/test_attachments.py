"""Pairing a statistics workbook with the report it was attached to (ingest.attachments.find_pairs)."""
from ingest.attachments import find_pairs

REPORTS = [
    ("r1", "2023/某区政府信息公开工作年度报告.pdf"),
    ("r2", "2023/某局2023年政府信息公开工作年度报告.docx"),
    ("r3", "2022/某区政府信息公开工作年度报告.pdf"),
]


def test_a_workbook_joins_the_report_whose_name_stem_it_carries():
    pairs, warnings = find_pairs([("w1", "2023/某区政府信息公开工作年度报告_附表.xlsx"),
                                  ("w2", "2023/某局2023年政府信息公开工作年度报告（附件1）.xls")], REPORTS)
    assert pairs == {"w1": "r1", "w2": "r2"}
    assert warnings == {}


def test_same_stem_exactly_and_only_in_the_same_folder():
    pairs, _ = find_pairs([("w1", "2022/某区政府信息公开工作年度报告.xlsx")], REPORTS)
    assert pairs == {"w1": "r3"}
    pairs, _ = find_pairs([("w1", "other/某区政府信息公开工作年度报告.xlsx")], REPORTS)
    assert pairs == {}


def test_a_stem_followed_by_other_words_is_not_an_attachment():
    pairs, warnings = find_pairs([("w1", "2023/某区政府信息公开工作年度报告解读.xlsx")], REPORTS)
    assert pairs == {} and warnings == {}


def test_two_reports_with_the_stem_pair_with_neither_and_say_why():
    reports = REPORTS + [("r4", "2023/某区政府信息公开工作年度报告.docx")]
    pairs, warnings = find_pairs([("w1", "2023/某区政府信息公开工作年度报告_附表.xlsx")], reports)
    assert pairs == {}
    assert "2 reports share its name stem" in warnings["w1"]
