"""Report metadata: agency, region, report year, dates, document number, title, contacts.

Where each field comes from, strongest source first:

- agency: the title (header line `标题:`, or the title lines at the top of the report), then the
  body (signature block, "由X编制", "公布X2017年度…", the opening sentence "2020年,市商务局…",
  "请与X联系"), then the `发布机构:`/`单位:` header. A partial name (市商务局) is completed from
  a full form elsewhere in the text (乌海市商务局); failing that, from the city the report names
  most (address, website, cited rules: 青岛市 for seed 000). Abbreviations (科委, 安监局) are
  expanded from a longer form in the text, else from `_ABBREVIATIONS`; known misspellings are
  fixed through `_ALIASES` (agency_as_written keeps what the report says).
- region: the administrative division of the name, resolved with cpca (imported lazily, one
  cached call per distinct name). region_confidence: high = the report's own agency name holds
  the place; medium = the place comes from a fuller form or the context, or a county name that
  exists in several cities; low = a single weak mention.
- report_year: the title year, the statistics period (its end year), "2017年度…报告" in the
  opening, the first "2020年," of the body. Never the publication date.
- publication_date: `发布时间:`/`发布日期:` header, else the date under the signature.

Never raises: any failure leaves the field None.
"""
from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

from ingest.parsers.model import Document, ReportMeta
from ingest.parsers.page_chrome import chrome_spans, is_one_line
from ingest.parsers.sections import virtual_lines

# Known misspellings of place names (OCR or typing): misspelled -> real.
_ALIASES = {
    "沐阳县": "沭阳县",  # r001: OCR reads 沭 as 沐; 沐阳县 does not exist
}

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

_MUNICIPALITIES = {"北京市", "上海市", "天津市", "重庆市"}
_CJK = "\u4e00-\u9fff"
_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|街道办事处|办事处|管理委员会|管委会"
           r"|委员会|办公厅|办公室|局|委|厅|署|中心|政府)")
_AGENCY_RX = re.compile(rf"([{_CJK}]{{1,16}}?{_SUFFIX})")
_NOT_AGENCY = re.compile(r"^(我|本|该|各|全|其|市委|县委|区委|上级|有关|相关|中共|党委)")
_HEADER = re.compile(r"^\s*(标题|发布时间|发布日期|成文日期|文号|发布机构|单位|来源|栏目|索引号|原始链接|采集时间)\s*[:：]\s*(.*?)\s*$")
_YEAR = r"((?:19|20)\d{2})"
_YR = r"(?:19|20)\d{2}"
_DATE_C = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_DOC_NO = re.compile(rf"^[{_CJK}]{{1,14}}[〔\[［【(（]\s*((?:19|20)\d{{2}})\s*[〕\]］】)）]\s*\d{{1,5}}\s*号")
_URL = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:gov\.cn|com\.cn|org\.cn|cn|com|net|org)"
                  r"(?:/[A-Za-z0-9_\-./?=&%#]*)?")
_URL_TLDS = (".cn", ".com", ".net", ".org")  # every _URL match holds one of these
_EMAIL = re.compile(r"[A-Za-z0-9_.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PHONE = r"(\(?0\d{2,3}\)?[\-\s]?\d{7,8}|\d{7,8}|1[3-9]\d{9})"


# ---------------------------------------------------------------- cpca, lazily and cached

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


# ---------------------------------------------------------------- small helpers

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


def _compact(text: str) -> str:
    """The text without whitespace (str.split() and `\\s` agree on what whitespace is)."""
    return "".join(text.split())


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


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


# ---------------------------------------------------------------- one-line bodies

# In the head of a one-line body (before its first heading): where a crawler header starts, and
# where its `正文` marker ends.
_HEADER_KEY = re.compile(r"(?:标题|发布时间|发布日期|成文日期|文号|发布机构|单位|来源|信息来源|栏目|索引号|原始链接|采集时间"
                         r"|作者|责任编辑)\s*[:：]|正文\s*[:：]?")
_NOT_TITLE = re.compile(r"[。，,；;《》“”]")
_HEADER_VALUE = re.compile(r"\s*(?:(?:19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:[ T]?\d{1,2}:\d{2}(?::\d{2})?"
                           r"(?:[+-]\d{2}:?\d{2})?)?|[\x21-\x7e]+)")
_HEAD_DOC_NO = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,5}\s*号")
_SIGNER = re.compile(r"签发人\s*[:：]\s*")
_HEAD_REACH = 3000  # characters of a one-line body read as its head when no heading is found


