"""Synthetic OGI annual reports with known ground truth, for parser evaluation and benchmarks.

`generate(n, seed)` yields `SyntheticReport`s: a file name, the file's bytes and the truth the
parsers should recover (agency, region, report year, family, and the canonical figures; None
where the report does not state a figure). Every report is built from its own
`random.Random(f"{seed}:{i}")`, so report i is the same whatever n is, and a seed always
gives the same bytes.

Families and layouts, in roughly the proportions seen in the wild:

    national_2021  (2021-2024)  pipe | cells | html        表二 (2021 columns) / 表三 with （六） split / 表四
    national_2019  (2019-2020)  pipe | cells | html        表二 (2019 columns) / 表三 / 表四
    legacy_table   (2013-2018)  pipe                       the nine-section statistics table, `label | unit | value |`;
                                                           half of them carry seed 003's misalignment (the value of
                                                           主动公开政府信息数 printed on the section row above it)
    legacy_short   (2008-2018)  cells                      指标名称 | 单位 | 2017年 | 历年累计, one cell per line
    narrative      (2008-2018)  prose                      figures only in sentences, zeros stated in words

Text variants laid over the layouts: traditional script (opencc s2t), full-width digits, and the
encodings GB18030 and UTF-16 (with and without BOM) for a few files.

Figures obey the arithmetic of the formats: 表三 一+二 = 三（七）+四 on every column, （七） = the sum
of （一）…（六）, each group = the sum of its items, the 总计 column = the sum of the six applicant
columns; 表四 each 总计 = the four before it; legacy tables: channels sum to 收到申请数, answer
categories to 申请答复数, 复议/诉讼 parts to their totals. Cumulative columns are >= the year's.

Row and column labels come from the taxonomy (`ingest/taxonomy/*.yml`); places and division
codes from the cpca package's table of administrative divisions.

    python -m ingest.synthetic --n 200 --out DIR --seed 1     # files + DIR/truth.jsonl
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ingest.taxonomy import section as taxonomy_section
from ingest.taxonomy import mart_columns

CANONICAL_FIELDS = tuple(mart_columns())  # the fct_reports figures, from the taxonomy

# (family, layout, weight)
LAYOUTS = (
    ("national_2021", "pipe", 16),
    ("national_2021", "cells", 7),
    ("national_2021", "html", 9),
    ("national_2019", "pipe", 10),
    ("national_2019", "cells", 4),
    ("national_2019", "html", 5),
    ("legacy_table", "pipe", 14),
    ("legacy_short", "cells", 11),
    ("narrative", "prose", 24),
)
YEARS = {
    "national_2021": (2021, 2024),
    "national_2019": (2019, 2020),
    "legacy_table": (2013, 2018),
    "legacy_short": (2008, 2018),
    "narrative": (2008, 2018),
}


@dataclass
class SyntheticReport:
    file_name: str
    content: bytes
    truth: dict
    layout: str = ""
    variants: tuple = field(default_factory=tuple)


# --------------------------------------------------------------------------- divisions


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")  # locate without importing (cpca loads its data at import)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package is required for place names")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


_NOT_PLACES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_MUNICIPALITIES = {"11", "12", "31", "50"}
_NO_REPORTS = {"71", "81", "82"}  # Taiwan, Hong Kong, Macao: not under the Regulations


@lru_cache(maxsize=1)
def _divisions() -> dict:
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


def _pick_agency(rng: random.Random) -> dict:
    d = _divisions()
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


def _self_name(ag: dict) -> str:
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


def _scope(ag: dict) -> str:
    """全区 / 全县 / 全市 / 全省 for governments, '' for departments (a wider scope there)."""
    if not ag["government"]:
        return ""
    if ag["level"] == "province":
        return "全市" if ag["province"] in ("北京市", "上海市", "天津市", "重庆市") else "全省"
    if ag["level"] == "city":
        return "全市"
    last = ag["county"][-1]
    return "全" + (last if last in "区县市旗" else "县")


# --------------------------------------------------------------------------- prose

_FILLER_OVERVIEW = (
    "{self}坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，把政务公开作为建设法治政府、服务型政府的重要抓手，持续提升政务公开的标准化、规范化水平。",
    "{self}严格落实《中华人民共和国政府信息公开条例》的各项规定，围绕中心工作和群众关切，不断拓展公开内容，创新公开方式，健全公开机制，政府信息公开工作取得了新的进展。",
    "成立了由主要负责同志任组长、分管负责同志任副组长、各科室负责人为成员的政务公开工作领导小组，明确了办公室为政府信息公开工作的主管机构，形成了主要领导亲自抓、分管领导具体抓、业务科室协同配合的工作格局。",
    "坚持把政务公开工作纳入年度重点工作安排，与业务工作同部署、同推进、同检查、同考核，做到年初有计划、年中有督查、年底有总结，确保各项公开任务落到实处。",
    "进一步完善信息发布审核制度，坚持“先审查、后公开”和“一事一审”的原则，对拟公开的政府信息严格履行保密审查程序，确保发布信息准确、权威、安全。",
    "围绕优化营商环境、民生保障、公共资源配置、重大建设项目等重点领域，及时准确发布政策文件、工作动态和办事指南，切实保障人民群众的知情权、参与权、表达权和监督权。",
    "加强政策解读工作，坚持政策文件与解读材料同步组织、同步审签、同步部署，综合运用图文解读、专家解读、新闻发布等多种形式，增强政策解读的针对性和可读性。",
    "积极回应社会关切，对涉及群众切身利益的热点问题，通过门户网站、政务新媒体等渠道及时发布权威信息，主动解疑释惑，正确引导社会预期。",
    "依托政府门户网站政府信息公开专栏，按照统一的目录体系及时更新机构职能、政策文件、规划计划、财政预决算、人事信息等栏目内容，做到应公开尽公开。",
    "加强政务新媒体管理，建立健全信息发布、内容审核、互动回应等管理制度，对账号进行常态化巡查，确保内容更新及时、运行安全规范。",
    "组织开展政务公开业务培训，邀请上级部门业务骨干进行专题授课，重点讲解新修订条例的主要内容和依申请公开办理流程，不断提升工作人员的业务能力和依法公开意识。",
    "进一步规范政府信息公开申请的接收、登记、审核、办理、答复、归档等环节，严格按照法定期限答复申请人，做到依法依规、规范有序。",
    "加强政府信息管理，对本机关制作和获取的政府信息进行全面梳理，动态更新政府信息公开目录和公开指南，及时调整主动公开的范围和内容。",
    "认真做好规范性文件的清理工作，对不再适用的文件及时宣布失效或予以废止，并在门户网站集中公开现行有效的规范性文件目录。",
    "建立健全政务公开工作考核评议机制，将政务公开工作纳入机关绩效考核内容，定期通报工作情况，对工作推进不力的科室进行督促整改。",
    "自觉接受社会监督，在门户网站公布监督电话和电子邮箱，认真听取社会各界对政务公开工作的意见和建议，不断改进工作方式方法。",
    "持续推进基层政务公开标准化规范化建设，对照相关领域基层政务公开标准指引，编制完善公开事项清单，统一规范公开的内容、时限、主体和方式。",
    "充分发挥政务服务大厅、档案馆、图书馆等场所的政府信息查阅功能，为公众查阅政府信息提供便利条件。",
    "坚持以公开为常态、不公开为例外，在决策、执行、管理、服务、结果等各环节推进公开，不断提高工作透明度。",
    "扎实开展政府开放日、政策进社区等活动，面对面听取群众意见，增进社会公众对政府工作的了解和支持。",
)
_FILLER_MORE = (
    "在决策公开方面，对涉及群众切身利益的重要改革方案、重大政策措施和重点工程项目，在决策前通过门户网站向社会公开征求意见，并及时反馈意见采纳情况，提高决策的科学性和透明度。",
    "在执行和结果公开方面，围绕年度重点工作任务，定期发布工作进展、取得成效和后续举措，主动接受社会监督，以公开促落实、以公开促规范。",
    "在管理和服务公开方面，全面公开权责清单、政务服务事项目录和办事指南，细化办理条件、办理流程和所需材料，推动政务服务事项网上可办、一网通办。",
    "在财政信息公开方面，按照统一要求在规定时限内公开部门预算、部门决算和“三公”经费情况，细化公开到功能分类的项级科目，自觉接受社会监督。",
    "在人事信息公开方面，及时公开公务员招录、事业单位公开招聘、干部任前公示等信息，确保人事工作公开透明、公平公正。",
    "在公共资源配置领域，及时公开政府采购、工程建设项目招标投标等信息，推进公共资源配置全流程透明化。",
    "在重大建设项目领域，围绕项目批准、实施等环节，及时公开批准服务信息、批准结果信息、招标投标信息和施工有关信息。",
    "在社会救助和社会福利领域，及时公开救助标准、申办流程、资金使用等信息，让群众看得见、看得懂、能监督。",
    "在教育、医疗卫生、生态环境等民生领域，持续加大信息公开力度，重点公开与群众生产生活密切相关的政策措施和服务事项。",
    "强化政府网站集约化建设，统一信息资源库和技术平台，规范栏目设置和内容保障，提升网站的权威性和服务能力。",
    "认真做好政府公报编辑发行工作，及时刊登本级政府及其部门发布的规章和规范性文件，发挥政府公报标准文本的作用。",
    "推进政务公开专区建设，在政务服务中心设立政务公开专区，配备查阅设备和专门人员，为企业群众提供政策咨询和信息查询服务。",
    "完善政务舆情回应机制，建立舆情收集、研判、处置和回应的闭环工作流程，对涉及本机关的舆情做到早发现、早研判、早处置。",
    "加强政策咨询服务，依托政务服务便民热线和门户网站互动平台，及时解答企业和群众的政策疑问，提升政策知晓度。",
    "健全政府信息公开保密审查机制，明确审查责任和审查程序，坚持谁公开谁审查、谁审查谁负责，防止泄露国家秘密和敏感信息。",
    "加强对个人信息的保护，在公开行政处罚、社会救助等信息时，对涉及个人隐私的内容进行必要的去标识化处理。",
    "按照档案管理的有关规定，做好政府信息公开工作文件材料的收集、整理和归档，确保工作过程有据可查。",
    "定期对门户网站开展自查，及时处理错别字、空白栏目和链接失效等问题，确保网站内容准确、运行平稳。",
    "结合机构改革后的职能调整情况，及时更新机构概况、内设机构、领导分工等信息，方便公众了解机关职能。",
    "推进政府数据开放共享，梳理可开放的公共数据资源目录，稳步推动公共数据向社会有序开放。",
    "把政务公开工作纳入干部教育培训内容，引导党员干部牢固树立公开透明的施政理念，增强依法公开的自觉性。",
    "加强与新闻媒体的沟通联系，及时通报重要工作进展，借助媒体力量扩大政策宣传覆盖面，营造良好舆论氛围。",
    "深化政务公开与政务服务融合，将公开要求嵌入政务服务各个环节，推动办事过程公开透明、办事结果可查询。",
    "积极开展公众满意度调查，广泛收集社会公众对政务公开工作的意见建议，将其作为改进工作的重要依据。",
)
_FILLER_PROBLEMS = (
    "{self}政府信息公开工作虽然取得了一定成效，但与上级要求和人民群众的期待相比还存在一定差距：一是公开内容的深度和广度有待进一步拓展；二是政策解读的形式还不够丰富；三是工作人员的业务水平有待进一步提升。",
    "下一步，{self}将继续加强组织领导，健全工作机制，进一步规范政府信息公开的内容和程序，提高信息发布的及时性和准确性。",
    "加大重点领域信息公开力度，围绕群众关注的热点难点问题，及时发布权威信息，主动回应社会关切。",
    "加强业务学习和培训，组织工作人员深入学习条例及相关制度规定，提升依法公开的能力和水平。",
    "丰富政策解读形式，更多采用图表图解、音视频等群众喜闻乐见的方式，提高政策解读的传播力和影响力。",
    "进一步完善门户网站栏目设置，优化检索功能，方便公众快速获取所需信息。",
)


def _pad(rng: random.Random, have_bytes: int, target_bytes: int, self_name: str, used: list[str]) -> list[str]:
    """Extra prose paragraphs (two or three sentences each) until the report reaches about target_bytes."""
    out: list[str] = []
    bank = [s for s in _FILLER_OVERVIEW + _FILLER_MORE if s.format(self=self_name) not in used]
    rng.shuffle(bank)
    k = 0
    while have_bytes < target_bytes and bank:
        para = "".join(s.format(self=self_name) for s in bank[k:k + rng.randint(2, 3)])
        k += 3
        if k >= len(bank):
            k = 0
            rng.shuffle(bank)
        out.append(para)
        have_bytes += len(para.encode("utf-8"))
    return out


def _fill_prose(rng: random.Random, bank: tuple, n: int, self_name: str) -> list[str]:
    picks = rng.sample(bank, min(n, len(bank)))
    return [s.format(self=self_name) for s in picks]


# --------------------------------------------------------------------------- numbers


def _split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """n split into len(weights) non-negative parts, roughly by weight, summing to n."""
    if n <= 0:
        return [0] * len(weights)
    if n < 8:
        parts = [0] * len(weights)
        for _ in range(n):
            parts[rng.choices(range(len(weights)), weights)[0]] += 1
        return parts
    tot = sum(weights)
    parts = [int(n * w / tot * rng.uniform(0.5, 1.3)) for w in weights]
    while sum(parts) > n:
        i = max(range(len(parts)), key=lambda j: parts[j])
        parts[i] -= sum(parts) - n if parts[i] >= sum(parts) - n else parts[i]
    parts[0] += n - sum(parts)
    return parts


def _size(rng: random.Random, ag: dict) -> int:
    """Applications handled by the agency in a year."""
    r = rng.random()
    if r < 0.30:
        return 0
    if r < 0.65:
        return rng.randint(1, 12)
    if r < 0.90:
        return rng.randint(10, 150)
    hi = 3000 if ag["government"] and ag["level"] != "county" else 800
    return rng.randint(100, hi)


@lru_cache(maxsize=1)
def _t3_spec() -> dict:
    t3 = taxonomy_section("t3")
    rows = t3["rows"]
    groups = t3["groups"]
    return {"columns": t3["columns"], "rows": rows, "groups": groups}


# Full row wording of the official form where the taxonomy lists only a matching fragment.
_T3_WORDING = {
    "partial": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "refused.security": "危及“三安全一稳定”",
    "other.overdue_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.overdue_fee": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "其他",
}
_LEAF_WEIGHTS = {
    "granted": 35, "partial": 8, "refused": 0.6, "unable.not_held": 22, "unable.needs_creation": 2,
    "unable.unclear": 3, "not_processed": 1.2, "other": 3,
}
_COL_WEIGHTS = [80, 9, 0.5, 0.5, 4, 6]


def _t3_values(rng: random.Random, year_format: str, n: int) -> dict[str, list[int]]:
    """{row_key: [6 applicant columns + total]} obeying the 表三 arithmetic."""
    spec = _t3_spec()
    leaf_keys = []
    for row in spec["rows"]:
        k = row["key"]
        if k in ("new", "carried_over", "total", "carried_forward"):
            continue
        if year_format == "2019" and k.startswith("other."):
            continue
        if year_format == "2021" and k == "other":
            continue
        leaf_keys.append(k)
    weights = []
    for k in leaf_keys:
        w = _LEAF_WEIGHTS.get(k)
        if w is None:
            w = _LEAF_WEIGHTS.get(k.split(".")[0], 1.0)
        weights.append(w * rng.uniform(0.2, 1.8))
    cols_n = _split(rng, n, [w * rng.uniform(0.5, 1.5) for w in _COL_WEIGHTS])
    values: dict[str, list[int]] = {k: [] for k in ["new", "carried_over", *leaf_keys, "total", "carried_forward"]}
    for nc in cols_n:
        leaves = _split(rng, nc, weights)
        for k, v in zip(leaf_keys, leaves):
            values[k].append(v)
        co = rng.randint(0, nc // 8) if nc and rng.random() < 0.5 else 0
        cf = rng.randint(0, nc // 8) if nc and rng.random() < 0.5 else 0
        values["total"].append(nc)
        values["carried_over"].append(co)
        values["carried_forward"].append(cf)
        values["new"].append(nc + cf - co)
    for k in values:
        values[k].append(sum(values[k]))
    return values


def _t4_values(rng: random.Random, n: int) -> list[int]:
    out = []
    for scale in (0.04, 0.02, 0.02):
        parts = []
        for _ in range(4):
            parts.append(rng.randint(0, max(0, int(n * scale * rng.uniform(0, 2)))) if n and rng.random() < 0.5 else 0)
        out += parts + [sum(parts)]
    return out


# --------------------------------------------------------------------------- national tables

_CN = "一二三四五六七八九十"


def _t3_rows(year_format: str, vals: dict[str, list[int]]) -> list[tuple[list[str], list[int]]]:
    """Rows of 表三 as (label cells, 7 values), in form order, with the form's numbering."""
    spec = _t3_spec()
    groups = spec["groups"]
    out = []
    group_items: dict[str, int] = {}
    first_result = True
    for row in spec["rows"]:
        k = row["key"]
        if k not in vals:
            continue
        word = _T3_WORDING.get(k, row["labels"][0])
        if k == "new":
            out.append((["一、" + word], vals[k]))
        elif k == "carried_over":
            out.append((["二、" + word], vals[k]))
        elif k == "carried_forward":
            out.append((["四、" + word], vals[k]))
        else:
            head = ["三、本年度办理结果"] if first_result else []
            first_result = False
            g = row.get("group")
            if g:
                n = group_items.get(g, 0) + 1
                group_items[g] = n
                cells = head + ([groups[g]["zh"]] if n == 1 else []) + [f"{n}.{word}"]
            else:
                ordinal = {"granted": "（一）", "partial": "（二）", "other": "（六）", "total": "（七）"}[k]
                cells = head + [ordinal + word]
            out.append((cells, vals[k]))
    return out


