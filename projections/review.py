"""The review's own records as the read model holds them: its title and period, and its redaction list."""

from __future__ import annotations

import datetime

import duckdb


def review_record(
    con: duckdb.DuckDBPyConnection,
) -> tuple[str | None, str | None, datetime.date | None, datetime.date | None] | None:
    """(title, jurisdiction, period start, period end), or None before the review is opened."""
    row = con.execute("SELECT title, jurisdiction, period_start, period_end FROM review LIMIT 1").fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3])


def redaction_list(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(term, label, added by) of every term on the redaction list, by term (case aside)."""
    rows = con.execute("SELECT term, label, added_by FROM redactions ORDER BY lower(term)").fetchall()
    return [(t, label, by) for t, label, by in rows]
