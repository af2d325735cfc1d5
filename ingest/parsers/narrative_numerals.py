"""Chinese numerals in prose: which run of numeral characters is a count (三件, 十二条, 一百零五), and its value."""
from __future__ import annotations

import re
from functools import lru_cache

# A count in Chinese numerals (三, 十二, 两, 一百零五): the whole run of numeral characters, not after
# 第 (第三条) or a word that makes it vague (数十, 近三十, 十余); not 一次性, 一件事, 一条龙, 一件件.
_CN_CHARS = "零〇一二两三四五六七八九十百千万"
_COUNT_CN = (rf"(?<![{_CN_CHARS}第数几余多上近约逾超统同唯逐之])[一二两三四五六七八九十][{_CN_CHARS}]*"
             rf"(?![{_CN_CHARS}点])(?!.[性事龙])(?!件件|条条|次次|个个|场场)")

_CN_FIRST = frozenset("一二两三四五六七八九十")
_CN_DIGIT_PAIR = re.compile(r"[一二两三四五六七八九]{2}")


@lru_cache(maxsize=4096)
def _cn_count(numeral: str) -> int | None:
    """三 -> 3, 十二 -> 12, 两 -> 2, 一百零五 -> 105, by cn2an; None when it is no whole count.

    Digits read one by one are no count here: 三四件 is "three or four", 一〇五 is not how a count
    is written (years are, and ingest.parsers.metadata reads those).
    """
    if _CN_DIGIT_PAIR.search(numeral.replace("零", "").replace("〇", "")):
        return None
    try:
        import cn2an  # imported on the first Chinese numeral: most reports have none

        value = cn2an.cn2an(numeral, "smart")
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on what it cannot read
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None
