"""Text damages that real crawls and extractions do to reports, one pure function each.

Every damage is `damage(text, name, context=None) -> Damaged`: `text` is the report as its file
holds it (an HTML page is first rendered with `ingest.html_render.render_html`, as the pipeline
does), `name` its file name, `context` the report's labels (only `chrome` reads one:
`report_year`). Randomness is seeded from the damage and the file name, so a damage gives the same
text on every run. `Damaged.removed` names the labelled canonical fields the damage made
unrecoverable by construction (only `html_blank` removes any); `applicable` is False when the
damage had nothing to act on (`html_blank` on a report without `|` tables).

`DAMAGES` lists them in the order the suite runs them; `damaged_name` is the file name the damaged
text is parsed under (.html for `html_blank`, .txt otherwise).
"""
from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath


@dataclass(frozen=True)
class Damaged:
    text: str
    removed: frozenset[str] = frozenset()
    applicable: bool = True


def rng(damage: str, name: str) -> random.Random:
    """The damage's random source for one file: the same numbers on every run."""
    return random.Random(zlib.crc32(f"{damage}:{name}".encode()))


_TAG = re.compile(r"<(?:html|body|table|div|p)\b", re.IGNORECASE)


def as_text(text: str, name: str) -> str:
    """The text the pipeline sees: an HTML page rendered to lines (tables as `| a | b |` rows).

    An .html name alone is not enough (an already rendered text may keep its name): the text must
    also hold a page tag."""
    from ingest.document import looks_like_html
    from ingest.html_render import render_html

    page = looks_like_html(text) or (looks_like_html("", name) and bool(_TAG.search(text[:20000])))
    return render_html(text) if page else text


# --------------------------------------------------------------------------- table lines

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")  # markdown |---|---|
_VALUE_LINE = re.compile(r"^[+-]?[0-9０-９][0-9０-９,.，．]*$|^[/／—\-－]+$|^无$")
_CELL_SPACE = re.compile(r"[|\t \u3000\u00a0]")


def is_table_line(line: str) -> bool:
    return "|" in line or "\t" in line


def is_separator(line: str) -> bool:
    """A markdown header separator (`|---|---|`): an artefact of a conversion, not of the page."""
    return bool(_SEPARATOR.match(line))


def cells(line: str) -> list[str]:
    """The cells of a `|` or tab line, stripped, outer empty cells of `| a | b |` dropped."""
    s = line.strip()
    if "|" in s:
        s = s.removeprefix("|").removesuffix("|")
        return [c.strip(" \t\u3000") for c in s.split("|")]
    return [c.strip(" \u3000") for c in s.split("\t") if c.strip(" \u3000")]


# --------------------------------------------------------------------------- the damages


def one_line(text: str, name: str, context: dict | None = None) -> Damaged:
    """Every line break removed: the whole body on one line."""
    return Damaged(re.sub(r"[\r\n]", "", as_text(text, name)))


def run_together(text: str, name: str, context: dict | None = None) -> Damaged:
    """Table cells with no separator: `| 本年新收 | 52 | 1 | 56 |` -> `本年新收52156`.

    On a line with `|` or a tab, every `|`, tab and space is deleted (markdown `|---|` lines go);
    a line that is only a number, `/`, `—` or `无` is appended to the line before it.
    """
    out: list[str] = []
    for line in as_text(text, name).splitlines():
        if is_table_line(line):
            if is_separator(line):
                continue
            line = _CELL_SPACE.sub("", line)
        if out and _VALUE_LINE.match(line.strip(" \u3000")):
            out[-1] += line.strip(" \u3000")
        else:
            out.append(line)
    return Damaged("\n".join(out))


def flattened(text: str, name: str, context: dict | None = None) -> Damaged:
    """`run_together`, then `one_line`: the worst real case."""
    return one_line(run_together(text, name).text, "flat.txt")


def _split_digits(s: str, r: random.Random) -> str:
    """An integer of two or more digits cut in two lines at a seeded place, half of the time."""
    if len(s) < 2 or not s.isdigit() or r.random() >= 0.5:
        return s
    k = r.randint(1, len(s) - 1)
    return s[:k] + "\n" + s[k:]


