"""The agencies this review registered, as the read model holds them (the built-in ones are domain/agencies.py's)."""

from __future__ import annotations

import duckdb


def review_agencies(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(code, name, sector) of every agency the review registered, by code (as `AgencyRegistered` gave them)."""
    rows = con.execute("SELECT code, name, sector FROM agencies ORDER BY code").fetchall()
    return [(code, name, sector) for code, name, sector in rows]


def agency_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The codes of the agencies the review registered, sorted."""
    return [str(r[0]) for r in con.execute("SELECT code FROM agencies ORDER BY code").fetchall()]
