"""Names every metadata reader shares: CJK ranges, agency-name suffixes, year patterns."""
from __future__ import annotations

_CJK = "\u4e00-\u9fff"
_SUFFIX = (r"(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|街道办事处|办事处|管理委员会|管委会"
           r"|委员会|办公厅|办公室|局|委|厅|署|中心|政府)")
_YEAR = r"((?:19|20)\d{2})"
_YR = r"(?:19|20)\d{2}"


def _compact(text: str) -> str:
    """The text without whitespace (str.split() and `\\s` agree on what whitespace is)."""
    return "".join(text.split())
