"""Report rules as Dagster asset checks: findings about the reports, WARN and not blocking.

One check per rule (`rule_<rule_id>` on intermediate/int_rule_results), backed by the GX suite
expectations/suites/rule_<rule_id>.json, which fails when any instance of the rule failed. A failing
report is a finding about the agency's report, not a pipeline failure: the run goes on and the
snapshot is published. Metadata: failed / not assessable / passed counts, a sample of the failing
instances, and links to the findings mart and the Data Docs.
"""

import dagster as dg
import pandas as pd

from expectations.runner import RULES
from orchestration.checks.suites import SAMPLE_SIZE, docs_metadata, validate
from orchestration.resources import WarehouseResource

RULE_RESULTS = dg.AssetKey(["intermediate", "int_rule_results"])

RULE_DESCRIPTIONS = {
    "t3_balance": "表三 per column: 一 + 二 = 三（七）总计 + 四",
    "t3_outcome_total": "表三 per column: （七）总计 = （一）+（二）+（三）+（四）+（五）+（六）",
    "t3_group_items": "表三 per column: a stated （三）–（六） subtotal = the sum of its items",
    "t3_column_total": "表三 per row: 总计 = 自然人 + the five 法人或其他组织 columns",
    "t4_totals": "表四: each 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "legacy_channels": "legacy tables: 收到申请数 = the sum of the channels, where all are stated",
    "prose_table_agreement": "a figure stated in prose and in a table has one value",
    "continuity_carry": "上年结转 (N) = 结转下年度继续办理 (N-1), same agency",
    "continuity_in_force": "2021 format: 现行有效件数 (N) = 现行有效件数 (N-1) + 本年制发件数 (N) - 本年废止件数 (N)",
    "plausibility_report": "plausibility: 一 + 二 vs 三（七）+ 四, 予以公开 / 部分公开 vs （七）, 行政复议 / 行政诉讼 vs 一 + 二 "
                           "far out of line (a likely misread)",
    "plausibility_history": "plausibility: a figure far above or below the median of the agency's years (a likely misread)",
    "year_over_year": "year over year: a figure far above or below the agency's previous year (dbt vars year_over_year_*)",
    "text_reuse": "text reuse: most of the report's sentences repeat the agency's previous report verbatim (marts.fct_text_reuse)",
    "completeness_tables": "completeness: a report of the national-format years has 表三 and 表四",
    "completeness_problems": "completeness: section 五 (problems and improvements) is not empty, 无 or boilerplate",
    "completeness_fees": "completeness: section 六 states the information-processing fees (信息处理费), 2021 format",
    "completeness_blank_cells": "completeness: at most a few blank or '/' cells in 表三 and 表四",
}


def _num(v):
    if v is None or pd.isna(v):
        return None
    return int(v) if float(v).is_integer() else float(v)


def _sample(failed: list[dict]) -> list[dict]:
    return [
        {"file_name": r["file_name"], "report_id": r["report_id"], "subject": r["subject"],
         "stated": _num(r["stated_value"]), "expected": _num(r["expected_value"]),
         **({"related_report_id": r["related_report_id"]} if isinstance(r["related_report_id"], str) else {})}
        for r in failed[:SAMPLE_SIZE]
    ]


def _markdown(sample: list[dict]) -> str:
    if not sample:
        return "No failing instance."
    rows = ["| file | subject | stated | expected |", "| --- | --- | --- | --- |"]
    rows += [f"| {s['file_name']} | {s['subject']} | {s['stated']} | {s['expected']} |" for s in sample]
    return "\n".join(rows)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            f"rule_{rule}", asset=RULE_RESULTS, blocking=False,
            description=f"Report rule {rule} (finding, WARN): {RULE_DESCRIPTIONS[rule]}. "
                        f"GX suite expectations/suites/rule_{rule}.json; failures listed in marts.rpt_report_findings.",
        )
        for rule in RULES
    ],
    can_subset=True,
)
def report_rules_check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    wanted = [rule for rule in RULES
              if dg.AssetCheckKey(RULE_RESULTS, f"rule_{rule}") in context.selected_asset_check_keys]
    results = validate(warehouse, [f"rule_{rule}" for rule in wanted], log=context.log.info)
    links = docs_metadata(warehouse)
    for rule in wanted:
        validated = results[f"rule_{rule}"]
        result, counts = validated.result, validated.status_counts
        sample = _sample(validated.failed_sample)
        yield dg.AssetCheckResult(
            asset_key=RULE_RESULTS,
            check_name=f"rule_{rule}",
            passed=result.success,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rule_id": rule,
                "rule": RULE_DESCRIPTIONS[rule],
                "suite": result.suite,
                "instances": validated.rows,
                "failed": int(counts.get("failed", 0)),
                "not_assessable": int(counts.get("not_assessable", 0)),
                "passed": int(counts.get("passed", 0)),
                "failing_rows": int(counts.get("failed", 0)),
                "sample": dg.MetadataValue.json(sample),
                "sample_table": dg.MetadataValue.md(_markdown(sample)),
                "findings": f"SELECT * FROM marts.rpt_report_findings WHERE rule_id = '{rule}'",
                "expectations_failed": dg.MetadataValue.json(result.failed),
                **links,
            },
        )
