"""Spreadsheet reader (.xlsx, .xls): r001's tables as a workbook, read back to the labelled figures.

The XLSX is built here with openpyxl from tests/data/real/r001.txt (its 表二/表三/表四 tables, one
sheet each, numbers as numbers, merged title and header cells). tests/formats/data/r001_tables.xls is
that same workbook saved as Excel 97-2003 by LibreOffice 7.4 (`soffice --convert-to xls`), and
encrypted.xlsx is a workbook saved with the password "ogi" (msoffcrypto-tool): both checked in, as
neither can be written with the project's own libraries.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from ingest.decode import Unreadable
from ingest.evaluation.scoring import canonical_values
from ingest.formats import extract
from ingest.formats import spreadsheet
from ingest.report_rows import parse_one
from tests.fixtures.bad_formats import xlsx_bomb

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real"
DATA = Path(__file__).resolve().parent / "data"
LABEL = next(e for e in json.loads((REAL / "labels.json").read_text(encoding="utf-8")) if e["file"] == "r001.txt")
# The labelled figures that r001 states in its tables (the others are narrative, not in the workbook).
TABLE_FIELDS = ("applications_new", "applications_carried_over", "applications_carried_forward", "outcome_granted",
                "outcome_partial", "outcome_total", "reconsideration_total", "litigation_total",
                "litigation_direct_total", "litigation_after_review_total")
SHEETS = {"二、": "表二", "三、": "表三", "四、": "表四"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def r001_workbook() -> bytes:
    """Sections 二-四 of r001: headings as one-cell rows, markdown table rows as rows, one sheet each."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws, header_merged = None, False
    lines = (REAL / "r001.txt").read_text(encoding="utf-8").splitlines()
    title = lines[0].lstrip("# ").strip()
    for line in lines:
        text = line.strip()
        top = next((name for prefix, name in SHEETS.items() if text.startswith("## " + prefix)), None)
        if top:
            ws = wb.create_sheet(top)
            ws.append([title])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        if ws is None or not text or re.fullmatch(r"\|[-|: ]+\|", text):
            continue
        if text.startswith("## 五"):
            break
        if text.startswith("|"):
            cells = [c.strip() for c in text.strip("|").split("|")]
            if cells[0] == "类别" and not header_merged:
                _merged_header(ws, len(cells))
                header_merged = True
            ws.append([_typed(c) for c in cells])
        else:
            ws.append([re.sub(r"^#+\s*", "", text)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _merged_header(ws, width: int) -> None:
    """申请人情况 merged over the value columns, 类别 merged down over this row and the next."""
    ws.append(["类别", "申请人情况"])
    r = ws.max_row
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)


def _typed(cell: str):
    if _NUMBER.fullmatch(cell):
        return float(cell) if "." in cell else int(cell)
    return cell


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return r001_workbook()


def _canonical(result: dict) -> dict:
    return canonical_values([SimpleNamespace(**f) for f in result["figures"]])


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_workbook_gives_the_labelled_table_figures(kind, xlsx):
    data = xlsx if kind == "xlsx" else (DATA / "r001_tables.xls").read_bytes()
    result = parse_one(("r001", f"r001.{kind}", data))
    assert "quarantine" not in result, result.get("quarantine")
    assert result["report"]["source_format"] == kind and result["report"]["extraction_method"] == "spreadsheet"
    got = _canonical(result)
    wrong = {f: (LABEL[f], got.get(f)) for f in TABLE_FIELDS if got.get(f) != LABEL[f]}
    assert not wrong, f"field: (label, got) {wrong}"


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_each_table_figure_carries_its_cell(kind, xlsx):
    data = xlsx if kind == "xlsx" else (DATA / "r001_tables.xls").read_bytes()
    figures = {f["metric_key"]: f for f in parse_one(("r001", f"r001.{kind}", data))["figures"]
               if f["metric_key"] in TABLE_FIELDS and f["source"] == "table"}
    assert set(figures) == set(TABLE_FIELDS) - {"litigation_total"}  # that one is direct + after review
    # 表四: title, section heading, 行政复议, its header row, then the figures in row 5
    assert figures["reconsideration_total"]["cell_ref"] == "表四!E5"
    text = extract(f"r001.{kind}", data).text
    for key, fig in figures.items():
        assert re.fullmatch(r"表[二三四]![A-H]\d+", fig["cell_ref"] or ""), (key, fig["cell_ref"])
        assert text[fig["char_start"]:fig["char_end"]] == fig["raw_text"]


def test_merged_cells_are_copied_across_their_range(xlsx):
    lines = extract("r001.xlsx", xlsx).text.splitlines()
    title = "沐阳县人民政府 2025 年 政府信息公开工作年度报告"
    assert lines[lines.index("表三") + 1] == " | ".join([title] * 8)  # A1:H1, the sheet's full width
    header = lines.index("类别 | " + " | ".join(["申请人情况"] * 7))
    assert lines[header + 1].startswith("类别 | 数据1 | ")  # 类别 merged down into the next row


def test_numbers_read_as_excel_shows_them():
    assert [spreadsheet.cell_text(v) for v in (12.0, 4068.208, 0.1 + 0.2, -3.0, 1.5e-7, True, "  x ")] == \
        ["12", "4068.208", "0.3", "-3", "1.5e-07", "TRUE", "x"]
    assert [spreadsheet.column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_cells_keep_their_sheet_position():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["C7"], ws["E7"], ws["D9"] = "本年新收政府信息公开申请数量", 713, 36.0
    out = io.BytesIO()
    wb.save(out)
    ex = spreadsheet.read(out.getvalue(), "xlsx")
    assert ex.text == "附表\n本年新收政府信息公开申请数量 |  | 713\n | 36\n"
    i = ex.text.index("713")
    assert ex.locations.covering(i, i + 3).cell == "附表!E7"
    j = ex.text.index("36")
    assert ex.locations.covering(j, j + 2).cell == "附表!D9"


def test_password_protected_workbook_is_quarantined():
    result = parse_one(("enc", "年报附表.xlsx", (DATA / "encrypted.xlsx").read_bytes()))
    assert result["quarantine"] == "password-protected Office document (encrypted): save it without a password"


def test_corrupt_workbook_is_quarantined_with_its_reason(xlsx):
    # a real archive whose worksheet XML is cut short
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, body[: len(body) // 2] if item.filename.startswith("xl/worksheets/") else body)
    result = parse_one(("bad", "bad.xlsx", out.getvalue()))
    assert result["quarantine"].startswith("corrupt or unreadable workbook ("), result
    xls = bytearray((DATA / "r001_tables.xls").read_bytes())
    xls[512:4096] = b"\xff" * (4096 - 512)  # the OLE header kept, the sectors after it overwritten
    result = parse_one(("bad", "bad.xls", bytes(xls)))
    assert result["quarantine"].startswith("corrupt or unreadable workbook ("), result


def test_xlsx_zip_bomb_is_refused_before_calamine_opens_it():
    with pytest.raises(Unreadable, match=r"^zip bomb\? the workbook unpacks to 210 MB \(limit 200 MB\)$"):
        extract("bomb.xlsx", xlsx_bomb(210))
