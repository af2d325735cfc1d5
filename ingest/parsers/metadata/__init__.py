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

One module per kind of field: `layout` (header lines, title, document number, and the lines of a
one-line body), `agency`, `region` (cpca), `dates` (report year, publication date, Chinese-numeral
dates via cn2an), `contacts`; `common` holds the patterns they share.
"""
from __future__ import annotations

import re
from collections import Counter

from ingest.parsers.metadata.agency import (
    _AGENCY_RX, _GENERIC_NAMES, _agency_from_title, _agency_type, _body_agencies, _complete_partial, _expand, _is_partial,
)
from ingest.parsers.metadata.common import _CJK, _compact
from ingest.parsers.metadata.contacts import _contact
from ingest.parsers.metadata.dates import _digits_dates, _publication_date, _report_year
from ingest.parsers.metadata.layout import _HEADER, _doc_number, _find_title, _headers, _one_line_pieces, head_lines
from ingest.parsers.metadata.region import _apply_aliases, _names_by_rank, _resolve
from ingest.parsers.model import Document, ReportMeta
from ingest.parsers.page_chrome import is_one_line
# Used by the tests (tests/parsers/test_fast_paths.py) as ingest.parsers.metadata.X:
from ingest.parsers.metadata.dates import _CN_DATE, _CN_YEAR, _CN_YEAR_HINT  # noqa: F401
from ingest.parsers.metadata.region import _cpca, _cpca_row  # noqa: F401

__all__ = ["extract_metadata"]


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
    head = head_lines(lines)
    headers = _headers(head)
    # Body without crawler header lines, so links and dates of the page are not read as the report's.
    body_lines = [ln for ln in lines if not _HEADER.match(ln)]
    body = "\n".join(body_lines)
    compact = _digits_dates(_compact(body))

    meta.title = _find_title(head, headers)
    meta.report_year = _report_year(meta.title, compact)
    meta.publication_date = _publication_date(headers, compact)
    meta.doc_number = _doc_number(headers, head)
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
