"""Read models in DuckDB rebuilt from the event log, queries over them, and the gap rules."""
