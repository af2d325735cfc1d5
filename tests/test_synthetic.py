"""The synthetic report generator: deterministic, arithmetic-true, every layout, and parseable.

The last tests run the real parsers on one synthetic report per layout and variant: a failure
there is a parser bug (or a generator bug), not something to relax.
"""
from __future__ import annotations

import warnings

import pytest

from ingest.evaluation.synthetic import CANONICAL_FIELDS, LAYOUTS, generate, public_truth

SEED = 7
N = 200


@pytest.fixture(scope="module")
def reports():
    return list(generate(N, SEED))


def test_deterministic(reports):
    again = list(generate(N, SEED))
    assert [r.file_name for r in again] == [r.file_name for r in reports]
    assert [r.content for r in again] == [r.content for r in reports]
    assert [r.truth for r in again] == [r.truth for r in reports]
    # report i does not depend on n
    assert [r.content for r in generate(10, SEED)] == [r.content for r in reports[:10]]
    assert [r.content for r in generate(10, SEED + 1)] != [r.content for r in reports[:10]]


def test_truth_fields(reports):
    for r in reports:
        t = public_truth(r.truth)
        for key in ("agency", "province", "division_code", "report_year", "family", *CANONICAL_FIELDS):
            assert key in t, (r.file_name, key)
        assert t["agency"] and t["province"] and len(t["division_code"]) == 6
        assert t["division_code"][:2] == t["division_code"][:2].strip() and t["division_code"].isdigit()
        for f in CANONICAL_FIELDS:
            assert t[f] is None or (isinstance(t[f], int) and t[f] >= 0), (r.file_name, f, t[f])
        if not t["family"].startswith("national"):
            assert t["applications_carried_over"] is None and t["applications_carried_forward"] is None


def test_national_arithmetic(reports):
    seen = 0
    for r in reports:
        t = r.truth
        if "_t3" not in t:
            continue
        seen += 1
        v = t["_t3"]
        for col in range(7):
            total = v["total"][col]
            assert v["new"][col] + v["carried_over"][col] == total + v["carried_forward"][col], (r.file_name, col)
            groups: dict[str, int] = {}
            leaves = 0
            for key, vals in v.items():
                if key in ("new", "carried_over", "total", "carried_forward"):
                    continue
                leaves += vals[col]
                groups[key.split(".")[0]] = groups.get(key.split(".")[0], 0) + vals[col]
            assert leaves == total, (r.file_name, col)
            assert sum(groups.values()) == total
        for key, vals in v.items():
            assert len(vals) == 7 and sum(vals[:6]) == vals[6], (r.file_name, key)
        t4 = t["_t4"]
        assert len(t4) == 15
        for k in (0, 5, 10):
            assert sum(t4[k:k + 4]) == t4[k + 4]
        assert t["reconsideration_total"] == t4[4]
        assert t["litigation_total"] == t4[9] + t4[14]
        assert t["applications_new"] == v["new"][6] and t["outcome_total"] == v["total"][6]
        if t["family"] == "national_2021":
            assert "other.overdue_fee" in v and "other" not in v
        else:
            assert "other" in v and "other.overdue_fee" not in v
    assert seen > 0


def test_legacy_arithmetic(reports):
    seen = 0
    for r in reports:
        g = r.truth.get("_legacy")
        if not g:
            continue
        seen += 1
        assert g["in_person"] + g["fax"] + g["online"] + g["letter"] + g["other_channel"] == g["applications_new"]
        assert g["closed_on_time"] + g["closed_extended"] == g["closed"]
        parts = ("already_public", "granted", "partial", "refused", "not_this_agency", "not_exist",
                 "told_to_amend", "told_other_route")
        assert sum(g[p] for p in parts) == g["answered"]
        assert sum(v for k, v in g.items() if k.startswith("refused.")) == g["refused"]
        for grp in ("reconsideration", "litigation", "complaints"):
            assert g[grp + ".upheld"] + g[grp + ".corrected"] + g[grp + ".other"] == g[grp + "_total"]
        assert (g["channel_gazette"] + g["channel_website"] + g["channel_weibo"] + g["channel_wechat"]
                + g["channel_other"]) == g["proactive_items"]
        t = r.truth
        # what the report states is what the numbers say
        for f, key in (("applications_new", "applications_new"), ("outcome_total", "answered"),
                       ("outcome_granted", "granted"), ("outcome_partial", "partial"),
                       ("proactive_items", "proactive_items"), ("reconsideration_total", "reconsideration_total"),
                       ("litigation_total", "litigation_total")):
            assert t[f] is None or t[f] == g[key], (r.file_name, f)
    assert seen > 0


