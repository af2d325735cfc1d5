"""ogi app: the analyst's workbench (Streamlit) on 127.0.0.1, over the published snapshot, read-only."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ogi.locations import apply_location_flags

MAIN = Path(__file__).resolve().parents[2] / "app" / "main.py"


def command(port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(MAIN), "--server.address", "127.0.0.1",
            "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"]


def main(args) -> int:
    apply_location_flags(args)
    from ingest.config import snapshot_path, warehouse_path

    db = warehouse_path()
    if not snapshot_path(db).exists() and not db.exists():
        print(f"ogi app: no warehouse at {db}: run `ogi run` (or `make run`) first", file=sys.stderr)
        return 2
    os.environ["OGI_WAREHOUSE"] = str(db)
    print(f"ogi app: http://127.0.0.1:{args.port}  (warehouse {db}; Ctrl-C stops it)", flush=True)
    cmd = command(args.port)
    os.execv(cmd[0], cmd)  # this process becomes the server: a signal to it stops the server, no orphan left
