"""--inbox / --warehouse flags override OGI_INBOX / OGI_WAREHOUSE for this process."""
import os
from pathlib import Path


def apply_location_flags(args) -> None:
    if getattr(args, "inbox", None):
        os.environ["OGI_INBOX"] = str(Path(args.inbox).resolve())
    if getattr(args, "warehouse", None):
        os.environ["OGI_WAREHOUSE"] = str(Path(args.warehouse).resolve())