def test_every_family_layout_and_variant_appears(reports):
    layouts = {r.layout for r in reports}
    assert layouts == {f"{f}/{lay}" for f, lay, _w in LAYOUTS}
    families = {r.truth["family"] for r in reports}
    assert families == {"narrative", "legacy_table", "legacy_short", "national_2019", "national_2021"}
    variants = {v for r in reports for v in r.variants}
    assert {"traditional", "fullwidth_digits", "gb18030"} <= variants
    assert variants & {"utf-16", "utf-16-le"}
    features = {f for r in reports for f in r.truth.get("features", [])}
    assert {"misaligned", "blank_zero", "t3_blank_cells"} <= features
    assert any(r.file_name.endswith(".html") and b"rowspan" in r.content and b"colspan" in r.content for r in reports)
    # a realistic share of reports stating no application at all, and of figures not stated
    assert any(r.truth["applications_new"] == 0 for r in reports)
    assert any(r.truth["proactive_items"] is None for r in reports)


def test_sizes_and_decodability(reports):
    from ingest.decode import decode

    for r in reports:
        text = decode(r.content).text
        size = len(text.encode("utf-8"))
        assert 7_000 <= size <= 20_000, (r.file_name, size)
        assert str(r.truth["report_year"]) in text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


def test_cli_writes_files_and_truth(tmp_path):
    import json

    from ingest.evaluation.synthetic import main

    assert main(["--n", "12", "--out", str(tmp_path), "--seed", "3"]) == 0
    lines = (tmp_path / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    first = json.loads(lines[0])
    assert (tmp_path / first["file"]).read_bytes() == next(iter(generate(1, 3))).content
    assert not any(k.startswith("_") for k in first)


# --------------------------------------------------------------------------- parsers on synthetic reports


def _sample() -> list:
    """One report per layout, then one per text variant and legacy-table feature."""
    chosen: dict[str, object] = {}
    for r in generate(N, SEED):
        keys = [r.layout] + [f"variant:{v}" for v in r.variants] + [f"feature:{f}" for f in r.truth.get("features", [])]
        keys.append(f"agency:{r.truth['admin_level']}-{r.truth['agency_type']}")
        for k in keys:
            chosen.setdefault(k, r)
    return sorted(chosen.items())


SAMPLE = _sample()


def _parse(r):
    from ingest.document import load_document
    from ingest.parsers.report import parse_report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc, _ = load_document(r.file_name, r.file_name, r.content)
        return parse_report(doc)


@pytest.mark.parametrize("key,report", SAMPLE, ids=[k for k, _ in SAMPLE])
def test_sample_parses_to_truth_figures(key, report):
    from ingest.evaluation.scoring import canonical_values

    res = _parse(report)
    got = canonical_values(res.figures)
    wrong = {f: (report.truth[f], got.get(f)) for f in CANONICAL_FIELDS
             if not ((report.truth[f] is None and got.get(f) is None)
                     or (report.truth[f] is not None and got.get(f) is not None and float(got[f]) == report.truth[f]))}
    assert not wrong, f"{report.file_name}: field: (expected, got) {wrong}"


@pytest.mark.parametrize("key,report", SAMPLE, ids=[k for k, _ in SAMPLE])
def test_sample_parses_to_truth_metadata(key, report):
    res = _parse(report)
    t = report.truth
    got = {"agency": res.meta.agency, "division_code": res.meta.division_code, "report_year": res.meta.report_year}
    want = {"agency": t["agency"], "division_code": t["division_code"], "report_year": t["report_year"]}
    assert got == want, report.file_name


@pytest.mark.parametrize("key,report", SAMPLE, ids=[k for k, _ in SAMPLE])
def test_sample_family(key, report):
    assert _parse(report).family == report.truth["family"], report.file_name
