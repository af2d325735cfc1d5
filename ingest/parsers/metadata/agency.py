"""The agency: from the title, from the body (signature, 由X编制, the opening sentence), from the
发布机构 header; partial names completed (市商务局 -> 乌海市商务局), abbreviations expanded."""
from __future__ import annotations

import re
from collections import Counter

from ingest.parsers.metadata.common import _CJK, _SUFFIX, _YEAR, _YR
from ingest.parsers.metadata.region import _names_by_rank, _place_rx, _resolve

# Common abbreviations of department names, used when no longer form is in the text.
_ABBREVIATIONS = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "安监局": "安全生产监督管理局",
    "民宗局": "民族宗教事务局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "市监局": "市场监督管理局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会",
    "应急局": "应急管理局",
    "交通局": "交通运输局",
    "工信局": "工业和信息化局",
    "经信局": "经济和信息化局",
    "国土局": "国土资源局",
    "环保局": "环境保护局",
    "工商局": "工商行政管理局",
    "质监局": "质量技术监督局",
    "食药监局": "食品药品监督管理局",
    "城管局": "城市管理局",
    "府办": "人民政府办公室",
    "政府办": "人民政府办公室",
    "政府": "人民政府",
}
_AGENCY_RX = re.compile(rf"([{_CJK}]{{1,16}}?{_SUFFIX})")
_NOT_AGENCY = re.compile(r"^(我|本|该|各|全|其|市委|县委|区委|上级|有关|相关|中共|党委)")


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _agency_from_title(title: str) -> str | None:
    t = re.sub(r"^关于", "", title)
    m = re.match(rf"^(.*?)(?:关于)?{_YEAR}年度?(.*)$", t)
    if m and m.group(1):
        cand = m.group(1)
    else:
        rest = m.group(3) if m else t
        mm = re.match(r"^(?:关于)?(.+?)(?:政府信息公开|政务公开|信息公开)", rest)
        cand = mm.group(1) if mm else None
    if not cand:
        return None
    cand = re.sub(r"(关于|的)$", "", cand)
    if cand.endswith("人民"):
        cand += "政府"
    return cand if 2 <= len(cand) <= 30 else None


def _body_agencies(compact: str) -> list[tuple[str, int]]:
    """(name, weight) of the agency as the body states it."""
    out: list[tuple[str, int]] = []

    def add(rx, weight, text=compact):
        for m in re.finditer(rx, text):
            a = _AGENCY_RX.match(m.group(1))
            if a and not _NOT_AGENCY.match(a.group(1)):
                out.append((a.group(1), weight))

    head = compact[:3000]
    add(rf"由([{_CJK}]{{2,30}})编制", 3, head)
    add(rf"([{_CJK}]{{2,30}})编制(?:完成|了|的)", 2, head)
    add(rf"(?:公布|现将)([{_CJK}]{{2,30}}?){_YR}年", 3, head)
    add(rf"特编制([{_CJK}]{{2,30}}?){_YR}年", 3, head)
    add(rf"{_YR}年[,，]([{_CJK}]{{2,20}})", 2)
    add(rf"(?:请与|请联系|联系)([{_CJK}]{{2,30}})", 1, head)
    # signature: an agency name right before a date near the end
    tail = compact[-1500:]
    for m in re.finditer(rf"([{_CJK}]{{2,30}}?{_SUFFIX})\)?{_YR}年\d{{1,2}}月\d{{1,2}}日(?![起至到])", tail):
        name = m.group(1)
        sub = re.search(rf"(?:[{_CJK}]*?(?:情况|事项|附表|报告|措施|无|公开))?([{_CJK}]{{2,30}}{_SUFFIX})$", name)
        out.append((sub.group(1) if sub else name, 3))
    return out


def _is_partial(name: str) -> bool:
    """市商务局, 区政府: a department of 'this' place, without the place name."""
    return bool(re.match(r"^(省|市|区|县|州|旗|镇|乡|自治区)", name)) and _resolve(name) is None


def _complete_partial(name: str, compact: str) -> tuple[str | None, str]:
    """Complete 市商务局 from the text: a full form (乌海市商务局) or the city named most."""
    counties, cities, _ = _names_by_rank()
    level, rest = name[0], name[1:]
    pool = counties if level in "区县旗" else cities
    votes: Counter = Counter()
    for m in re.finditer(re.escape(name), compact):
        i = m.start()
        for k in range(2, 7):
            cand = compact[max(0, i - k): i] + level
            if cand in pool:
                votes[cand] += 1
                break
    if votes:
        place, n = votes.most_common(1)[0]
        return place + rest, "high" if n >= 2 else "medium"
    # Else: the place named most often, with addresses and websites counting double.
    names = sorted(pool, key=len, reverse=True)
    if not names:
        return None, "low"
    rx = _place_rx(level in "区县旗")
    for m in rx.finditer(compact):
        w = 2 if re.search(r"(地址[:：]?|网站|政务网|门户网)", compact[max(0, m.start() - 6): m.end() + 6]) else 1
        votes[m.group(0)] += w
    for m in re.finditer(rf"([{_CJK}]{{2,4}})(?:政务网|门户网站|政府网)", compact):
        for cand in (m.group(1) + level, m.group(1)):
            if cand in pool:
                votes[cand] += 2
    if not votes:
        return None, "low"
    place, n = votes.most_common(1)[0]
    return place + rest, "medium" if n >= 2 else "low"


def _expand(name: str, compact: str) -> str:
    """上海市科委 -> 上海市科学技术委员会: a longer form in the text, else the abbreviation table."""
    r = _resolve(name)
    if not r:
        return name
    region, short = name[: r[5]], name[r[5]:]
    if not short or len(short) > 5:
        return name
    votes: Counter = Counter()
    for m in re.finditer(re.escape(region), compact):
        j = m.end()
        for length in range(len(short) + 1, len(short) + 10):
            cand = compact[j: j + length]
            if len(cand) < length:
                break
            # an expansion inserts characters (科委 -> 科学技术委员会); 人民政府 -> 人民政府政府 is not one
            if cand.startswith(short):
                continue
            if cand[0] == short[0] and cand.endswith(short[-1]) and _is_subsequence(short, cand) and re.fullmatch(
                    rf"[{_CJK}]+", cand):
                votes[cand] += 1
                break
    if votes:
        return region + votes.most_common(1)[0][0]
    if short in _ABBREVIATIONS:
        return region + _ABBREVIATIONS[short]
    return name


# Words that look like an agency name but name none.
_GENERIC_NAMES = {"人民政府", "本机关", "本单位", "本部门", "政府部门", "行政机关", "我机关"}


def _agency_type(name: str, end: int | None) -> str:
    rest = name[end:] if end is not None else name
    if re.fullmatch(rf"(?:[{_CJK}]{{0,8}}(?:镇|乡|街道))?(?:人民政府|政府)(?:办公厅|办公室)?|(?:[{_CJK}]{{0,8}}街道)?办事处", rest):
        return "government"
    return "department"
