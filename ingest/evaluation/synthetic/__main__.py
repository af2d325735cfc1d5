"""`python -m ingest.evaluation.synthetic`: the generator's command line (`main`)."""
from ingest.evaluation.synthetic import main

raise SystemExit(main())
