"""ingest.formats.extract tells a file's format by its bytes, never by its name."""
from pathlib import Path

import pytest

from ingest.decode import Unreadable
from ingest.formats import extract, ole_stream_names

DATA = Path(__file__).parent / "data"


def test_ole_directory_names_are_read_from_its_entries():
    assert {"WordDocument", "1Table"} <= ole_stream_names((DATA / "r001_part.doc").read_bytes())
    assert "Workbook" in ole_stream_names((DATA / "r001_tables.xls").read_bytes())
    assert "EncryptedPackage" in ole_stream_names((DATA / "encrypted.xlsx").read_bytes())


@pytest.mark.parametrize("name", ["r001_part.doc", "r001_tables.xls"])
def test_a_truncated_legacy_office_file_is_quarantined_as_such(name):
    data = (DATA / name).read_bytes()
    with pytest.raises(Unreadable, match=r"^corrupt or truncated legacy Office file"):
        extract(name, data[: len(data) // 2])


def test_a_workbook_renamed_docx_is_still_a_workbook():
    assert extract("附表.docx", (DATA / "r001_tables.xls").read_bytes()).source_format == "xls"
