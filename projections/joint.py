"""The joint chronology: agencies' records of one event merged into one entry.

Two records are the same event when they come from different agencies, have the same
kind and the same day (both known to the day), and share a subject. Records that match
this way form one entry (transitively). Records that would match but for one day
between them stay apart and are flagged as a possible discrepancy for the panel.
Subjects are compared as the people they finally resolve to (merges, and unconfirmed
records that name exactly one registered person).

An entry is named by the id of its first record in the event log (the earliest stored, the smallest
id among records stored together): a record of another agency that merges in later, an amendment
and a rebuild leave the name as it was, so that the panel's notes and the gap ids stay put.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from jointchron.projections.people import create_person_canonical

# Only records that could match one of another agency are gathered: of the day, not withdrawn, with
# subjects, and of a kind another agency recorded with subjects that day or a day either side. A
# million records of one agency hold none, and the pairs below are found among the few that are.
CONTACT_SUBJECTS = """
CREATE OR REPLACE TEMP TABLE contact_people AS
WITH days AS (
    SELECT DISTINCT kind, date, agency FROM contacts WHERE {matchable}
), shared AS (
    SELECT DISTINCT a.kind, a.date FROM days a JOIN days b
      ON a.kind = b.kind AND b.date BETWEEN a.date - 1 AND a.date + 1 AND a.agency <> b.agency
), candidates AS (
    SELECT id, agency, kind, date, precision, withdrawn, subjects FROM contacts
    WHERE {matchable} AND (kind, date) IN (SELECT kind, date FROM shared)
)
SELECT c.id, c.agency, c.kind, c.date, c.precision, c.withdrawn,
       coalesce(list_sort(list_distinct(list(coalesce(pc.canonical, s.subject)))), []) AS people
FROM candidates c
LEFT JOIN (SELECT id, unnest(subjects) AS subject FROM candidates) s ON s.id = c.id
LEFT JOIN person_canonical pc ON pc.id = s.subject
GROUP BY ALL
""".format(matchable="precision = 'day' AND NOT withdrawn AND len(subjects) > 0")

PAIRS = """
SELECT a.id, b.id
FROM contact_people a JOIN contact_people b
  ON a.kind = b.kind AND a.date {op} b.date AND a.id < b.id
WHERE a.agency <> b.agency AND a.precision = 'day' AND b.precision = 'day'
  AND NOT a.withdrawn AND NOT b.withdrawn
  AND len(a.people) > 0 AND list_has_any(a.people, b.people)
"""


def rebuild_entries(con: duckdb.DuckDBPyConnection) -> None:
    """Recomputes which contacts form one entry, and which entries nearly match. Runs in the caller's transaction.

    Only contacts that match another are clustered here; every other contact is an entry of its own,
    written by DuckDB without passing through Python (a million contacts hold few matches).
    """
    create_person_canonical(con)
    con.execute(CONTACT_SUBJECTS)
    same = con.execute(PAIRS.format(op="=")).fetchall()
    near = con.execute(PAIRS.format(op="= 1 +") + " UNION ALL " + PAIRS.format(op="+ 1 =")).fetchall()
    entry_of = _clusters(same, _log_order(con, {cid for pair in same for cid in pair}))
    con.execute("DELETE FROM entry_members")
    con.execute("DELETE FROM near_matches")
    if entry_of:
        con.register(
            "_members", pa.table({"entry_id": list(entry_of.values()), "contact_id": list(entry_of)})
        )
        con.execute("INSERT INTO entry_members SELECT entry_id, contact_id FROM _members")
        con.unregister("_members")
    con.execute(
        "INSERT INTO entry_members SELECT id, id FROM contacts "
        "WHERE id NOT IN (SELECT contact_id FROM entry_members)"
    )
    flagged = {(entry_of.get(a, a), entry_of.get(b, b)) for a, b in near}
    pairs = sorted({(a, b) for a, b in flagged if a != b} | {(b, a) for a, b in flagged if a != b})
    if pairs:
        con.executemany("INSERT INTO near_matches VALUES (?, ?)", pairs)


def _log_order(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, int]:
    """Each contact's place in the event log: stored earlier first, then by id (one batch shares a time)."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT id FROM contacts WHERE id IN (SELECT unnest(?)) ORDER BY stored_at, id", [sorted(ids)]
    ).fetchall()
    return {str(row[0]): n for n, row in enumerate(rows)}


def _clusters(pairs: list[tuple[str, str]], order: dict[str, int]) -> dict[str, str]:
    """Union-find over matching pairs: the entry of each contact in a pair, named by its cluster's first
    contact in `order`."""
    parent: dict[str, str] = {}

    def root(cid: str) -> str:
        parent.setdefault(cid, cid)
        while parent[cid] != cid:
            parent[cid] = parent[parent[cid]]
            cid = parent[cid]
        return cid

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            first, later = sorted((ra, rb), key=lambda cid: (order.get(cid, len(order)), cid))
            parent[later] = first
    return {cid: root(cid) for cid in sorted(parent)}
