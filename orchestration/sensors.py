"""Start a refresh when the inbox changes (new, changed or removed files).

The cursor is a fingerprint of the inbox listing (names, sizes, mtimes); the run key is the
fingerprint too, so the same inbox state never starts two runs.
"""
import hashlib

import dagster as dg

from ingest.inventory import walk_inbox
from orchestration.jobs import refresh_warehouse
from orchestration.partitions import ALL_SHARDS
from orchestration.resources import InboxResource


def inbox_fingerprint(inbox: InboxResource) -> tuple[str, int]:
    digest = hashlib.sha256()
    count = 0
    for name, kind, size, mtime in sorted(walk_inbox(inbox.folder)):
        digest.update(f"{name}\0{kind}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
        count += 1
    return digest.hexdigest()[:32], count


@dg.sensor(job=refresh_warehouse, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext, inbox: InboxResource):
    if not inbox.folder.is_dir():
        return dg.SkipReason(f"inbox {inbox.folder} does not exist")
    fingerprint, count = inbox_fingerprint(inbox)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"inbox unchanged ({count} files)")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, tags={"ogi/inbox_files": str(count), **ALL_SHARDS})