_T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _t3_header_cells() -> tuple[list[str], list[str], list[str]]:
    cols = [c["zh"] for c in _t3_spec()["columns"]]
    return ([_T3_CORNER, "申请人情况"], [cols[0], "法人或其他组织", cols[-1]], cols[1:-1])


def _t4_header_rows() -> tuple[list[str], list[str], list[str]]:
    cols = taxonomy_section("t4")["columns"]
    five = [c["zh"].split(" ")[-1] for c in cols[:5]]
    return (["行政复议", "行政诉讼"], five + ["未经复议直接起诉", "复议后起诉"], five * 2)


def _t2_blocks(rng: random.Random, year_format: str, n: int) -> list[tuple[str, list[str], list[tuple[str, list]]]]:
    """表二 sub-tables: (第二十条第(x)项, column labels, [(row label, values)])."""
    t2 = taxonomy_section("t2")
    rows = {r["key"]: r["labels"][0] for r in t2["rows"]}
    big = max(1, n)
    if year_format == "2019":
        cols = {c["key"]: c["labels"][0] for c in t2["columns_2019"]}
        r = lambda hi: rng.randint(0, hi)  # noqa: E731
        return [
            ("（一）", [cols["made_this_year"], cols["published_this_year"], cols["published_total"]],
             [(rows["regulations"], [0, 0, 0]), ("规范性文件", [a := r(8), a, a + r(60)])]),
            ("（五）", [cols["items_last_year"], cols["change_this_year"], cols["decisions"]],
             [(rows["licensing"], [r(40), r(3), r(big * 20)]), (rows["other_services"], [r(30), r(2), r(big * 5)])]),
            ("（六）", [cols["items_last_year"], cols["change_this_year"], cols["decisions"]],
             [(rows["penalties"], [r(90), r(5), r(big * 3)]), (rows["enforcement"], [r(10), 0, r(20)])]),
            ("（八）", [cols["items_last_year"], cols["change_this_year"]], [(rows["fees"], [r(5), 0])]),
            ("（九）", [cols["procurement_items"], cols["procurement_amount"]],
             [(rows["procurement"], [r(40), round(rng.uniform(0, 900), 2)])]),
        ]
    cols = {c["key"]: c["labels"][0] for c in t2["columns_2021"]}
    r = lambda hi: rng.randint(0, hi)  # noqa: E731
    return [
        ("（一）", [cols["issued_this_year"], cols["repealed_this_year"], cols["in_force"]],
         [(rows["regulations"], [0, 0, 0]), (rows["normative_docs"], [r(8), r(3), r(70)])]),
        ("（五）", ["本年处理决定数量"], [(rows["licensing"], [r(big * 30)])]),
        ("（六）", ["本年处理决定数量"], [(rows["penalties"], [r(big * 3)]), (rows["enforcement"], [r(15)])]),
        ("（八）", ["本年收费金额（单位：万元）"], [(rows["fees"], [round(rng.uniform(0, 50), 2) if rng.random() < 0.3 else 0])]),
    ]


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v else "0"
    return str(v)


