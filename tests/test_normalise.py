"""Normalisation: simplified script, NFKC, chrome and pinyin gone, offsets still point at the source."""
from ingest.normalise import normalise


def test_traditional_to_simplified_and_pinyin_removed():
    n = normalise("本報告由政府信息公開的組織領(lǐng)導和制度建設(shè)情況組成")
    assert n.text == "本报告由政府信息公开的组织领导和制度建设情况组成"
    assert any("pinyin" in w for w in n.warnings)


def test_offsets_map_back_to_the_source_text():
    source = "領(lǐng)導小組。2017年共受理申請４３２件。\n上一条:xxx\n"
    n = normalise(source)
    assert "432" in n.text
    start = n.text.index("432")
    s, e = n.source_span(start, start + 3)
    assert source[s:e] == "４３２"


def test_page_chrome_dropped():
    n = normalise("正文\n扫一扫在手机打开当前页\n上一条:某某报告\n下一条:另一报告\n")
    assert "扫一扫" not in n.text and "上一条" not in n.text and "正文" in n.text


def test_mojibake_is_flagged():
    n = normalise("因政府信息公開申請?zhí)崞鹦姓妥h、行政訴訟的情況")
    assert any("mojibake" in w for w in n.warnings)


def test_full_width_digits_and_ideographic_space():
    n = normalise("共１２件\u3000其中")
    assert n.text == "共12件 其中"
