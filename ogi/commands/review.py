"""ogi review: confirm, dismiss or correct a finding, or list the reviews (docs/reviews.md).

A review goes to the review store beside the warehouse at once; the marts
(rpt_report_findings.review_status, corrected figures in fct_reports) show it after the next `ogi run`.
"""
from __future__ import annotations

import getpass
import sys

from ogi.locations import apply_location_flags


def add_arguments(p) -> None:
    p.add_argument("finding", nargs="?", help="finding id (rpt_report_findings.finding_id, or its first 8+ characters)")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--confirm", action="store_true", help="the report is wrong")
    act.add_argument("--dismiss-misread", metavar="REASON", help="our misreading (say what was misread)")
    act.add_argument("--dismiss", metavar="REASON", help="not a problem (say why)")
    act.add_argument("--correct", metavar="VALUE", type=float, help="the figure's corrected value (with --metric, --reason)")
    act.add_argument("--list", action="store_true", help="every finding's review in force, and its state in the marts")
    p.add_argument("--metric", help="with --correct: the metric corrected, e.g. applications_new")
    p.add_argument("--reason", help="why (required with --correct, optional with --confirm)")
    p.add_argument("--by", help="reviewer name (default: your login name)")
    p.add_argument("--warehouse")


def main(args) -> int:
    apply_location_flags(args)
    from ingest.config import warehouse_path
    from ingest.review_store import ReviewError, add_review, store_path

    if args.list:
        return _list(warehouse_path())
    if not args.finding:
        print("ogi review: give a finding id (see `ogi sql \"SELECT finding_id, file_name, rule_id, subject "
              "FROM rpt_report_findings\"`), or --list", file=sys.stderr)
        return 2
    if args.confirm:
        action, reason = "confirm", args.reason
    elif args.dismiss_misread is not None:
        action, reason = "dismiss_misread", args.dismiss_misread
    elif args.dismiss is not None:
        action, reason = "dismiss_not_a_problem", args.dismiss
    elif args.correct is not None:
        action, reason = "correct", args.reason
    else:
        print("ogi review: say what to do: --confirm, --dismiss-misread REASON, --dismiss REASON "
              "or --correct VALUE --metric KEY --reason WHY", file=sys.stderr)
        return 2
    try:
        event = add_review(warehouse_path(), args.finding, action, reason or "", args.by or getpass.getuser(),
                           corrected_value=args.correct if action == "correct" else None,
                           metric_key=args.metric if action == "correct" else None)
    except (ReviewError, FileNotFoundError) as exc:
        print(f"ogi review: {exc}", file=sys.stderr)
        return 2
    what = (f"correct {event['metric_key']} = {event['corrected_value']:g}" if action == "correct" else action)
    print(f"review {event['review_id']}: {what} on {event['finding_id']} "
          f"({event['file_name']}, {event['rule_id']}, {event['subject']}) by {event['reviewer']}")
    print(f"stored in {store_path(warehouse_path())}; the marts show it after the next `ogi run`")
    return 0


def _list(warehouse) -> int:
    from ingest.review_store import reviews

    latest = {}
    for event in reviews(warehouse):
        latest[event["finding_id"]] = event  # the latest event on a finding is the one in force
    if not latest:
        print("no reviews yet")
        return 0
    states = _states(warehouse)
    print("reviewed at (UTC)    by          finding   action                 state in the marts      file / rule / subject / reason")
    for e in sorted(latest.values(), key=lambda e: e["at"]):
        action = e["action"] + (f" {e['metric_key']}={e['corrected_value']:g}" if e["action"] == "correct" else "")
        state = states.get(e["review_id"], "pending (next ogi run)")
        print(f"{e['at'][:19].replace('T', ' ')}  {e['reviewer'][:10]:<10}  {e['finding_id'][:8]}  {action:<21}  "
              f"{state:<22}  {e['file_name']} / {e['rule_id']} / {e['subject']}"
              + (f" / {e['reason']}" if e.get("reason") else ""))
    return 0


def _states(warehouse) -> dict[str, str]:
    """review_id -> review_status of the findings in the published snapshot that it is in force on."""
    from ingest.warehouse import reader

    try:
        con = reader(warehouse)
    except FileNotFoundError:
        return {}
    try:
        rows = con.execute("SELECT review_id, string_agg(DISTINCT review_status, ', ') FROM marts.rpt_report_findings "
                           "WHERE review_id IS NOT NULL GROUP BY review_id").fetchall()
    except Exception:  # a snapshot published before reviews existed
        return {}
    finally:
        con.close()
    return dict(rows)