def _one_line_pieces(doc: Document) -> list[str]:
    """The lines a one-line body would have had: cut before and after each heading and run of page
    chrome (chrome itself dropped), and in the head before each crawler header key, after `正文:`
    and after a title's 报告, so that the header, title and document number stand alone."""
    text = doc.text
    vlines, candidates = virtual_lines(doc)
    cuts = {a for a, _b, _t in vlines}
    head_end = vlines[candidates[0]][0] if candidates else min(len(text), _HEAD_REACH)
    for m in _HEADER_KEY.finditer(text, 0, head_end):
        cuts.add(m.start())
        if m.group(0).startswith("正文"):
            cuts.add(m.end())
            continue
        v = _HEADER_VALUE.match(text, m.end())  # a date, a link, a document number ends the value
        if v and v.end() > m.end():
            cuts.add(v.end())
    for m in _HEAD_DOC_NO.finditer(text, 0, head_end):
        since = max((c for c in cuts if c <= m.start()), default=0)
        if re.fullmatch(rf"\s*[{_CJK}]{{1,14}}", text[since:m.start()]):
            cuts.add(m.end())  # a document number on its own (泉港商务〔2017〕213号), not one cited in a sentence
    for m in _SIGNER.finditer(text, 0, head_end):
        cuts.add(m.start())
        for length in (3, 2, 4):  # the signer's name, then the title: where a place name starts
            if _starts_with_place(text[m.end() + length: m.end() + length + 20]):
                cuts.add(m.end() + length)
                break
    chrome = chrome_spans(text)
    for a, b in chrome:
        cuts.update((a, b))
    cuts.update((0, len(text)))
    bounds = sorted(cuts)
    title_ends = []
    for m in re.finditer("报告", text[:head_end]):
        if text[m.end(): m.end() + 1] in ")）":
            continue
        since = bounds[bisect_right(bounds, m.start()) - 1]
        if m.end() - since <= 80 and not _NOT_TITLE.search(text, since, m.end()):
            title_ends.append(m.end())  # a title, not a sentence that names a 报告
    bounds = sorted(cuts.union(title_ends))
    dropped = {a for a, _b in chrome}
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if a not in dropped]


def _starts_with_place(s: str) -> bool:
    r = _resolve(s)
    if r is None:
        return False
    prov, city, county, _code, _rank, end = r
    deepest = county or city or prov
    return s[:end] in (deepest, _short(deepest))


# ---------------------------------------------------------------- title and header

def _headers(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines[:40]:
        m = _HEADER.match(line)
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2)
    return out


_TITLE_SKIP = re.compile(r"(签发人|^正文[:：]?$|[:：]$|^\(?\d{4}[-年]\d{1,2}[-月]\d{1,2}日?\)?$)")


def _clean_title(t: str) -> str:
    t = _compact(t).lstrip("#").strip()
    i = t.rfind("报告")
    return t[: i + 2] if i >= 0 else t


def _is_title(t: str) -> bool:
    return ("信息公开" in t or "政务公开" in t) and t.endswith("报告") and (
        re.search(r"\d{4}年", t) is not None or re.search(_SUFFIX, t) is not None) and len(t) <= 80


def _find_title(lines: list[str], headers: dict) -> str | None:
    if headers.get("标题"):
        t = _clean_title(_digits_dates(headers["标题"]))
        if "报告" in t:
            return t
    head = []
    for line in lines[:60]:
        c = _compact(line).lstrip("#")
        if not c:
            continue
        if _HEADER.match(line) or _TITLE_SKIP.search(c) or _DOC_NO.match(c):
            continue
        if len(c) > 80 or re.match(r"^[一二三四五六七八九十]+[、.]", c):
            break
        head.append(_digits_dates(c))
        if len(head) >= 12:
            break
    for i in range(len(head)):
        for k in range(3):
            if i + k >= len(head):
                break
            if k and head[i].endswith("报告"):
                break
            t = _clean_title("".join(head[i: i + k + 1]))
            if _is_title(t):
                return t
    return None


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


# ---------------------------------------------------------------- agency candidates from the body

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


