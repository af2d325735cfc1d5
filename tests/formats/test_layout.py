"""ingest.formats.layout on pages built word by word: the geometry of a real A4 report page
(595 x 842 pt, 12 pt text between x = 72 and x = 523), so each rule is tested on its own."""
from __future__ import annotations

from ingest.formats.layout import Page, Word, write_pages
from ingest.formats.provenance import TextBuilder

SIZE = 12.0
LEFT, RIGHT = 72.0, 523.0


def put(text: str, x: float, y: float, confidence: float | None = None) -> Word:
    """One word set at (x, y): CJK characters one em wide, others half an em."""
    width = sum(SIZE if ord(ch) > 0x2000 else SIZE / 2 for ch in text)
    return Word(text, x, y, x + width, y + SIZE * 1.25, confidence)


def paragraph_line(text: str, y: float, indent: bool = False) -> Word:
    return put(text, LEFT + (2 * SIZE if indent else 0), y)


def layout(*pages: Page) -> tuple[str, TextBuilder, list[str]]:
    builder = TextBuilder()
    warnings = write_pages(iter(pages), builder)
    return builder.text(), builder, warnings


FULL = "本机关认真贯彻落实政府信息公开条例要求，持续推进决策执行管理服务结果公开，回应社会关切"  # 37 em


def test_wrapped_paragraph_lines_are_joined_and_headings_are_not():
    assert LEFT + 2 * SIZE + len(FULL[:35]) * SIZE <= RIGHT + 1
    words = [
        put("一、总体情况", LEFT, 100),
        paragraph_line(FULL[:35], 120, indent=True),  # reaches the right margin
        paragraph_line(FULL[:37], 138),  # reaches it too
        paragraph_line("全年主动公开政府信息4511条。", 156),  # the paragraph's last line
        paragraph_line(FULL[:35], 180, indent=True),  # a new, indented paragraph
        paragraph_line("（二）依申请公开情况", 198),  # a heading after a full line is not joined
    ]
    text, _b, warnings = layout(Page(1, 595, 842, words))
    lines = text.splitlines()
    assert lines[0] == "一、总体情况"
    assert lines[1] == FULL[:35] + FULL[:37] + "全年主动公开政府信息4511条。"
    assert lines[2] == FULL[:35]
    assert lines[3] == "（二）依申请公开情况"
    assert warnings == []


def test_page_numbers_and_a_running_header_are_removed_and_the_title_kept_once():
    title = "某某市某某局2021年政府信息公开工作年度报告"
    pages = []
    for n in range(1, 5):
        pages.append(Page(n, 595, 842, [
            put(title, 150, 40),  # running header
            put(f"本页正文第{n}段。", LEFT, 200),
            put(f"— {n} —", 280, 800),  # page number
        ]))
    text, _b, _w = layout(*pages)
    lines = text.splitlines()
    assert lines.count(title) == 1
    assert not any("—" in ln for ln in lines)
    assert [ln for ln in lines if ln.startswith("本页")] == [f"本页正文第{n}段。" for n in range(1, 5)]


def test_numbers_in_the_body_at_a_page_edge_are_not_page_numbers():
    values = ["20", "21", "0", "1"]  # one number a line, as crawled tables come; not counting the pages
    pages = [Page(n, 595, 842, [put("申请数量", LEFT, 60), put(values[n - 1], LEFT, 780)]) for n in range(1, 5)]
    text, _b, _w = layout(*pages)
    assert [ln for ln in text.splitlines() if ln.isdigit()] == values


def ruled_grid(xs: list[float], ys: list[float], skip_v: set = frozenset(), skip_h: set = frozenset()) -> list:
    """Thin boxes for the borders of a grid; skip_v holds (col boundary, row) pairs left open (merged
    across), skip_h (row boundary, col) pairs."""
    rules = []
    for i, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (i, r) not in skip_v:
                rules.append((x - 0.4, ys[r], x + 0.4, ys[r + 1]))
    for j, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (j, c) not in skip_h:
                rules.append((xs[c], y - 0.4, xs[c + 1], y + 0.4))
    return rules