class _PipeStyle:
    def __init__(self, rng: random.Random):
        self.lead = rng.random() < 0.3  # markdown style "| a | b |"
        self.trail = rng.random() < 0.5
        self.pad = rng.randint(0, 2)  # surplus trailing empty cells, as in seed 002

    def row(self, cells: list) -> str:
        parts = [_fmt(c) for c in cells]
        s = " | ".join(parts)
        if self.lead:
            return "| " + s + " |"
        if self.trail:
            s += " |" + " |" * self.pad
        return s


def _national_pipe(rng, year_format, t2, t3rows, t4) -> tuple[str, str, str]:
    st = _PipeStyle(rng)
    lines = []
    for item, cols, rows in t2:
        lines.append(f"第二十条第{item}项")
        lines.append(st.row(["信息内容", *cols]))
        for label, vals in rows:
            lines.append(st.row([label, *vals]))
    t2_text = "\n".join(lines)
    h1, h2, h3 = _t3_header_cells()
    lines = [st.row(h1), st.row(h2), st.row(h3)]
    for cells, vals in t3rows:
        lines.append(st.row([*cells, *vals]))
    t3_text = "\n".join(lines)
    a, b, c = _t4_header_rows()
    t4_text = "\n".join([st.row(a), st.row(b), st.row(c), st.row(t4)])
    return t2_text, t3_text, t4_text


