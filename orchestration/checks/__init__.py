"""Asset checks backed by the Great Expectations suites in expectations/."""