_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def split_numbers(text: str, name: str, context: dict | None = None) -> Damaged:
    """One cell per line, and Word run boundaries inside numbers: `162` -> `1` / `62`.

    Each `|`/tab cell goes on its own line (empty cells and `|---|` lines vanish, as in real
    one-cell-per-line crawls); a cell, or a line, that is an integer of two or more digits is
    split at a seeded place with probability 1/2; the year in the first line holding one (the title) is
    split the same way (`2021` -> `202` / `1`) with probability 1/2.
    """
    r = rng("split_numbers", name)
    out: list[str] = []
    for line in as_text(text, name).splitlines():
        if not is_table_line(line):
            bare = line.strip(" \u3000")
            out.append(_split_digits(bare, r) if bare.isdigit() and bare.isascii() else line)
        elif not is_separator(line):
            out.extend(_split_digits(c, r) for c in cells(line) if c)
    lines = "\n".join(out).split("\n")
    for i, line in enumerate(lines):
        m = _YEAR.search(line)
        if m:
            if r.random() < 0.5:
                k = r.randint(1, 3)
                lines[i] = line[:m.start() + k] + "\n" + line[m.start() + k:]
            break
    return Damaged("\n".join(lines))


_CHROME_TOP = (
    "当前位置：首页 > 政务公开 > 政府信息公开年报",
    "发布时间：{date}  来源：本网  浏览次数：{views}  字号：大 中 小  打印本页  关闭窗口",
    "微信 微博 QQ空间 全真版 文字版 文件下载",
    "扫一扫在手机打开当前页",
)
_CHROME_BOTTOM = (
    "上一条：{prev}  下一条：{next}",
    "主办单位：{host}  网站标识码：{site_id}  ICP备{icp}号",
)
_NEIGHBOURS = ("关于开展{y}年度政务公开工作考核的通知", "{y}年度部门决算公开", "{y}年法治政府建设情况报告",
               "关于印发《{y}年政务公开工作要点》的通知", "{y}年第四季度重点工作完成情况")
_HOSTS = ("本级人民政府办公室", "政务公开办公室", "人民政府办公室 承办：大数据中心")


def _year_of(text: str, context: dict | None) -> int:
    if context and context.get("report_year"):
        return int(context["report_year"])
    m = _YEAR.search(text)
    return int(m.group()) if m else 2020


def chrome(text: str, name: str, context: dict | None = None) -> Damaged:
    """Crawler page chrome and metadata before the report, a footer after it."""
    body = as_text(text, name)
    y = _year_of(body, context)
    r = rng("chrome", name)
    date = f"{y + 1}-0{r.randint(1, 3)}-{r.randint(10, 28)} 10:2{r.randint(0, 9)}"
    prev, nxt = r.sample(_NEIGHBOURS, 2)
    fields = {"date": date, "views": r.randint(100, 9999), "prev": prev.format(y=y + 1), "next": nxt.format(y=y),
              "host": r.choice(_HOSTS), "site_id": r.randint(10 ** 9, 10 ** 10 - 1),
              "icp": r.randint(10 ** 7, 10 ** 8 - 1)}
    top = "\n".join(t.format(**fields) for t in _CHROME_TOP)
    bottom = "\n".join(t.format(**fields) for t in _CHROME_BOTTOM)
    return Damaged(f"{top}\n{body}\n{bottom}\n")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str, name: str, context: dict | None = None) -> Damaged:
    """Traditional characters (OpenCC s2t), as seed 000 is written."""
    return Damaged(_s2t().convert(as_text(text, name)))


def html_blank(text: str, name: str, context: dict | None = None) -> Damaged:
    """The `|` tables as a real HTML page with merged header cells and blank 总计 cells (damage_html)."""
    from ingest.evaluation.damage_html import html_blank as build

    return build(as_text(text, name), name)


DamageFn = Callable[..., Damaged]

DAMAGES: dict[str, DamageFn] = {
    "one_line": one_line,
    "run_together": run_together,
    "flattened": flattened,
    "split_numbers": split_numbers,
    "html_blank": html_blank,
    "chrome": chrome,
    "traditional": traditional,
}


def damaged_name(name: str, damage: str, damaged: Damaged) -> str:
    """The file name a damaged text is parsed under: .html for a built page, else .txt."""
    suffix = ".html" if damage == "html_blank" and damaged.applicable else ".txt"
    return PurePath(name).stem + suffix