def _national_cells(rng, year_format, t2, t3rows, t4) -> tuple[str, str, str]:
    ind = rng.choice(["", "\t", "\t", "  "])
    sep = rng.random() < 0.6  # a blank line between rows

    def block(rows: list[list]) -> str:
        out = []
        for cells in rows:
            out.extend(ind + _fmt(c) for c in cells)
            if sep:
                out.append("")
        return "\n".join(out).rstrip("\n")

    rows = []
    for item, cols, r in t2:
        rows.append([f"第二十条第{item}项"])
        rows.append(["信息内容", *cols])
        rows.extend([label, *vals] for label, vals in r)
    t2_text = block(rows)
    h1, h2, h3 = _t3_header_cells()
    t3_text = block([h1, h2, h3] + [[*cells, *vals] for cells, vals in t3rows])
    a, b, c = _t4_header_rows()
    t4_text = block([a, b, c, t4])
    return t2_text, t3_text, t4_text


def _td(text, rowspan=1, colspan=1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{attrs}>{_fmt(text)}</td>"


def _national_html(rng, year_format, t2, t3rows, t4) -> tuple[str, str, str]:
    open_t = '<table border="1" cellspacing="0" cellpadding="0" style="width:100%;border-collapse:collapse">'
    parts = [open_t, "<tbody>"]
    for item, cols, rows in t2:
        width = len(cols) + 1
        parts.append("<tr>" + _td(f"第二十条第{item}项", colspan=width) + "</tr>")
        parts.append("<tr>" + "".join(_td(c) for c in ["信息内容", *cols]) + "</tr>")
        for label, vals in rows:
            parts.append("<tr>" + "".join(_td(c) for c in [label, *vals]) + "</tr>")
    parts.append("</tbody></table>")
    t2_html = "\n".join(parts)

    cols = [c["zh"] for c in _t3_spec()["columns"]]
    p = [open_t, "<tbody>"]
    p.append("<tr>" + _td(_T3_CORNER, rowspan=3, colspan=3) + _td("申请人情况", colspan=7) + "</tr>")
    p.append("<tr>" + _td(cols[0], rowspan=2) + _td("法人或其他组织", colspan=5) + _td(cols[-1], rowspan=2) + "</tr>")
    p.append("<tr>" + "".join(_td(c) for c in cols[1:-1]) + "</tr>")
    # group sizes for rowspans
    n_result = sum(1 for cells, _ in t3rows if not cells[-1].startswith(("一、", "二、", "四、")))
    group_len: dict[str, int] = {}
    current = None
    for cells, _ in t3rows:
        for c in cells:
            if c.startswith(("（三）", "（四）", "（五）", "（六）")) and len(cells) > 1 and c != cells[-1]:
                current = c
        if current and cells[-1][:1].isdigit():
            group_len[current] = group_len.get(current, 0) + 1
        elif not cells[-1][:1].isdigit():
            current = None
    for cells, vals in t3rows:
        label = cells[-1]
        tds = []
        if cells[0].startswith("三、"):
            tds.append(_td(cells[0], rowspan=n_result))
        if label.startswith(("一、", "二、", "四、")):
            tds.append(_td(label, colspan=3))
        elif label[:1].isdigit():
            grp = [c for c in cells[:-1] if c.startswith(("（三）", "（四）", "（五）", "（六）"))]
            if grp:
                tds.append(_td(grp[0], rowspan=group_len[grp[0]]))
            tds.append(_td(label))
        else:
            tds.append(_td(label, colspan=2))
        p.append("<tr>" + "".join(tds) + "".join(_td(v) for v in vals) + "</tr>")
    p.append("</tbody></table>")
    t3_html = "\n".join(p)

    a, b, c = _t4_header_rows()
    q = [open_t, "<tbody>"]
    q.append("<tr>" + _td(a[0], colspan=5) + _td(a[1], colspan=10) + "</tr>")
    q.append("<tr>" + "".join(_td(x, rowspan=2) for x in b[:5]) + _td(b[5], colspan=5) + _td(b[6], colspan=5) + "</tr>")
    q.append("<tr>" + "".join(_td(x) for x in c) + "</tr>")
    q.append("<tr>" + "".join(_td(v) for v in t4) + "</tr>")
    q.append("</tbody></table>")
    return t2_html, t3_html, "\n".join(q)


# --------------------------------------------------------------------------- report builders


def _date_after(rng: random.Random, year: int) -> tuple[int, int, int]:
    return year + 1, rng.randint(1, 3), rng.randint(1, 28)


def _intro(rng, ag, year, national: bool) -> str:
    if national:
        s = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
             f"〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。全文包括总体情况、主动公开政府信息情况、"
             f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。")
    else:
        s = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的有关规定，特向社会公布{year}年度{ag['agency']}"
             f"政府信息公开工作报告。本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开的收费及减免情况、"
             f"因政府信息公开申请提起行政复议和行政诉讼的情况、存在的主要问题及改进措施、其他需要报告的事项等部分组成。")
    s += (f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。本报告的电子版可在{ag['place']}人民政府门户网站下载。"
          f"如对本报告有任何疑问，请与{ag['agency'] if ag['agency'].endswith(('办公室', '办公厅')) else ag['agency'] + '办公室'}联系（电话：0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}）。")
    return s


