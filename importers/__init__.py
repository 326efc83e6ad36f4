"""Agency extracts (CSV, Excel, statutory returns) mapped to the canonical contact."""
