"""Contacts: address, postcode, phone, fax, email and website of the disclosure office."""
from __future__ import annotations

import re

_URL = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:gov\.cn|com\.cn|org\.cn|cn|com|net|org)"
                  r"(?:/[A-Za-z0-9_\-./?=&%#]*)?")
_URL_TLDS = (".cn", ".com", ".net", ".org")  # every _URL match holds one of these
_EMAIL = re.compile(r"[A-Za-z0-9_.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PHONE = r"(\(?0\d{2,3}\)?[\-\s]?\d{7,8}|\d{7,8}|1[3-9]\d{9})"


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
