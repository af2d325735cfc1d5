"""Property-based: the decoder and the parsers take any bytes and any text without an exception
escaping, and every figure they emit cites text that carries its digits.

`ingest.decode.Unreadable` is the one documented outcome of `load_document` besides a Document
(it becomes the quarantine reason). Example counts are moderate so the suite stays fast; raise
them with HYPOTHESIS_PROFILE=thorough.
"""
import os
import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.decode import Unreadable
from ingest.document import load_document
from ingest.parsers.model import figure_row
from ingest.parsers.report import parse_report

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "sample").iterdir())]

settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")

# Pieces of report text, so that random text reaches the table and prose parsers.
WORDS = ["政府信息公开工作年度报告", "人民政府", "2019年", "2021年", "一、", "二、主动公开政府信息情况",
         "三、收到和处理政府信息公开申请情况", "四、", "（一）予以公开", "（七）总计", "本年新收政府信息公开申请数量",
         "行政复议", "行政诉讼", "总计", "件", "条", "万元", "收到", "申请", "共", "无", "/", "—", "NA", "1,234", "１２",
         " | ", "|", "\n", "\r\n", "\t", "　", "0", "12", "345", "6789", "．", ".", "，", "。", "主动公开政府信息",
         "<table><tr><td>", "</td><td rowspan=2>", "</td></tr></table>", "<html>", "&nbsp;", "县", "局"]
report_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=120).map("".join)


def mutated_sample():
    @st.composite
    def build(draw):
        text = draw(st.sampled_from(SAMPLES))
        for _ in range(draw(st.integers(0, 6))):
            i = draw(st.integers(0, len(text)))
            j = draw(st.integers(i, min(len(text), i + 200)))
            text = text[:i] + draw(report_text) + text[j:]
        return text
    return build()


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])


def _digits(s: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))


def _value_digits(value: float) -> str:
    text = str(int(value)) if float(value).is_integer() else repr(abs(value)).rstrip("0")
    return _digits(text)


def check(data: bytes, file_name: str = "report.txt") -> None:
    try:
        doc, decoded = load_document("r", file_name, data)
    except Unreadable as exc:
        assert str(exc), "an Unreadable must carry its reason"
        return
    assert isinstance(decoded.text, str)
    result = parse_report(doc)
    for fig in result.figures:
        assert 0 <= fig.start <= fig.end <= len(doc.text), fig
        span = doc.text[fig.start:fig.end]
        raw = figure_row(doc, fig)["raw_text"]
        if fig.value is None:
            continue
        want = _value_digits(fig.value)
        for where, cited in (("normalised text", span), ("raw_text", raw)):
            got = _digits(cited)
            if fig.value_kind == "zero" and not got:
                continue  # a zero stated in words (无, 未收到…)
            assert want in got, f"figure {fig.metric_key or fig.row_key}={fig.value} cites {where} {cited!r}"


@settings(settings.get_profile(PROFILE))
@given(st.binary(max_size=4096))
def test_any_bytes(data):
    check(data)


@settings(settings.get_profile(PROFILE))
@given(report_text, ENCODINGS, st.sampled_from(["report.txt", "report.html"]))
def test_any_report_like_text_in_any_encoding(text, encoding, name):
    check(text.encode(encoding, errors="replace"), name)


@settings(settings.get_profile(PROFILE))
@given(mutated_sample(), ENCODINGS)
def test_real_reports_with_random_damage(text, encoding):
    check(text.encode(encoding, errors="replace"))


@settings(settings.get_profile(PROFILE))
@given(st.text(max_size=3000))
def test_any_unicode_text(text):
    check(text.encode("utf-8", errors="surrogatepass"))
