"""Assets, one module per layer: raw -> staging -> dbt (intermediate, marts) -> publish."""
