"""Regions: place names resolved with cpca (imported lazily, one cached call per distinct name), and
known misspellings of place names."""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

# Known misspellings of place names (OCR or typing): misspelled -> real.
_ALIASES = {
    "沐阳县": "沭阳县",  # r001: OCR reads 沭 as 沐; 沐阳县 does not exist
}
_MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}


@lru_cache(maxsize=1)
def _cpca():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca  # loads its data at import: slow, so only when first needed
    return cpca


@lru_cache(maxsize=1)
def _names_by_rank() -> tuple[dict, dict, dict]:
    """({name: [adcode]} for counties, for cities, and the adcode map)."""
    cp = _cpca()
    counties: dict[str, list[str]] = {}
    cities: dict[str, list[str]] = {}
    for code, info in cp.ad_2_addr_dict.items():
        target = counties if info.rank == 2 else cities if info.rank == 1 else None
        if target is not None and info.name not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            target.setdefault(info.name, []).append(code[:6])
    return counties, cities, cp.ad_2_addr_dict


def _cpca_row(name: str) -> dict:
    """cpca's result for one name, as `cpca.transform([name], pos_sensitive=True).iloc[0]` gives it.

    `transform` builds a pandas DataFrame for every call (about 5 ms, most of a report's parse
    time); its rows come from `_get_one_addr`, which is called directly when cpca has it.
    """
    cp = _cpca()
    one = getattr(cp, "_get_one_addr", None)
    if one is None:
        return cp.transform([name], pos_sensitive=True).iloc[0]
    return one(name, True, {})


def _short(name: str) -> str:
    s = re.sub(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|省|市|区|县|盟|旗)$", "", name)
    return s if len(s) >= 2 else name


@lru_cache(maxsize=4096)
def _resolve(name: str) -> tuple | None:
    """(province, city, county, adcode, rank, end) of the place at the start of `name`, or None."""
    if not name:
        return None
    try:
        row = _cpca_row(name)
    except Exception:
        return None
    adcode = row.get("adcode")
    if not isinstance(adcode, str) or not adcode:
        return None

    def clean(v):
        return v if isinstance(v, str) and v and v not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") else None

    prov, city, county = clean(row.get("省")), clean(row.get("市")), clean(row.get("区"))
    positions = {"省": row.get("省_pos"), "市": row.get("市_pos"), "区": row.get("区_pos")}
    # The deepest level found must be written in the name itself (rejects 沐阳县 -> 重庆市 县).
    found = [(k, v) for k, v in (("区", county), ("市", city), ("省", prov)) if v]
    if not found:
        return None
    key, deepest = found[0]
    pos = positions.get(key)
    try:
        pos = int(pos)
    except (TypeError, ValueError):
        pos = -1
    if pos < 0 or not (name.startswith(deepest, pos) or name.startswith(_short(deepest), pos)):
        return None
    end = pos + (len(deepest) if name.startswith(deepest, pos) else len(_short(deepest)))
    rank = 2 if county else 1 if city else 0
    if prov in _MUNICIPALITIES and rank == 1:
        rank = 0
    return prov, city, county, adcode[:6], rank, end


def _starts_with_place(s: str) -> bool:
    r = _resolve(s)
    if r is None:
        return False
    prov, city, county, _code, _rank, end = r
    deepest = county or city or prov
    return s[:end] in (deepest, _short(deepest))


@lru_cache(maxsize=2)
def _place_rx(county: bool):
    counties, cities, _ = _names_by_rank()
    pool = counties if county else cities
    names = sorted((n for n in pool if len(n) >= 3), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _apply_aliases(name: str) -> str:
    for wrong, right in _ALIASES.items():
        name = name.replace(wrong, right)
    return name
