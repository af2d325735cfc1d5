"""The report year and the dates: Chinese-numeral dates (二〇二一年一月十日, read with cn2an), the year of
the statistics (never the publication date), the publication date."""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.parsers.metadata.common import _CJK, _SUFFIX, _YEAR

_DATE_C = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")


@lru_cache(maxsize=1024)
def _cn_number(s: str) -> int | None:
    """二〇一〇 -> 2010, 十二 -> 12, 三十一 -> 31, 五 -> 5 (read by cn2an); None when it is no whole number."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    try:
        import cn2an  # imported on the first date in Chinese numerals: most reports have none

        value = cn2an.cn2an(s, "smart")
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on what it cannot read
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})(?=年)")
# What _CN_DATE and _CN_YEAR both start with: a text without it has no date in Chinese numerals.
_CN_YEAR_HINT = re.compile(r"[〇零一二三四五六七八九]年")


def _digits_dates(text: str) -> str:
    if _CN_YEAR_HINT.search(text) is None:
        return text
    def date(m: re.Match) -> str:
        y, mo, d = (_cn_number(g) for g in m.groups())
        return m.group(0) if None in (y, mo, d) else f"{y}年{mo}月{d}日"

    def year(m: re.Match) -> str:
        y = _cn_number(m.group(1))
        return m.group(0) if y is None else str(y)

    text = _CN_DATE.sub(date, text)
    return _CN_YEAR.sub(year, text)


def _iso(y, m, d) -> str | None:
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if 1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _plausible_year(y) -> int | None:
    try:
        y = int(y)
    except (TypeError, ValueError):
        return None
    return y if 2000 <= y <= 2100 else None


def _report_year(title: str | None, compact: str) -> int | None:
    if title:
        m = re.search(rf"{_YEAR}年", title)
        if m and _plausible_year(m.group(1)):
            return int(m.group(1))
    m = re.search(rf"统计[{_CJK}:：]{{0,12}}?(?:自|从|为|是|:|：)?{_YEAR}年\d{{1,2}}月\d{{1,2}}日起?"
                  rf"(?:至|到|—|-|~|～)(?:{_YEAR}年)?\d{{1,2}}月\d{{1,2}}日", compact)
    if m:
        y = _plausible_year(m.group(2) or m.group(1))
        if y:
            return y
    m = re.search(rf"{_YEAR}年度?(?:本机关|本单位|我局)?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告", compact[:1500])
    if m and _plausible_year(m.group(1)):
        return int(m.group(1))
    m = re.search(rf"{_YEAR}年(?:度)?[,，]", compact)
    if m and _plausible_year(m.group(1)):
        return int(m.group(1))
    return None


def _publication_date(headers: dict, compact: str) -> str | None:
    for key in ("发布时间", "发布日期", "成文日期"):
        v = headers.get(key)
        if v:
            m = re.match(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", v)
            if m and _iso(*m.groups()):
                return _iso(*m.groups())
    m = re.search(r"发布(?:时间|日期)[:：]?(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", compact[:2000])
    if m:
        return _iso(*m.groups())
    hits = list(re.finditer(rf"{_SUFFIX}\)?\(?{_YEAR}年(\d{{1,2}})月(\d{{1,2}})日\)?(?![起至到])", compact))
    if hits:
        return _iso(*hits[-1].groups())
    return None
