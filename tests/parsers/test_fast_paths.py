"""The fast paths of normalisation and parsing give exactly what their reference implementations give."""
from __future__ import annotations

import random
from dataclasses import asdict

import pytest

from ingest import normalise as nm
from ingest.parsers.model import Document, Figure, figure_row
from ingest.evaluation.synthetic import generate

ODD = [
    "", "\n", "  ", "a b", " 1 2 ", "x  ", "中 文\n1\n2 x", "a\x00 b \x00c", "\u3000１２件\xa0其中",
    "本報告由政府信息公開", "丰\U00020000x", "ﬁ ½ ² ℡ ㈱", "\ufa6c\ufad0\U0001d400\u200b",
    "領(lǐng)導", "锟斤拷锟斤拷", "Ã©Ã©Ã©", "？zhi)政府",
]


def _texts(n: int = 60) -> list[str]:
    from ingest.decode import decode

    out = list(ODD)
    for rep in generate(n, seed=11):
        out.append(decode(rep.content).text)
    rnd = random.Random(3)
    alphabet = "ab1 \n\t中，\u3000\x00丰（）(ǐ)０½\U00020000Ã©?？"
    for _ in range(400):
        out.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24))))
    return out


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_char_fold_matches_reference(texts):
    for t in texts:
        assert nm._char_fold(t) == nm._char_fold_slow(t)


def test_rare_run_chars_matches_reference(texts):
    samples = texts + ["鍩烘湰鎯呭喌", "\u9fa6\u9fa7\u9fa8x\u9fa9\u9faa\u9fab\u9fac"]
    for t in samples:
        assert nm._rare_run_chars(t) == nm._rare_run_chars_slow(t)


def test_pinyin_notes_match_the_look_behind_pattern(texts):
    for t in texts + ["領(lǐng)導（dǎo）x(ab)中(zhong1)"]:
        ref = [m.span() for m in nm._PINYIN.finditer(t)]
        fast = [m.span() for m in nm._PINYIN_NOTE.finditer(t)
                if m.start() and "\u4e00" <= t[m.start() - 1] <= "\u9fff"]
        assert fast == ref


def test_mojibake_hint_never_hides_a_match(texts):
    for t in texts:
        if nm._MOJIBAKE.search(t):
            assert nm._MOJIBAKE_HINT.search(t)


def test_cpca_row_matches_transform():
    from ingest.parsers import metadata as md

    cp = md._cpca()
    for name in ("青岛市城阳区人民政府", "沐阳县人民政府", "市商务局", "上海市科委", "莆田市", "", "朝阳区教育局"):
        fast = md._cpca_row(name)
        ref = cp.transform([name], pos_sensitive=True).iloc[0]
        for key in ("省", "市", "区", "adcode"):
            a, b = fast.get(key), ref.get(key)
            assert (a if isinstance(a, str) else None) == (b if isinstance(b, str) else None), (name, key)
        for key in ("省_pos", "市_pos", "区_pos"):
            assert int(fast.get(key)) == int(ref.get(key)), (name, key)


def test_figure_row_is_asdict_without_offsets():
    norm = nm.normalise("第一行\n第二行 共12件\n")
    doc = Document(report_id="r", file_name="f.txt", norm=norm)
    fig = Figure(source="narrative", table_id="narrative", row_key="k", column_key="value", metric_key="k",
                 value=12.0, value_kind="number", unit="件", start=9, end=11, note=None)
    row = figure_row(doc, fig)
    ref = asdict(fig)
    for k in ("start", "end", "read_as", "run_start", "run_end"):
        ref.pop(k)
    s, e = norm.source_span(9, 11)
    ref.update(line_no=norm.source.count("\n", 0, s) + 1, char_start=s, char_end=e, raw_text=norm.source[s:e],
               report_id="r", read_as="cell", run_char_start=None, run_char_end=None, run_text=None,
               page=None, bbox=None, cell_ref=None, ocr_confidence=None)
    assert row == ref
    assert list(row) == list(ref)



def test_compact_matches_reference(texts):
    from ingest.parsers import narrative as nv

    for t in texts + ["a \n b", "1\n\n2 中 3", " x", "x ", "\n\n", "ab  cd\t\u3000ef 中 gh", "a\u2028b c", "a b a b"]:
        fast, ref = nv._Compact(t), nv._CompactSlow(t)
        assert fast.text == ref.text, t
        offsets = range(len(ref.text) + 2)
        assert [fast.to_orig(p) for p in offsets] == [ref.to_orig(p) for p in offsets], t


def test_char_ends_match_finditer(texts):
    from ingest.parsers import narrative as nv

    for t in texts + ["。", "a。b，c", "，，", "x。"]:
        for rx in (nv._SENTENCE_END, nv._CLAUSE_END):
            assert nv._char_ends(rx, t) == [m.end() for m in rx.finditer(t)], t


