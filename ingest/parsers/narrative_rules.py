"""The narrative rules: the phrase patterns of ingest/taxonomy/narrative.yml compiled, with the words
one of which a text must hold for a rule to be worth running.

In a pattern, {N} is a count (digits or Chinese numerals), {M} an amount (digits, maybe decimals),
{Q} / {q} an optional opening / closing quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.parsers.narrative_numerals import _COUNT_CN
from ingest.taxonomy import metrics as taxonomy_metrics
from ingest.taxonomy import section as taxonomy_section

_COUNT_DIGITS = r"(?<![\d.．])(?<!\d )(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.．,，]\d)(?![\d.．])(?! \d)"
_COUNT = rf"(?P<{{g}}>{_COUNT_DIGITS}|{_COUNT_CN})"
_AMOUNT = r"(?<![\d.．])(?<!\d )(?P<{g}>\d+(?:\.\d+)?)(?![\d.．])(?! \d)"


@dataclass(frozen=True)
class _Rule:
    metrics: tuple[str, ...]
    regex: re.Pattern
    groups: tuple[str, ...]
    tier: int
    zero: bool
    total: bool
    cumulative: bool
    require: re.Pattern | None
    reject: re.Pattern | None
    unless_doc: re.Pattern | None
    words: tuple[str, ...] | None = None  # every `regex` match holds one (see _required_words)
    unless_words: tuple[str, ...] | None = None  # the same for `unless_doc`


def _expand(pattern: str) -> tuple[str, list[str]]:
    groups: list[str] = []

    def sub(m: re.Match) -> str:
        kind = m.group(1)
        if kind in ("N", "M"):
            g = f"v{len(groups)}"
            groups.append(g)
            return (_COUNT if kind == "N" else _AMOUNT).format(g=g)
        return "[“\"‘「]?" if kind == "Q" else "[”\"’」]?"

    return re.sub(r"\{([NMQq])\}", sub, pattern), groups


def _required_words(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` holds; None when no such words are known.

    A text without any of them cannot match, so the regex is not run: most rule regexes have no
    literal prefix, and `re` then tries them at every position of the text. Read from the parse
    tree of `re` (a private module: any surprise there only turns the shortcut off).
    """
    try:
        from re import _constants as sre_c
        from re import _parser as sre_parse

        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & (sre_c.SRE_FLAG_IGNORECASE | sre_c.SRE_FLAG_VERBOSE):
            return None
        words = _words_in(parsed, sre_c)
    except Exception:
        return None
    return tuple(sorted(words)) if words else None


def _words_in(items, sre_c) -> set[str] | None:
    """`_required_words` of a parsed sequence: its most selective required literal or alternation."""
    best: set[str] | None = None
    run: list[str] = []

    def keep(words: set[str] | None) -> None:
        nonlocal best
        if words and all(words) and (best is None or min(map(len, words)) > min(map(len, best))):
            best = words

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        keep({"".join(run)} if run else None)
        run = []
        if op is sre_c.SUBPATTERN and not av[1] and not av[2]:  # (group, add_flags, del_flags, items)
            keep(_words_in(av[3], sre_c))
        elif op is sre_c.BRANCH:
            alternatives = [_words_in(alt, sre_c) for alt in av[1]]
            if all(alternatives):
                keep(set().union(*alternatives))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1:  # (min, max, item)
            keep(_words_in(av[2], sre_c))
    keep({"".join(run)} if run else None)
    return best


def _may_match(words: tuple[str, ...] | None, text: str) -> bool:
    return words is None or any(w in text for w in words)


@lru_cache(maxsize=1)
def _spec() -> dict:
    spec = taxonomy_section("narrative")
    rules = []
    for i, r in enumerate(spec["rules"]):
        pattern, groups = _expand(r["re"])
        metrics = tuple(r.get("metrics") or [r["metric"]])
        rules.append(
            _Rule(
                metrics=metrics,
                regex=re.compile(pattern),
                groups=tuple(groups),
                tier=int(r.get("tier", 1)),
                zero=bool(r.get("zero")),
                total=bool(r.get("total")),
                cumulative=bool(r.get("cumulative")),
                require=re.compile(r["require"]) if r.get("require") else None,
                reject=re.compile(r["reject"]) if r.get("reject") else None,
                unless_doc=re.compile(r["unless_doc"]) if r.get("unless_doc") else None,
                words=_required_words(pattern),
                unless_words=_required_words(r["unless_doc"]) if r.get("unless_doc") else None,
            )
        )
    units = {k: m.get("unit") for k, m in taxonomy_metrics().items()}
    return {
        "rules": rules,
        "cumulative": re.compile(spec["cumulative_markers"]),
        "wider_scope": re.compile(spec["wider_scope"]),
        "plan_headings": re.compile(spec["plan_headings"]),
        "units": units,
    }
