"""People and relationships as the read model holds them."""

from __future__ import annotations

import datetime
import uuid

import duckdb

from jointchron.domain.person import Person
from jointchron.domain.register import Register, name_key

# person id -> the person it finally stands for: follows merges, and an unconfirmed
# person from an extract that names exactly one registered person becomes that person,
# so the order in which the register and the extracts were imported does not matter.
_CANONICAL = """
CREATE OR REPLACE TEMP TABLE person_canonical AS
WITH RECURSIVE chain(id, target, depth) AS (
    SELECT id, coalesce(merged_into, id), 0 FROM people
    UNION ALL
    SELECT chain.id, coalesce(p.merged_into, p.id), depth + 1
    FROM chain JOIN people p ON p.id = chain.target
    WHERE p.merged_into IS NOT NULL AND depth < 20
)
SELECT id, arg_max(target, depth) AS canonical FROM chain GROUP BY id
"""


def create_person_canonical(con: duckdb.DuckDBPyConnection) -> None:
    """Creates the temporary table `person_canonical(id, canonical)`."""
    con.execute(_CANONICAL)
    unconfirmed = con.execute(
        "SELECT p.id, p.names, p.dob FROM people p JOIN person_canonical c ON c.id = p.id "
        "WHERE NOT p.confirmed AND c.canonical = p.id"
    ).fetchall()
    if not unconfirmed:
        return
    register = Register(p for p in people(con) if p.confirmed)
    updates = []
    for pid, names, dob in unconfirmed:
        for name in names:
            match = register.resolve(name)
            born = register.people[match].dob if match is not None else None
            if dob is not None and born is not None and born != dob:
                continue  # same name, another date of birth: another person until someone merges them
            if match is not None:
                updates.append((str(match), pid))
                break
    if updates:
        con.executemany("UPDATE person_canonical SET canonical = ? WHERE id = ?", updates)
        # Those pointing at a confirmed person that was itself merged follow the merge too.
        con.execute(
            "UPDATE person_canonical SET canonical = c2.canonical FROM person_canonical c2 "
            "WHERE person_canonical.canonical = c2.id AND c2.canonical <> c2.id"
        )


def canonical_people(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    create_person_canonical(con)
    return dict(con.execute("SELECT id, canonical FROM person_canonical").fetchall())


def people(con: duckdb.DuckDBPyConnection) -> list[Person]:
    rows = con.execute(
        "SELECT id, source_id, pseudonym, role, names, dob, identifiers, confirmed FROM people ORDER BY pseudonym, id"
    ).fetchall()
    return [
        Person(
            id=uuid.UUID(r[0]),
            source_id=r[1],
            pseudonym=r[2],
            role=r[3],
            names=tuple(r[4]),
            dob=r[5] if isinstance(r[5], datetime.date) else None,
            identifiers=tuple(r[6]),
            confirmed=r[7],
        )
        for r in rows
    ]


def register(con: duckdb.DuckDBPyConnection) -> Register:
    """The people register as a lookup for subjects, from everything imported so far."""
    return Register(people(con))


__all__ = ["canonical_people", "create_person_canonical", "name_key", "people", "register"]


def relationships(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(from person, relation, to person) of every relationship recorded, in the order of their ids."""
    rows = con.execute("SELECT from_person, relation, to_person FROM relationships ORDER BY id").fetchall()
    return [(a, relation, b) for a, relation, b in rows]


def contacts_naming(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """For each person id a contact names as a subject, how many contacts (not withdrawn) name it."""
    rows = con.execute(
        "SELECT s, count(*) FROM (SELECT unnest(subjects) AS s FROM contacts WHERE NOT withdrawn) GROUP BY s"
    ).fetchall()
    return dict(rows)
