"""ogi report writes one self-contained HTML page from the marts."""
import re

from ogi.cli import main


def test_report_page_is_self_contained_with_charts(sample_run, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--warehouse", str(sample_run["db"]), "--output", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 2
    assert not re.search(r'(src|href)="https?://', page), "the page must work offline"
    # the applications of seed 001 (342) and seed 000 (432) are both 2017: 774 in the year table
    assert "<td>2017</td>" in page and "<td>774</td>" in page
    assert "青岛市城阳区人民政府" in page
