"""Text variants laid over a synthetic report: traditional script (opencc s2t, kept only when it
converts back unchanged), full-width digits, and the encodings GB18030 and UTF-16 (with and
without BOM).
"""
from __future__ import annotations

import random
from functools import lru_cache

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("t2s")


def _traditional(text: str) -> str | None:
    """The text in traditional script, or None when it does not come back unchanged."""
    s2t, t2s = _opencc()
    trad = s2t.convert(text)
    return trad if t2s.convert(trad) == text else None


def encode_with_variants(rng: random.Random, text: str, family: str, layout: str) -> tuple[bytes, str, list[str]]:
    """The file's bytes, its encoding and the variants laid over the text (traditional script,
    full-width digits, an encoding other than UTF-8)."""
    variants = []
    if layout != "html":
        p_trad = 0.10 if family in ("narrative", "legacy_table", "legacy_short") else 0.02
        if rng.random() < p_trad:
            trad = _traditional(text)
            if trad is not None:
                text = trad
                variants.append("traditional")
        if rng.random() < 0.06:
            text = text.translate(_FULLWIDTH)
            variants.append("fullwidth_digits")
    r = rng.random()
    if r < 0.05:
        content, enc = text.encode("gb18030"), "gb18030"
    elif r < 0.065:
        content, enc = text.encode("utf-16"), "utf-16"
    elif r < 0.075:
        content, enc = text.encode("utf-16-le"), "utf-16-le"
    else:
        content, enc = text.encode("utf-8"), "utf-8"
    if enc != "utf-8":
        variants.append(enc)
    return content, enc, variants
