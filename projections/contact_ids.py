"""Contacts and joint entries found by id in the read model: the ids a person copies from an output.

People copy ids from `chronology --format json`, often only their first characters, and with or
without the hyphens; these queries say which contacts, or which entries, such an id can name.
"""

from __future__ import annotations

import duckdb


def contact_ids_starting_with(con: duckdb.DuckDBPyConnection, prefix: str, limit: int = 2) -> list[str]:
    """Up to `limit` contact ids (in order) whose hex digits start with those of `prefix`."""
    rows = con.execute(
        "SELECT id FROM contacts WHERE replace(id, '-', '') LIKE ? ORDER BY id LIMIT ?",
        [prefix.replace("-", "") + "%", limit],
    ).fetchall()
    return [str(r[0]) for r in rows]


def entries_of_contacts_starting_with(
    con: duckdb.DuckDBPyConnection, prefix: str, limit: int = 3
) -> list[tuple[str, str]]:
    """Up to `limit` (contact id, entry id) pairs, by contact id, whose contact id starts with `prefix`."""
    rows = con.execute(
        "SELECT DISTINCT contact_id, entry_id FROM entry_members WHERE replace(contact_id, '-', '') LIKE ? "
        "ORDER BY 1 LIMIT ?",
        [prefix.replace("-", "") + "%", limit],
    ).fetchall()
    return [(str(c), str(e)) for c, e in rows]


def entry_of_contact(con: duckdb.DuckDBPyConnection, contact_id: str) -> str | None:
    """The joint entry a contact is part of (None: the read model does not hold it)."""
    row = con.execute("SELECT entry_id FROM entry_members WHERE contact_id = ?", [contact_id]).fetchone()
    return str(row[0]) if row else None


def others_in_entry(con: duckdb.DuckDBPyConnection, contact_id: str) -> tuple[str, ...]:
    """The other contacts of the joint entry a contact is part of, by id."""
    rows = con.execute(
        "SELECT contact_id FROM entry_members WHERE entry_id = "
        "(SELECT entry_id FROM entry_members WHERE contact_id = ?) AND contact_id <> ? ORDER BY 1",
        [contact_id, contact_id],
    ).fetchall()
    return tuple(r[0] for r in rows)
