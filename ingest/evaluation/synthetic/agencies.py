"""The agency a synthetic report is from: a place from cpca's table of administrative divisions
(`divisions`), an agency there (`pick_agency`), and how its report names itself and its area.
"""
from __future__ import annotations

import csv
import importlib.util
import random
from functools import lru_cache
from pathlib import Path


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")  # locate without importing (cpca loads its data at import)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package is required for place names")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_MUNICIPALITIES = {"11", "12", "31", "50"}
_NO_REPORTS = {"71", "81", "82"}  # Taiwan, Hong Kong, Macao: not under the Regulations


@lru_cache(maxsize=1)
def divisions() -> dict:
    """provinces, cities, counties as lists of dicts with name, code, parents; county name counts."""
    names: dict[str, str] = {}
    with _adcodes_path().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            if row["adcode"][6:].strip("0") == "":  # county level or above
                names[code] = row["name"]
    provinces, cities, counties = [], [], []
    for code, name in sorted(names.items()):
        if name in _NOT_PLACES or code[:2] in _NO_REPORTS:
            continue
        if code[2:] == "0000":
            provinces.append({"code": code, "name": name})
        elif code[4:] == "00":
            prov = names.get(code[:2] + "0000")
            if prov and code[:2] not in _MUNICIPALITIES:
                cities.append({"code": code, "name": name, "province": prov})
        else:
            prov = names.get(code[:2] + "0000")
            city = names.get(code[:4] + "00")
            if not prov:
                continue
            if city in _NOT_PLACES or code[:2] in _MUNICIPALITIES:
                city = None
            counties.append({"code": code, "name": name, "province": prov, "city": city})
    count: dict[str, int] = {}
    for c in counties:
        count[c["name"]] = count.get(c["name"], 0) + 1
    city_count: dict[str, int] = {}
    for c in cities:
        city_count[c["name"]] = city_count.get(c["name"], 0) + 1
    # cities governed by a 行政公署 / 盟 are kept for departments only
    return {
        "provinces": provinces,
        "cities": [c for c in cities if city_count[c["name"]] == 1],
        "counties": counties,
        "county_count": count,
    }


_DEPTS_LOCAL = (
    "商务局", "教育局", "财政局", "民政局", "司法局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "交通运输局", "水利局", "农业农村局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "人力资源和社会保障局", "发展和改革局", "公安局",
    "林业局", "体育局", "退役军人事务局", "科学技术局", "工业和信息化局", "人民政府办公室",
)
_DEPTS_CITY_ONLY = ("发展和改革委员会", "民族宗教事务局", "外事办公室", "国有资产监督管理委员会")
_DEPTS_PROVINCE = (
    "教育厅", "财政厅", "商务厅", "民政厅", "司法厅", "自然资源厅", "生态环境厅", "交通运输厅",
    "水利厅", "农业农村厅", "文化和旅游厅", "卫生健康委员会", "应急管理厅", "审计厅",
    "市场监督管理局", "人力资源和社会保障厅", "发展和改革委员会", "人民政府办公厅",
)
_SHORT_SELF = {"局": "我局", "委员会": "我委", "厅": "我厅", "办公室": "我办", "人民政府": "本机关"}


def pick_agency(rng: random.Random) -> dict:
    d = divisions()
    r = rng.random()
    if r < 0.10:  # province level
        p = rng.choice(d["provinces"])
        gov = rng.random() < 0.3
        suffix = "人民政府" if gov else rng.choice(_DEPTS_PROVINCE)
        return {"agency": p["name"] + suffix, "province": p["name"], "city": None, "county": None,
                "division_code": p["code"], "level": "province", "government": suffix == "人民政府",
                "place": p["name"], "suffix": suffix}
    if r < 0.42:  # city level
        c = rng.choice(d["cities"])
        if c["name"].endswith(("地区", "盟")):
            suffix = rng.choice(_DEPTS_LOCAL[:-1])
        else:
            suffix = "人民政府" if rng.random() < 0.2 else rng.choice(_DEPTS_LOCAL + _DEPTS_CITY_ONLY)
        return {"agency": c["name"] + suffix, "province": c["province"], "city": c["name"], "county": None,
                "division_code": c["code"], "level": "city", "government": suffix == "人民政府",
                "place": c["name"], "suffix": suffix}
    k = rng.choice(d["counties"])
    suffix = "人民政府" if rng.random() < 0.25 else rng.choice(_DEPTS_LOCAL)
    unique = d["county_count"][k["name"]] == 1
    prefix = ""
    if k["city"] and (not unique or (k["name"].endswith("区") and rng.random() < 0.8) or rng.random() < 0.4):
        prefix = k["city"]
    return {"agency": prefix + k["name"] + suffix, "province": k["province"], "city": k["city"],
            "county": k["name"], "division_code": k["code"], "level": "county",
            "government": suffix == "人民政府", "place": prefix + k["name"], "suffix": suffix}


def self_reference(ag: dict) -> str:
    """How the report names its agency: 我局, 我委, 我市, 我县, 本机关…"""
    s = ag["suffix"]
    if ag["government"]:
        if ag["level"] == "county":
            last = ag["county"][-1]
            return "我" + (last if last in "区县市旗" else "县")
        if ag["level"] == "province" and not ag["province"].endswith("市"):
            return "我省"
        return "我市"
    for end, short in _SHORT_SELF.items():
        if s.endswith(end):
            return short
    return "本机关"


def scope_word(ag: dict) -> str:
    """全区 / 全县 / 全市 / 全省 for governments, '' for departments (a wider scope there)."""
    if not ag["government"]:
        return ""
    if ag["level"] == "province":
        return "全市" if ag["province"] in ("北京市", "上海市", "天津市", "重庆市") else "全省"
    if ag["level"] == "city":
        return "全市"
    last = ag["county"][-1]
    return "全" + (last if last in "区县市旗" else "县")