def _title(ag, year, national: bool, rng) -> str:
    if national:
        return f"{ag['agency']}{year}年政府信息公开工作年度报告" if rng.random() < 0.7 else f"{ag['agency']}{year}年度政府信息公开工作年度报告"
    return f"{ag['agency']}{year}年政府信息公开工作报告" if rng.random() < 0.6 else f"{ag['agency']}{year}年度政府信息公开工作年度报告"


def _chrome(rng, title: str = "", ag: dict | None = None, date: tuple | None = None) -> tuple[list[str], list[str]]:
    head = []
    tail = []
    if ag and date and rng.random() < 0.15:
        y, m, d = date
        head = [f"标题: {title}", f"发布时间: {y}-{m:02d}-{d:02d}", f"来源: {ag['place']}人民政府门户网站", ""]
    if rng.random() < 0.3:
        tail += ["扫一扫在手机打开当前页"]
    if rng.random() < 0.4:
        tail += ["上一条:", "下一条:"]
    return head, tail


def _proactive_sentence(rng, ag, year, p: int) -> str:
    scope = _scope(ag)
    forms = [
        f"{year}年，{_self_name(ag)}主动公开政府信息{p}条。",
        f"全年共主动公开各类政府信息{p}条。",
        f"本年度{scope}主动公开政府信息共计{p}条。",
        f"{year}年共发布政府信息{p}条。",
    ]
    return rng.choice(forms)


def _build_national(rng, ag, year, family, layout, truth) -> str:
    year_format = "2021" if family == "national_2021" else "2019"
    n = _size(rng, ag)
    vals = _t3_values(rng, year_format, n)
    t4 = _t4_values(rng, n)
    t2 = _t2_blocks(rng, year_format, n)
    t3rows = _t3_rows(year_format, vals)
    truth.update(
        applications_new=vals["new"][-1], applications_carried_over=vals["carried_over"][-1],
        applications_carried_forward=vals["carried_forward"][-1], outcome_granted=vals["granted"][-1],
        outcome_partial=vals["partial"][-1], outcome_total=vals["total"][-1],
        reconsideration_total=t4[4], litigation_total=t4[9] + t4[14],
    )
    truth["_t3"] = vals
    truth["_t4"] = t4
    self_name = _self_name(ag)
    p = rng.randint(5, 400) if ag["level"] == "county" else rng.randint(20, 5000)
    overview = _fill_prose(rng, _FILLER_OVERVIEW, rng.randint(7, 12), self_name)
    paras = [overview[0]]
    if rng.random() < 0.75:
        paras.append("（一）主动公开。" + overview[1] + _proactive_sentence(rng, ag, year, p))
        truth["proactive_items"] = p
    else:
        paras.append("（一）主动公开。" + overview[1])
        truth["proactive_items"] = None
    if rng.random() < 0.5:
        paras.append(f"（二）依申请公开。{overview[2]}{year}年，{self_name}新收政府信息公开申请{vals['new'][-1]}件，"
                     f"上年结转{vals['carried_over'][-1]}件，办结申请{vals['total'][-1]}件，"
                     f"结转下年度继续办理{vals['carried_forward'][-1]}件。")
    else:
        paras.append("（二）依申请公开。" + overview[2])
    paras += ["（三）政府信息管理。" + overview[3] + overview[4], "（四）平台建设。" + overview[5] + overview[6]]
    paras += ["（五）监督保障。" + "".join(overview[7:])]
    problems = _fill_prose(rng, _FILLER_PROBLEMS, rng.randint(3, 6), self_name)
    fees = ("本年度未收取信息处理费。" if year_format == "2021" else "本年度无政府信息公开收费情况。")
    makers = {"pipe": _national_pipe, "cells": _national_cells, "html": _national_html}
    if layout != "cells" and rng.random() < 0.12:
        # zero cells of the applicant columns left blank or '/', the 总计 column filled in
        mark = rng.choice(["", "/", "—"])
        t3rows = [(cells, [mark if (v == 0 and j < 6) else v for j, v in enumerate(vals)]) for cells, vals in t3rows]
        truth.setdefault("features", []).append("t3_blank_cells")
    t2_text, t3_text, t4_text = makers[layout](rng, year_format, t2, t3rows, t4)
    have = sum(len(x.encode("utf-8")) for x in (t2_text, t3_text, t4_text, *paras, *problems)) + 1200
    if layout == "html":
        have += 3000
    paras += _pad(rng, have, rng.randint(8500, 14500), self_name, overview)
    title = _title(ag, year, True, rng)
    py, pm, pd = _date_after(rng, year)
    sections = [
        ("", [_intro(rng, ag, year, True)]),
        ("一、总体情况", paras),
        ("二、主动公开政府信息情况", [t2_text]),
        ("三、收到和处理政府信息公开申请情况", [t3_text]),
        ("四、政府信息公开行政复议、行政诉讼情况", [t4_text]),
        ("五、存在的主要问题及改进情况", problems),
        ("六、其他需要报告的事项", [fees + rng.choice(["无其他需要报告的事项。", "本机关无其他需要报告的事项。", "无。"])]),
    ]
    if layout == "html":
        return _html_page(rng, ag, title, sections, (py, pm, pd))
    head, tail = _chrome(rng, title, ag, (py, pm, pd))
    lines = head + [title]
    for heading, paras_ in sections:
        if heading:
            lines.append(heading)
        lines.extend(paras_)
    lines += ["", ag["agency"], f"{py}年{pm}月{pd}日"] + tail
    return "\n".join(lines) + "\n"


