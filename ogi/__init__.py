"""The `ogi` command line: run the pipeline, query the warehouse, explain a report."""
