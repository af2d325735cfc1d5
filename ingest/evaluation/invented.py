"""Invented figures: a figure whose value's digits are not in the text it cites (`is_invented`),
and the list of them in one parsed report (`invented_figures`), as the degradation suite counts
them (the rule: `ingest.evaluation.degradation`).
"""
from __future__ import annotations

import re
import unicodedata

_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_CN_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "两": "2"}
_ZERO_WORDS = ("无", "没有", "零", "〇", "未")
_BLANK = re.compile(r"^[\s/／\-—–－|]*$")


def _digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", text))


def value_digits(value: float) -> str:
    """The digits of a value, without sign, decimal point or trailing zeros: 12.50 -> '125'."""
    return f"{abs(value):.6f}".rstrip("0").rstrip(".").replace(".", "")


def _numeral_digits(text: str) -> list[str]:
    """Digit strings of the Chinese numerals in a text (三 -> 3, 十二 -> 12, 二〇二一 -> 2021)."""
    import cn2an

    out = []
    for run in _CN_NUMERAL.findall(text):
        try:
            out.append(value_digits(float(cn2an.cn2an(run, "smart"))))
        except (ValueError, TypeError, KeyError):
            pass
        if all(c in _CN_DIGIT for c in run):
            out.append("".join(_CN_DIGIT[c] for c in run))
    return out


def cited_texts(text: str, fig) -> list[str]:
    """The text a figure cites: its cell span, and the digit run it was read from when there is one."""
    spans = [text[fig.start:fig.end]]
    if fig.run_start is not None:
        spans.append(text[fig.run_start:fig.run_end])
    return spans


def is_invented(fig, text: str) -> bool:
    """True when the figure's value is not in the text it cites (`text` is the Document's text)."""
    if fig.value is None:
        return False
    want = value_digits(fig.value)
    spans = cited_texts(text, fig)
    if any(want in _digits(s) or want in _numeral_digits(s) for s in spans):
        return False
    if fig.value == 0 and not any(_digits(s) for s in spans):
        # zero stated in words is fine; a blank or '/' read as zero is not
        return not any(w in s for s in spans for w in _ZERO_WORDS) and all(_BLANK.match(s) for s in spans)
    return True


def _show(s: str, width: int = 80) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= width else s[:width - 1] + "…"


def invented_figures(doc, figures) -> list[dict]:
    return [{"table": f.table_id, "row": f.row_key, "column": f.column_key, "value": f.value,
             "read_as": f.read_as, "cited": _show(" / ".join(cited_texts(doc.text, f)))}
            for f in figures if is_invented(f, doc.text)]
