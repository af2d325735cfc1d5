"""Resources: where the inbox and the warehouse are (both from ingest.config: OGI_INBOX, OGI_WAREHOUSE)."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from ingest import warehouse as wh
from ingest.config import inbox_dir, warehouse_path


class InboxResource(dg.ConfigurableResource):
    """The folder of report files to ingest."""

    path: str

    @property
    def folder(self) -> Path:
        return Path(self.path)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file; every write goes through the writer lock (see ingest.warehouse)."""

    path: str

    @property
    def file(self) -> Path:
        return Path(self.path)

    @contextlib.contextmanager
    def writer(self, log=None) -> Iterator[duckdb.DuckDBPyConnection]:
        with wh.writer(self.file, log=log) as con:
            yield con

    def write_lock(self, log=None):
        return wh.write_lock(self.file, log=log)


def resources_for(inbox: Path, warehouse: Path) -> dict:
    """The resources of a run on `inbox` into `warehouse`."""
    from orchestration.dbt_project import dbt_resource

    return {
        "inbox": InboxResource(path=str(inbox)),
        "warehouse": WarehouseResource(path=str(warehouse)),
        "dbt": dbt_resource(),
    }


def default_resources() -> dict:
    """Resources from OGI_INBOX and OGI_WAREHOUSE (ingest.config)."""
    return resources_for(inbox_dir(), warehouse_path())