def test_merged_spans_hold_the_same_positions():
    from ingest.parsers import narrative as nv

    rnd = random.Random(1)
    for _ in range(2000):
        spans = sorted((a, a + rnd.randint(-1, 6)) for a in (rnd.randint(0, 30) for _ in range(rnd.randint(0, 6))))
        merged = nv._merged(spans)
        for pos in range(-1, 40):
            assert nv._in_spans(pos, merged) == any(s <= pos < e for s, e in spans), (spans, pos)


def test_required_words_never_hide_a_match(texts):
    from ingest.parsers import narrative as nv

    rules = nv._spec()["rules"]
    extra = ["网络和电子邮件申请12件", "无依申请公开申请", "未收到行政复议", "信函申请3件", "上年度结转2件"]
    for t in texts + extra:
        for c in (t, nv._Compact(t).text):
            for rule in rules:
                if rule.regex.search(c):
                    assert nv._may_match(rule.words, c), (rule.regex.pattern, c)
                if rule.unless_doc is not None and rule.unless_doc.search(c):
                    assert nv._may_match(rule.unless_words, c), (rule.unless_doc.pattern, c)
    assert nv._required_words("(?:ab|cd)?x{2}") == ("x",)
    assert nv._required_words("a|b+") == ("a", "b")
    assert nv._required_words("(?i)abc") is None and nv._required_words("a*") is None


def test_chrome_words_never_hide_chrome(texts):
    samples = texts + ["上一条：x", "【打印本页】", "字体：大 中 小", "正文扫一扫在手机打开当前页", "掃一掃在手機打開當前頁 "]
    for t in samples:
        for line in t.split("\n"):
            if nm._CHROME_LINE.match(line) or nm._CHROME_TAIL.search(line):
                assert any(w in t for w in nm._CHROME_WORDS), line


def test_chrome_spans_are_what_the_chrome_pattern_finds(texts):
    from ingest.parsers.page_chrome import CHROME, chrome_spans

    pieces = ["当前位置：首页 > 政务公开 > 年报", "浏览次数：123", "字号：大 中 小", "微信 微博 QQ空间", "全真版",
              "【打印本页】", "关闭窗口", "扫一扫在手机打开当前页", "网站标识码ABC123", "京ICP备123号-2",
              "京公网安备 1100号", "上一篇：", "下一条：", "QQQ", "文字版文件下载", "点击数:5次", "甲乙", "12", " ",
              "\n", "。", "【", "]"]
    rnd = random.Random(5)
    samples = texts + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12))) for _ in range(3000)]
    for t in samples:
        a = rnd.randint(0, len(t))
        b = rnd.randint(a, len(t))
        for start, end in ((0, None), (a, b)):
            expected = [m.span() for m in CHROME.finditer(t, start, len(t) if end is None else end)]
            assert chrome_spans(t, start, end) == expected, (t, start, end)


def test_tokenize_fast_paths_match_the_loop(texts):
    from ingest.parsers.tables.runs import tokenize, tokenize_slow

    rows = ["| 1.申请人无正当理由 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | |\n| 2.", "(区分处理的) | 13 | 0 | 0 | 0 | 0 | 0 | 13 |\n",
            "无 | 1 | 2 |\n", "（三）| 1 | 2 | | |", "a | 1 | 2 | \n", "| 1 | 2 ||3 | 4 |", "\n0\n0\n0\n\n二、",
            "(x)\n  1\n  2\n\n\n  3.", "\n1\n2\n 无\n"]
    for t in texts + rows:
        starts = [0] + [i + 1 for i, c in enumerate(t) if c in "\n|"]
        for s in starts[:80]:
            e = min(len(t), s + 200)
            for newline_ends in (False, True):
                for junction_ends in (False, True):
                    assert tokenize(t, s, e, newline_ends=newline_ends, junction_ends=junction_ends) == \
                        tokenize_slow(t, s, e, newline_ends=newline_ends, junction_ends=junction_ends), (t[s:e], s)


def test_cn_year_hint_never_hides_a_date(texts):
    from ingest.parsers import metadata as md

    for t in texts + ["二〇二一年三月五日", "二〇二一年度", "二〇二 一年"]:
        if md._CN_DATE.search(t) or md._CN_YEAR.search(t):
            assert md._CN_YEAR_HINT.search(t), t


def test_heading_lines_are_every_line_a_heading_pattern_matches(texts):
    from ingest.parsers import sections as sc

    samples = texts + ["一、总体情况\n（二）x\n3. y\n 四 \n12\n1.5\n#二 、", "\u3000一、a\n\t（一）b"]
    for t in samples:
        starts, pos = [], 0
        for line in t.split("\n"):
            if any(rx.match(line) for rx in (sc._L1, sc._L2, sc._L3, sc._ORDINAL_ONLY)):
                starts.append(pos)
            pos += len(line) + 1
        assert [m.start() for m in sc._HEADING_LINE.finditer(t)] == starts, t
