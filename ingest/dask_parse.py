"""The staging step's parsing map on a Dask `distributed` cluster (`OGI_DASK_SCHEDULER=tcp://host:port`).

`ingest.staging.parse_stream` sends its chunks here when the variable is set, whatever the size of
the input. Each chunk of reports, *bytes included*, travels with its task: the workers need no
shared storage, only the same ogi-warehouse installed (same parser version, checked before any
parsing). Everything else stays on the run's machine: reading the raw store, the single DuckDB
writer that loads the chunks, dbt and the checks.

- order: chunks come back in input order, as from the local pool (`Pool.imap`);
- memory: at most `CHUNKS_IN_FLIGHT` chunks per worker thread are submitted and not yet consumed,
  so neither this process nor the scheduler ever holds more than that, however large the corpus;
- keys: every task gets a unique key (`pure=False`): two chunks with equal bytes are two tasks and
  both come back (a content key would let dask run one and hand its result to both);
- warm parsers: a WorkerPlugin warms the parsers once per worker process, including workers that
  join (or are restarted) later;
- failures: `parse_chunk` never raises for bad input (the file is quarantined); a worker that dies
  has its tasks re-run elsewhere by distributed (up to `distributed.scheduler.allowed-failures`);
  an unreachable scheduler, a cluster without workers or workers of another parser version raise a
  RuntimeError naming OGI_DASK_SCHEDULER instead of hanging;
- the Client is closed when the stream ends, fails or is closed early by its consumer, and the
  tasks still in flight are cancelled.
"""
from __future__ import annotations

import logging
import time
from collections import deque
from itertools import chain
from typing import Iterable, Iterator

from distributed.diagnostics.plugin import WorkerPlugin

from ingest.parsers.report import PARSER_VERSION
from ingest.staging import CHUNKS_IN_FLIGHT, ParsedChunk, parse_chunk

ENV = "OGI_DASK_SCHEDULER"
CONNECT_TIMEOUT = 10.0   # seconds to reach the scheduler
WORKERS_TIMEOUT = 60.0   # seconds to wait for a first worker (or, mid-run, for any worker to come back)
POLL_SECONDS = 5.0       # how often a wait for a result checks that the cluster still has workers
PLUGIN_NAME = "ogi-warehouse-parsers"

log = logging.getLogger(__name__)


class WarmParsers(WorkerPlugin):
    """Load the parsers' lazy data once per worker process, before its first chunk."""

    def setup(self, worker) -> None:
        from ingest.report_rows import warm_up

        warm_up()


def worker_facts() -> dict:
    """Run on every worker: what it would parse with."""
    import importlib.metadata
    import platform

    from ingest.parsers.report import PARSER_VERSION as version

    try:
        package = importlib.metadata.version("ogi-warehouse")
    except importlib.metadata.PackageNotFoundError:
        package = None
    return {"parser_version": version, "package": package, "python": platform.python_version()}


def _fail(address: str, what: str) -> RuntimeError:
    return RuntimeError(f"{ENV}={address}: {what}")


def connect(address: str):
    """A Client of the scheduler at `address`, or a RuntimeError within CONNECT_TIMEOUT seconds."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # OSError / TimeoutError when nobody answers, ValueError for a bad address
        raise _fail(address, f"could not reach a Dask scheduler there within {CONNECT_TIMEOUT:g} s "
                             f"({type(exc).__name__}: {exc}). Start one (`dask scheduler`) and workers "
                             f"(`dask worker {address}`), or unset {ENV} to parse on this machine.") from exc


def check_cluster(client, address: str) -> int:
    """Wait (bounded) for workers, check that they all parse with this parser version and warm them.
    Returns the number of worker threads."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except Exception as exc:
        raise _fail(address, f"the scheduler has no workers after {WORKERS_TIMEOUT:g} s: start some with "
                             f"`dask worker {address}` (ogi-warehouse installed, parser version "
                             f"{PARSER_VERSION})") from exc
    try:
        facts = client.run(worker_facts)
    except Exception as exc:
        raise _fail(address, f"could not ask the workers for their parser version ({type(exc).__name__}: {exc}); "
                             "every worker needs the same ogi-warehouse installed as this machine") from exc
    other = {w: f for w, f in facts.items() if f["parser_version"] != PARSER_VERSION}
    if other:
        listed = ", ".join(f"{w} has {f['parser_version']} (ogi-warehouse {f['package']})" for w, f in sorted(other.items()))
        raise _fail(address, f"{len(other)} of {len(facts)} workers run another parser version than this "
                             f"machine's {PARSER_VERSION}: {listed}. Install the same ogi-warehouse on every "
                             "worker (mixed versions would mix parser outputs in one warehouse).")
    try:
        client.register_plugin(WarmParsers(), name=PLUGIN_NAME)
    except Exception as exc:
        raise _fail(address, f"warming the parsers on the workers failed ({type(exc).__name__}: {exc})") from exc
    threads = sum(client.nthreads().values())
    log.info("parsing on the Dask cluster at %s: %d workers, %d threads, parser version %s",
             address, len(facts), threads, PARSER_VERSION)
    return threads


def parse_on_cluster(chunks: Iterable[list[tuple[str, str, bytes]]], address: str) -> Iterator[ParsedChunk]:
    """`parse_chunk` over `chunks` on the cluster at `address`, yielded in input order."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:  # nothing to parse: do not depend on the cluster
        return
    with connect(address) as client:
        threads = check_cluster(client, address)
        limit = max(1, threads) * CHUNKS_IN_FLIGHT
        pending: deque = deque()
        try:
            for chunk in chain([first], chunks):
                pending.append(client.submit(parse_chunk, chunk, pure=False))
                del chunk
                while len(pending) >= limit:
                    parsed = _take(client, pending.popleft(), address)
                    yield parsed
                    del parsed
                    limit = max(1, sum(client.nthreads().values())) * CHUNKS_IN_FLIGHT  # workers come and go
            while pending:
                yield _take(client, pending.popleft(), address)
        finally:
            if pending:  # the consumer stopped early or something failed: drop the tasks still queued
                try:
                    client.cancel(list(pending))
                except Exception:  # the client is closed next anyway
                    pass
                pending.clear()


def _take(client, future, address: str) -> ParsedChunk:
    """The result of `future`; a cluster left without workers for WORKERS_TIMEOUT is an error, not a hang."""
    from distributed import KilledWorker, TimeoutError as DaskTimeout

    idle_since = None
    while True:
        try:
            parsed = future.result(timeout=POLL_SECONDS)
            break
        except DaskTimeout:
            pass
        except KilledWorker as exc:
            raise _fail(address, f"a chunk of reports killed {exc.args[2] if len(exc.args) > 2 else 'several'} "
                                 f"workers in a row (task {future.key}); a worker process crashed or ran out "
                                 f"of memory on one of its files: {exc}") from exc
        if client.nthreads():
            idle_since = None
            continue
        idle_since = idle_since or time.monotonic()
        if time.monotonic() - idle_since > WORKERS_TIMEOUT:
            raise _fail(address, f"the cluster has had no workers for {WORKERS_TIMEOUT:g} s while parsing")
    versions = set(parsed.reports["parser_version"].unique().to_list()) - {PARSER_VERSION}
    if versions:  # a worker that joined after the check, with another version
        raise _fail(address, f"a worker parsed with parser version {', '.join(sorted(versions))}, this machine "
                             f"has {PARSER_VERSION}: install the same ogi-warehouse on every worker")
    return parsed
