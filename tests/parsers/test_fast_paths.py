"""The fast paths of normalisation and parsing give exactly what their reference implementations give."""
from __future__ import annotations

import random
from dataclasses import asdict

import pytest

from ingest import normalise as nm
from ingest.parsers.model import Document, Figure, figure_row
from ingest.synthetic import generate

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
    ref.pop("start"), ref.pop("end")
    s, e = norm.source_span(9, 11)
    ref.update(line_no=norm.source.count("\n", 0, s) + 1, char_start=s, char_end=e, raw_text=norm.source[s:e],
               report_id="r")
    assert row == ref
    assert list(row) == list(ref)
