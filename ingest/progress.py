"""Progress bars for the long stages (files read, reports parsed), shown only where a person watches.

`ogi run` sets OGI_PROGRESS=1; bars are drawn on stderr when it is a terminal. Everywhere else
(Dagster UI runs, tests, CI logs) this is a no-op and the stages log batch counts instead.
"""
import os
import sys
from contextlib import contextmanager


class _Silent:
    def update(self, n: int = 1) -> None:
        pass


@contextmanager
def progress(total: int, what: str):
    if os.environ.get("OGI_PROGRESS") != "1" or not sys.stderr.isatty() or total < 50:
        yield _Silent()
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=what, unit=" files" if "file" in what else " reports", file=sys.stderr,
               dynamic_ncols=True, leave=True)
    try:
        yield bar
    finally:
        bar.close()
