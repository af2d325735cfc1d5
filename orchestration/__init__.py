"""Dagster orchestration of the warehouse: `orchestration.definitions.defs` is the one Definitions."""
