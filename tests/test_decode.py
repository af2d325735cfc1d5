"""Decoding: every encoding the issue names comes out as the same text; bad bytes get a reason."""
import codecs

import pytest

from ingest.decode import Unreadable, decode

TEXT = "青岛市城阳区人民政府2017年政府信息公开工作报告\n全区共受理依申请公开342件。"


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decodes_the_encodings_reports_come_in(data, encoding):
    decoded = decode(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty file"),
        (b"  \n\t \r\n", "whitespace only"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_unreadable_files_get_a_plain_reason(data, reason):
    with pytest.raises(Unreadable, match=reason):
        decode(data)