def test_ruled_table_expands_merged_cells_and_keeps_a_wrapped_cell_whole():
    xs = [72.0, 200.0, 300.0, 400.0]
    ys = [100.0, 130.0, 175.0, 205.0]
    # row 0: "申请人情况" spans columns 1-2; column 0 merges rows 0-1; row 1's first label wraps.
    rules = ruled_grid(xs, ys, skip_v={(2, 0)}, skip_h={(1, 0)})
    words = [
        put("项目", 80, 130),
        put("申请人情况", 250, 108),
        put("自然人", 210, 140), put("总计", 310, 140),
        put("（二）部分公开（区分", 80, 178), put("处理的）", 80, 190),
        put("101", 210, 184), put("101", 310, 184),
    ]
    text, builder, _w = layout(Page(1, 595, 842, words, rules))
    assert text.splitlines() == [
        "项目 | 申请人情况 | 申请人情况",
        "项目 | 自然人 | 总计",
        "（二）部分公开（区分处理的） | 101 | 101",
    ]
    loc = builder.locations.covering(text.index("101"), text.index("101") + 3)
    assert loc.page == 1 and loc.bbox[0] >= 200 and loc.bbox[2] <= 300


def test_aligned_table_without_rules_keeps_a_wrapped_label_in_its_row():
    words = [
        put("一、本年新收政府信息公开申请数量", LEFT, 300), put("705", 330, 300), put("713", 480, 300),
        put("（二）部分公开（区分处理的，只计", LEFT, 322), put("99", 330, 328), put("101", 480, 328),
        put("这一情形，不计其他情形）", LEFT, 337),
        put("（七）总计", LEFT, 362), put("710", 330, 362), put("718", 480, 362),
    ]
    text, _b, _w = layout(Page(1, 595, 842, words))
    assert text.splitlines() == [
        "一、本年新收政府信息公开申请数量 | 705 | 713",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 99 | 101",
        "（七）总计 | 710 | 718",
    ]


def test_table_over_a_page_break_is_one_table_without_its_repeated_header():
    xs = [72.0, 300.0, 400.0]

    def table_page(n: int, rows: list[tuple[str, str]], top: float) -> Page:
        ys = [top + 25 * k for k in range(len(rows) + 1)]
        words = [w for k, (a, b) in enumerate(rows) for w in (put(a, 80, ys[k] + 5), put(b, 310, ys[k] + 5))]
        return Page(n, 595, 842, words, ruled_grid(xs, ys))

    p1 = table_page(1, [("项目", "总计"), ("一、本年新收政府信息公开申请数量", "713")], 700)
    p2 = table_page(2, [("项目", "总计"), ("二、上年结转政府信息公开申请数量", "36")], 72)
    text, _b, _w = layout(p1, p2)
    assert text.splitlines() == ["项目 | 总计", "一、本年新收政府信息公开申请数量 | 713", "二、上年结转政府信息公开申请数量 | 36"]


def test_every_word_keeps_its_page_box_and_confidence():
    page = Page(3, 595, 842, [put("行政复议", LEFT, 100, 0.97), put("61", 150, 100, 0.88), put("件", 200, 100, 0.99)])
    text, builder, _w = layout(page)
    start = text.index("61")
    loc = builder.locations.covering(start, start + 2)
    assert loc.page == 3 and loc.confidence == 0.88
    assert loc.bbox == (150, 100, 162, 115)


def test_words_outside_the_page_are_warned_about():
    text, _b, warnings = layout(Page(1, 595, 842, [put("正文", LEFT, 100), put("隐藏", 700, 100)]))
    assert text == "正文\n"
    assert warnings == ["page 1: 1 word(s) outside the page area left out"]