@lru_cache(maxsize=2)
def _place_rx(county: bool):
    counties, cities, _ = _names_by_rank()
    pool = counties if county else cities
    names = sorted((n for n in pool if len(n) >= 3), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


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


def _apply_aliases(name: str) -> str:
    for wrong, right in _ALIASES.items():
        name = name.replace(wrong, right)
    return name


# ---------------------------------------------------------------- the other fields

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


def _doc_number(headers: dict, lines: list[str]) -> str | None:
    v = _compact(headers.get("文号") or "")
    if v:
        return v
    for line in lines[:8]:
        m = _DOC_NO.match(_compact(line))
        if m:
            return m.group(0)
    return None


def _contact(text: str) -> dict:
    out: dict[str, str] = {}
    head = text[:6000]
    m = re.search(r"地址[:：]\s*([^;；,，。)）\n]{3,60})", head)
    if m:
        out["address"] = m.group(1).strip()
    m = re.search(r"(?:邮编|邮政编码)[:：]?\s*(\d{6})", head)
    if m:
        out["postcode"] = m.group(1)
    m = re.search(r"(?:联系电话|电话|咨询电话)[:：]?\s*" + _PHONE, head)
    if m:
        out["phone"] = m.group(1).strip()
    m = re.search(r"传真[:：]\s*" + _PHONE, head)
    if m:
        out["fax"] = m.group(1).strip()
    m = _EMAIL.search(head) if "@" in head else None  # the regexes are slow on long ASCII runs
    if m:
        out["email"] = m.group(0)
    has_tld = any(t in head for t in _URL_TLDS)
    for m in _URL.finditer(head) if has_tld else ():
        if "@" in head[max(0, m.start() - 1): m.start() + 1]:
            continue
        out["website"] = m.group(0).rstrip("/.")
        break
    return out


# ---------------------------------------------------------------- main

# Words that look like an agency name but name none.
_GENERIC_NAMES = {"人民政府", "本机关", "本单位", "本部门", "政府部门", "行政机关", "我机关"}


def extract_metadata(doc: Document) -> ReportMeta:
    meta = ReportMeta()
    try:
        _fill(doc, meta)
    except Exception:  # noqa: BLE001 - metadata must never stop a report from being parsed
        pass
    return meta


def _fill(doc: Document, meta: ReportMeta) -> None:
    text = doc.text
    lines = _one_line_pieces(doc) if is_one_line(doc) else text.split("\n")
    headers = _headers(lines)
    # Body without crawler header lines, so links and dates of the page are not read as the report's.
    body_lines = [ln for ln in lines if not _HEADER.match(ln)]
    body = "\n".join(body_lines)
    compact = _digits_dates(_compact(body))

    meta.title = _find_title(lines, headers)
    meta.report_year = _report_year(meta.title, compact)
    meta.publication_date = _publication_date(headers, compact)
    meta.doc_number = _doc_number(headers, lines)
    meta.contact = _contact(body)

    # ---- agency
    written = None
    if meta.title:
        written = _agency_from_title(meta.title)
    body_cands = [] if written else _body_agencies(compact)
    if not written:
        for key in ("发布机构", "单位"):
            v = _compact(headers.get(key) or "")
            if v and _AGENCY_RX.fullmatch(v) and not re.match(r"^(市|县|区|省)(府办|政府办)$", v):
                body_cands.append((v, 2))
        if body_cands:
            score: Counter = Counter()
            for name, w in body_cands:
                score[name] += w
            # a full form gets the votes of its partial forms (乌海市商务局 <- 市商务局)
            for name in list(score):
                for other in list(score):
                    if other != name and other.endswith(name) and len(other) > len(name):
                        score[other] += score[name]
            written = max(score, key=lambda n: (score[n], not _is_partial(n), len(n)))
    if not written or len(written) <= 2 or written in _GENERIC_NAMES:
        return  # "政府", "本机关": no agency is named
    meta.agency_as_written = written

    name = _apply_aliases(written)
    confidence = "high" if name == written else "medium"  # a misspelt place name is weaker evidence
    if _is_partial(name):
        full, confidence = _complete_partial(name, compact)
        if not full:
            meta.agency = name
            meta.region_confidence = "low"
            return
        name = full
    r = _resolve(name)
    if r is None:
        # a place written without its level (泉港商务局): try a body name ending the same way
        for cand, _w in body_cands or _body_agencies(compact):
            c = _apply_aliases(cand)
            if c.endswith(name[-2:]) and _resolve(c):
                name, r, confidence = c, _resolve(c), "medium"
                break
    if r is None:
        meta.agency = name
        meta.agency_type = _agency_type(name, None)
        meta.region_confidence = "low"
        return
    prov, city, county, adcode, rank, end = r
    region, rest = name[:end], name[end:]
    if not rest:  # the title names only the place: 莆田市 -> 莆田市人民政府
        name = region + "人民政府"
        rest = "人民政府"
    name = _expand(name, compact)
    # County names shared by several cities: pick the one whose city the report names.
    counties, _cities, ad_map = _names_by_rank()
    if county and len(counties.get(county, [])) > 1 and (not city or city not in name):
        for code in counties[county]:
            parent = ad_map.get(code[:4] + "00")
            if parent and parent.name in compact:
                rr = _resolve(parent.name + county)
                if rr:
                    prov, city, county, adcode, rank, _ = rr
                break
        else:
            confidence = "medium" if confidence == "high" else confidence
    meta.agency = name
    meta.province, meta.city, meta.county, meta.division_code = prov, city, county, adcode
    township = re.search(rf"([{_CJK}]{{1,8}}(?:镇|乡|街道))(?:人民政府|办事处|街道办事处|党政办公室)", name[end:])
    meta.admin_level = "township" if township else ("province", "city", "county")[rank]
    meta.agency_type = _agency_type(name, end)
    meta.region_confidence = confidence


def _agency_type(name: str, end: int | None) -> str:
    rest = name[end:] if end is not None else name
    if re.fullmatch(rf"(?:[{_CJK}]{{0,8}}(?:镇|乡|街道))?(?:人民政府|政府)(?:办公厅|办公室)?|(?:[{_CJK}]{{0,8}}街道)?办事处", rest):
        return "government"
    return "department"