def _html_page(rng, ag, title, sections, date) -> str:
    py, pm, pd = date
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{title}_{ag['place']}人民政府</title>",
        "<style>.article-content p{text-indent:2em;line-height:2}</style>",
        "<script>var _hmt = _hmt || [];</script>",
        "</head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>',
        '<table class="table_content"><tbody>',
        f'<tr><td>名称</td><td colspan="3">{title}</td></tr>',
        f"<tr><td>发布机构</td><td>{ag['agency']}</td><td>公开日期</td><td>{py}-{pm:02d}-{pd:02d}</td></tr>",
        "</tbody></table>",
        f'<h1 class="article-title">{title}</h1>',
        '<div class="article-content" id="zoomcon">',
    ]
    for heading, paras in sections:
        if heading:
            out.append(f"<p><strong>{heading}</strong></p>")
        for para in paras:
            out.append(para if para.startswith("<table") else f"<p>{para}</p>")
    out += [f'<p style="text-align:right">{ag["agency"]}</p>', f'<p style="text-align:right">{py}年{pm}月{pd}日</p>',
            "</div>", '<div class="footer">扫一扫在手机打开当前页</div>', "</body></html>"]
    return "\n".join(out) + "\n"


# ---- legacy (pre-2019) reports


def _legacy_numbers(rng, ag) -> dict:
    n = _size(rng, ag)
    g = {}
    g["proactive_items"] = rng.randint(5, 400) if ag["level"] == "county" else rng.randint(20, 5000)
    ch = _split(rng, g["proactive_items"], [1, 60, 5, 5, 10])
    g.update(channel_gazette=ch[0], channel_website=ch[1], channel_weibo=ch[2], channel_wechat=ch[3], channel_other=ch[4])
    g["applications_new"] = n
    c = _split(rng, n, [30, 2, 50, 10, 3])
    g.update(in_person=c[0], fax=c[1], online=c[2], letter=c[3], other_channel=c[4])
    ext = rng.randint(0, n // 10) if n else 0
    g.update(closed=n, closed_on_time=n - ext, closed_extended=ext)
    a = _split(rng, n, [10, 45, 10, 5, 8, 12, 4, 6])
    g.update(answered=n, already_public=a[0], granted=a[1], partial=a[2], refused=a[3], not_this_agency=a[4],
             not_exist=a[5], told_to_amend=a[6], told_other_route=a[7])
    r = _split(rng, a[3], [2, 1, 3, 1, 4, 2])
    for k, v in zip(("state_secret", "commercial_secret", "privacy", "security", "not_government_info", "other"), r):
        g["refused." + k] = v
    for grp, scale in (("reconsideration", 0.04), ("litigation", 0.02), ("complaints", 0.01)):
        parts = [rng.randint(0, max(0, int(n * scale * rng.uniform(0, 2)))) if n and rng.random() < 0.5 else 0 for _ in range(3)]
        g[grp + ".upheld"], g[grp + ".corrected"], g[grp + ".other"] = parts
        g[grp + "_total"] = sum(parts)
    return g


def _legacy_table_text(rng, g: dict, blank_zero: bool, misaligned: bool) -> tuple[str, dict]:
    """The nine-section table in `|` rows; returns (text, {metric: value or None} as stated by the table)."""
    spec = taxonomy_section("legacy_stats")
    st = _PipeStyle(rng)
    sec_titles = {k: v["zh"] for k, v in spec["sections"].items()}
    units = {r["key"]: r.get("unit", "件") for r in spec["rows"]}
    labels = {r["key"]: r["labels"][0] for r in spec["rows"]}
    stated: dict[str, object] = {}

    def cell(v):
        if v is None or (blank_zero and v == 0):
            return ""
        return v

    lines = [st.row(["统计指标", "单位", "统计数"])]

    def row(label, key, value, metric=None):
        shown = cell(value)
        lines.append(f"{label} | {units.get(key, '件')} | {_fmt(shown)} |")
        if metric:
            stated[metric] = None if shown == "" else value

    # 一
    if misaligned:
        lines.append(f"{sec_titles['一']} |")
        lines.append(f"| {_fmt(cell(g['proactive_items']))} |")
        lines.append(f"（一）{labels['proactive_items']} | 条 | |")
        stated["proactive_items"] = None if cell(g["proactive_items"]) == "" else g["proactive_items"]
    else:
        lines.append(f"{sec_titles['一']} | | |")
        row("（一）" + labels["proactive_items"], "proactive_items", g["proactive_items"], "proactive_items")
    row("其中：" + labels["proactive_normative_docs"], "proactive_normative_docs", rng.randint(0, 10))
    row(labels["normative_docs_issued"], "normative_docs_issued", rng.randint(0, 10))
    lines.append(f"（二）{labels['proactive_channels']} | | |")
    for i, k in enumerate(("channel_gazette", "channel_website", "channel_weibo", "channel_wechat", "channel_other"), 1):
        row(f"{i}.{labels[k]}", k, g[k])
    lines.append(f"{sec_titles['二']} | | |")
    row("（一）" + labels["responses_hot_topics"], "responses_hot_topics", rng.randint(0, 6))
    lines.append(f"（二）{labels['response_channels']} | | |")
    row("1." + labels["press_conferences"], "press_conferences", rng.randint(0, 5))
    row("其中：" + labels["press_conferences_leader"], "press_conferences_leader", rng.randint(0, 2))
    row("2." + labels["online_interviews"], "online_interviews", rng.randint(0, 4))
    row("其中：" + labels["online_interviews_leader"], "online_interviews_leader", rng.randint(0, 2))
    row("3." + labels["policy_interpretations"], "policy_interpretations", rng.randint(0, 20))
    row("4." + labels["responses_weibo_wechat"], "responses_weibo_wechat", rng.randint(0, 10))
    row("5." + labels["responses_other"], "responses_other", rng.randint(0, 5))
    lines.append(f"{sec_titles['三']} | | |")
    row("（一）" + labels["applications_new"], "applications_new", g["applications_new"], "applications_new")
    for i, k in enumerate(("in_person", "fax", "online", "letter", "other_channel"), 1):
        row(f"{i}.{labels[k]}", k, g[k])
    row("（二）" + labels["closed"], "closed", g["closed"])
    row("1." + labels["closed_on_time"], "closed_on_time", g["closed_on_time"])
    row("2." + labels["closed_extended"], "closed_extended", g["closed_extended"])
    row("（三）" + labels["answered"], "answered", g["answered"], "outcome_total")
    row("1." + labels["already_public"], "already_public", g["already_public"])
    row("2." + labels["granted"], "granted", g["granted"], "outcome_granted")
    row("3." + labels["partial"], "partial", g["partial"], "outcome_partial")
    row("4." + labels["refused"], "refused", g["refused"])
    first = True
    for k in ("state_secret", "commercial_secret", "privacy", "security", "not_government_info", "other"):
        row(("其中：" if first else "") + labels["refused." + k], "refused." + k, g["refused." + k])
        first = False
    for i, k in enumerate(("not_this_agency", "not_exist", "told_to_amend", "told_other_route"), 5):
        row(f"{i}.{labels[k]}", k, g[k])
    row(sec_titles["四"], "reconsideration_total", g["reconsideration_total"], "reconsideration_total")
    row("（一）" + labels["reconsideration.upheld"], "reconsideration.upheld", g["reconsideration.upheld"])
    row("（二）" + labels["reconsideration.corrected"], "reconsideration.corrected", g["reconsideration.corrected"])
    row("（三）" + labels["reconsideration.other"], "reconsideration.other", g["reconsideration.other"])
    row(sec_titles["五"], "litigation_total", g["litigation_total"], "litigation_total")
    row("（一）" + labels["litigation.upheld"], "litigation.upheld", g["litigation.upheld"])
    row("（二）" + labels["litigation.corrected"], "litigation.corrected", g["litigation.corrected"])
    row("（三）" + labels["litigation.other"], "litigation.other", g["litigation.other"])
    row(sec_titles["六"], "complaints_total", g["complaints_total"])
    row("（一）" + labels["complaints.upheld"], "complaints.upheld", g["complaints.upheld"])
    row("（二）" + labels["complaints.corrected"], "complaints.corrected", g["complaints.corrected"])
    row("（三）" + labels["complaints.other"], "complaints.other", g["complaints.other"])
    paper = rng.randint(0, 50)
    elec = rng.randint(0, 50)
    row(sec_titles["七"], "archive_submissions", paper + elec)
    row("（一）" + labels["archive_paper"], "archive_paper", paper)
    row("（二）" + labels["archive_electronic"], "archive_electronic", elec)
    lines.append(f"{sec_titles['八']} | | |")
    ft, pt = rng.randint(0, 2), rng.randint(1, 4)
    row("（一）" + labels["dedicated_units"], "dedicated_units", 1)
    row("（二）" + labels["reading_points"], "reading_points", rng.randint(1, 3))
    row("（三）" + labels["reading_point_visitors"], "reading_point_visitors", rng.randint(0, 300))
    row("（四）" + labels["staff_total"], "staff_total", ft + pt)
    row("1." + labels["staff_fulltime"], "staff_fulltime", ft)
    row("2." + labels["staff_parttime"], "staff_parttime", pt)
    row("（五）" + labels["budget"], "budget", round(rng.uniform(0, 20), 1))
    lines.append(f"{sec_titles['九']} | | |")
    row("（一）" + labels["meetings"], "meetings", rng.randint(0, 6))
    row("（二）" + labels["trainings"], "trainings", rng.randint(0, 6))
    row("（三）" + labels["training_attendees"], "training_attendees", rng.randint(0, 400))
    lines.append("（注：各子栏目数总数要等于总栏目数量）")
    return "\n".join(lines), stated


def _legacy_short_text(rng, g: dict, year: int) -> tuple[str, dict]:
    """A local short table, one cell per line with tab indents, 本年 and 历年累计 columns."""
    spec = taxonomy_section("legacy_short")
    labels = {r["key"]: r["labels"] for r in spec["rows"]}
    ind = "\t"
    out = [f"{ind}指 标 名 称", f"{ind}单位", f"{ind}{year}年" if rng.random() < 0.7 else f"{ind}{year}年度", f"{ind}历年累计", ""]
    stated: dict[str, object] = {}
    years_before = year - 2007

    def row(label, unit, v, metric=None):
        cum = v + sum(rng.randint(0, max(1, v)) for _ in range(min(years_before, 3))) if v else rng.randint(0, 3)
        out.extend([f"{ind}{label}", f"{ind}{unit}", f"{ind}{v}", f"{ind}{cum}", ""])
        if metric:
            stated[metric] = v

    app_unit = rng.choice(["件", "条"])
    row(rng.choice(labels["proactive_items"][:3]), "条", g["proactive_items"], "proactive_items")
    row("其中： 1." + labels["channel_website"][0], "条", g["channel_website"] + g["channel_other"] + g["channel_weibo"] + g["channel_wechat"])
    row("      2." + labels["channel_gazette"][0], "条", g["channel_gazette"])
    row(labels["applications_new"][0], app_unit, g["applications_new"], "applications_new")
    row("其中： 1." + labels["in_person"][0], app_unit, g["in_person"])
    row("  2." + labels["online"][0], app_unit, g["online"] + g["other_channel"])
    row("       3." + labels["letter_fax"][0], app_unit, g["letter"] + g["fax"])
    row(labels["answered"][1], app_unit, g["answered"], "outcome_total")
    row("其中：1." + labels["granted"][0], app_unit, g["granted"], "outcome_granted")
    row("          2." + labels["partial"][0], app_unit, g["partial"], "outcome_partial")
    row("      3." + labels["refused"][2], app_unit, g["refused"])
    row("      4." + labels["other_answers"][0], app_unit,
        g["answered"] - g["granted"] - g["partial"] - g["refused"])
    row(labels["appeals_and_reports"][0], "件", g["complaints_total"])
    row(labels["reconsideration_total"][1], "件", g["reconsideration_total"], "reconsideration_total")
    if rng.random() < 0.7:
        row(labels["litigation_total"][1], "件", g["litigation_total"], "litigation_total")
    row(labels["appeals"][0], "件", 0)
    return "\n".join(out).rstrip("\n"), stated


def _narrative_requests(rng, ag, g, stated: dict, table_has_apps: bool) -> str:
    """Prose on applications. Records what it states in `stated`."""
    n = g["applications_new"]
    self_name = _self_name(ag)
    scope = _scope(ag)
    if n == 0:
        stated["applications_new"] = 0
        return rng.choice([f"本年度{self_name}未收到政府信息公开申请。", f"{self_name}全年未收到依申请公开申请事项。",
                           "本年度无政府信息公开申请。"])
    if table_has_apps and rng.random() < 0.5:
        return "依申请公开工作严格按照法定程序办理，详见附表。"
    lead = rng.choice([f"{scope}共受理政府信息公开申请{n}件", f"全年共收到政府信息公开申请{n}件",
                       f"{self_name}共受理依申请公开{n}件"])
    stated["applications_new"] = n
    parts = [lead]
    if rng.random() < 0.6:
        parts.append(f"其中，当面申请{g['in_person']}件，网络申请{g['online']}件，信函申请{g['letter']}件")
    s = "，".join(parts) + "。"
    if rng.random() < 0.7:
        s += f"已答复{g['answered']}件，其中同意公开的{g['granted']}件，同意部分公开的{g['partial']}件，不予公开的{g['refused']}件。"
        stated.update(outcome_total=g["answered"], outcome_granted=g["granted"], outcome_partial=g["partial"])
    return s


def _narrative_review(rng, ag, g, stated) -> str:
    rv, lt = g["reconsideration_total"], g["litigation_total"]
    if rv == 0 and lt == 0:
        r = rng.random()
        if r < 0.7:
            stated.update(reconsideration_total=0, litigation_total=0)
            return rng.choice(["本年度未发生因政府信息公开申请提起的行政复议和行政诉讼。",
                               "本年度没有发生因政府信息公开申请提起行政复议、行政诉讼的情况。"])
        stated.update(litigation_total=0)
        return "本年度无因政府信息公开申请提起的行政诉讼。"
    stated.update(reconsideration_total=rv, litigation_total=lt)
    return f"本年度发生因政府信息公开申请提起的行政复议案件{rv}件，行政诉讼案件{lt}件。"


def _build_legacy(rng, ag, year, family, layout, truth) -> str:
    g = _legacy_numbers(rng, ag)
    truth["_legacy"] = g
    self_name = _self_name(ag)
    narrative_stated: dict = {}
    table_stated: dict = {}
    table_text = ""
    if family == "legacy_table":
        blank_zero = rng.random() < 0.3
        misaligned = rng.random() < 0.5
        table_text, table_stated = _legacy_table_text(rng, g, blank_zero, misaligned)
        truth["features"] = [f for f, on in (("misaligned", misaligned), ("blank_zero", blank_zero)) if on]
    elif family == "legacy_short":
        table_text, table_stated = _legacy_short_text(rng, g, year)
    overview = _fill_prose(rng, _FILLER_OVERVIEW, rng.randint(8, 14), self_name)
    problems = _fill_prose(rng, _FILLER_PROBLEMS, rng.randint(3, 6), self_name)
    pro = []
    if family == "narrative" or rng.random() < 0.5:
        pro.append(_proactive_sentence(rng, ag, year, g["proactive_items"]))
        narrative_stated["proactive_items"] = g["proactive_items"]
        if rng.random() < 0.3:
            pro.append(f"截至{year}年底，累计主动公开政府信息{g['proactive_items'] * rng.randint(3, 8)}条。")
    pro += overview[5:8]
    req = _narrative_requests(rng, ag, g, narrative_stated, family != "narrative")
    review = _narrative_review(rng, ag, g, narrative_stated) if (family == "narrative" or rng.random() < 0.7) else \
        "本年度因政府信息公开申请提起行政复议、行政诉讼的情况见附表。"
    fees = rng.choice(["本年度未收取政府信息公开相关费用。", "本年度没有发生政府信息公开收费及减免情况。"])
    title = _title(ag, year, False, rng)
    py, pm, pd = _date_after(rng, year)
    old_style = rng.random() < 0.5
    lines = [title, _intro(rng, ag, year, False)]
    lines += ["一、概述"] + overview[:3]
    lines += ["二、主动公开政府信息情况"] + pro
    lines += ["三、依申请公开政府信息情况", req, overview[3]]
    lines += ["四、政府信息公开的收费及减免情况", fees]
    lines += ["五、因政府信息公开申请提起行政复议、行政诉讼的情况", review]
    lines += ["六、政府信息公开工作存在的主要问题及改进措施" if old_style else "六、存在的主要问题及改进情况"] + problems
    lines += ["七、其他需要报告的事项", "无。" if not table_text else f"附表：{year}年度政府信息公开工作情况统计表"]
    lines += overview[8:] and ["（一）其他说明", "".join(overview[8:])]
    have = sum(len(x.encode("utf-8")) for x in lines) + len(table_text.encode("utf-8"))
    extra = _pad(rng, have, rng.randint(8500, 14500), self_name, overview + problems)
    at = lines.index("二、主动公开政府信息情况")
    lines[at:at] = extra
    lines += ["", ag["agency"], f"{py}年{pm}月{pd}日"]
    if table_text:
        lines += ["", "附件" if family == "legacy_table" else "附表", f"{year}年度政府信息公开工作情况统计表"
                  if family == "legacy_table" else "", table_text]
    head, tail = _chrome(rng, title, ag, (py, pm, pd))
    lines = head + lines + tail
    for k in ("applications_new", "outcome_granted", "outcome_partial", "outcome_total", "proactive_items",
              "reconsideration_total", "litigation_total"):
        v = table_stated.get(k)
        truth[k] = v if v is not None else narrative_stated.get(k)
    truth["applications_carried_over"] = None
    truth["applications_carried_forward"] = None
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- variants

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


# --------------------------------------------------------------------------- generation


def _one(i: int, seed: int) -> SyntheticReport:
    rng = random.Random(f"{seed}:{i}")
    family, layout = rng.choices([(f, l) for f, l, _ in LAYOUTS], [w for *_, w in LAYOUTS])[0]
    lo, hi = YEARS[family]
    year = rng.randint(lo, hi)
    ag = _pick_agency(rng)
    truth = {
        "agency": ag["agency"], "province": ag["province"], "city": ag["city"], "county": ag["county"],
        "division_code": ag["division_code"], "report_year": year, "family": family, "layout": f"{family}/{layout}",
        "admin_level": ag["level"], "agency_type": "government" if ag["government"] else "department",
    }
    if family.startswith("national"):
        text = _build_national(rng, ag, year, family, layout, truth)
    else:
        text = _build_legacy(rng, ag, year, family, layout, truth)
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
    truth["variants"] = variants
    truth["encoding"] = enc
    ext = ".html" if layout == "html" else ".txt"
    name = f"syn{seed}_{i:07d}_{family}_{layout}{ext}"
    return SyntheticReport(file_name=name, content=content, truth=truth, layout=f"{family}/{layout}",
                           variants=tuple(variants))


def public_truth(truth: dict) -> dict:
    """The truth without the generator's internal tables (keys starting with '_')."""
    return {k: v for k, v in truth.items() if not k.startswith("_")}


def generate(n: int, seed: int) -> Iterator[SyntheticReport]:
    """n synthetic reports; report i depends only on (seed, i)."""
    for i in range(n):
        yield _one(i, seed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for rep in generate(args.n, args.seed):
            (out / rep.file_name).write_bytes(rep.content)
            fh.write(json.dumps({"file": rep.file_name, **public_truth(rep.truth)}, ensure_ascii=False) + "\n")
    print(f"wrote {args.n} reports and truth.jsonl to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
