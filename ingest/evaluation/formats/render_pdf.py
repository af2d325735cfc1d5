"""HTML -> PDF with headless Chromium (`--print-to-pdf`): real text layer, tables that break across
pages as published reports do. One Chromium per file, with a fresh profile so runs never share state."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def html_to_pdf(page: str) -> bytes:
    """Print an HTML page (a string) to PDF bytes. Raises RuntimeError when Chromium is missing or fails."""
    exe = chromium_path()
    if exe is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="ogi_chromium_") as tmp:
        src, out = Path(tmp) / "in.html", Path(tmp) / "out.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", src.as_uri()]
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        if not out.exists() or not out.read_bytes().startswith(b"%PDF"):
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError(f"chromium wrote no PDF (exit {proc.returncode}): {' / '.join(tail)}")
        return out.read_bytes()
