"""The DuckDB read model's tables. Every table is rebuilt from the event log alone."""

from __future__ import annotations

import hashlib

import pyarrow as pa

# Bumped by hand when the rows' meaning changes; the tables' own definition (DDL) is part of the version
# too, so that two changes made apart, each bumping to the same number, still rebuild a read model
# made by either one alone.
SCHEMA_REVISION = "4"

# contacts.id and entry_members.contact_id are keys but hold no PRIMARY KEY: DuckDB keeps such an index
# (an ART) pinned in memory, growing with the review, so a catch-up could not stay within a memory limit.
# Each contact is written once per catch-up (tests/integration/test_catch_up_chunks.py).
DDL = """
CREATE TABLE IF NOT EXISTS tracking (name VARCHAR PRIMARY KEY, position BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS review (
    title VARCHAR, jurisdiction VARCHAR, period_start DATE, period_end DATE, opened_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS agencies (code VARCHAR PRIMARY KEY, name VARCHAR, sector VARCHAR);
CREATE TABLE IF NOT EXISTS people (
    id VARCHAR PRIMARY KEY, source_id VARCHAR, pseudonym VARCHAR, role VARCHAR, names VARCHAR[],
    dob DATE, identifiers VARCHAR[], confirmed BOOLEAN, merged_into VARCHAR);
CREATE TABLE IF NOT EXISTS relationships (
    id VARCHAR PRIMARY KEY, from_person VARCHAR, relation VARCHAR, to_person VARCHAR,
    from_date DATE, to_date DATE, source VARCHAR, note VARCHAR);
CREATE TABLE IF NOT EXISTS extracts (
    id VARCHAR, version INTEGER, agency VARCHAR, file VARCHAR, sha256 VARCHAR, profile VARCHAR,
    read INTEGER, imported INTEGER, amended INTEGER, unchanged INTEGER, no_longer_present INTEGER,
    rejected INTEGER, unresolved_subjects INTEGER, imported_by VARCHAR, imported_at TIMESTAMPTZ,
    series VARCHAR);
CREATE TABLE IF NOT EXISTS contacts (
    id VARCHAR, agency VARCHAR NOT NULL, date DATE NOT NULL, end_date DATE,
    precision VARCHAR NOT NULL, time VARCHAR, recorded DATE, kind VARCHAR NOT NULL, tags VARCHAR[],
    subjects VARCHAR[], participants VARCHAR[], recipients VARCHAR[], sender VARCHAR, summary VARCHAR,
    detail VARCHAR, practitioner VARCHAR, reference VARCHAR, outcome VARCHAR, extract_id VARCHAR,
    file VARCHAR, sheet VARCHAR, row INTEGER, row_hash VARCHAR, version INTEGER, amended BOOLEAN,
    withdrawn BOOLEAN, no_longer_present BOOLEAN, stored_at TIMESTAMPTZ, episode VARCHAR);
CREATE TABLE IF NOT EXISTS entry_members (entry_id VARCHAR, contact_id VARCHAR);
CREATE TABLE IF NOT EXISTS near_matches (entry_id VARCHAR, other_entry_id VARCHAR);
CREATE TABLE IF NOT EXISTS panel_events (
    position BIGINT PRIMARY KEY, originator_id VARCHAR, version INTEGER, event VARCHAR, state VARCHAR);
CREATE TABLE IF NOT EXISTS redactions (term VARCHAR PRIMARY KEY, label VARCHAR, added_by VARCHAR);
"""


def schema_version(revision: str, ddl: str) -> str:
    """The read model's version: the revision and a digest of the tables' definition."""
    return f"{revision}:{hashlib.sha256(' '.join(ddl.split()).encode()).hexdigest()[:12]}"


SCHEMA_VERSION = schema_version(SCHEMA_REVISION, DDL)

TABLES = (
    "tracking",
    "meta",
    "review",
    "agencies",
    "people",
    "relationships",
    "extracts",
    "contacts",
    "entry_members",
    "near_matches",
    "panel_events",
    "redactions",
)

_LIST = pa.list_(pa.string())

# Rows are appended as Arrow tables with explicit types (an empty list must still be a list of text).
CONTACT_COLUMNS: dict[str, pa.DataType] = {
    "id": pa.string(),
    "agency": pa.string(),
    "date": pa.string(),
    "end_date": pa.string(),
    "precision": pa.string(),
    "time": pa.string(),
    "recorded": pa.string(),
    "kind": pa.string(),
    "tags": _LIST,
    "subjects": _LIST,
    "participants": _LIST,
    "recipients": _LIST,
    "sender": pa.string(),
    "summary": pa.string(),
    "detail": pa.string(),
    "practitioner": pa.string(),
    "reference": pa.string(),
    "outcome": pa.string(),
    "episode": pa.string(),
    "extract_id": pa.string(),
    "file": pa.string(),
    "sheet": pa.string(),
    "row": pa.int32(),
    "row_hash": pa.string(),
    "version": pa.int32(),
    "amended": pa.bool_(),
    "withdrawn": pa.bool_(),
    "no_longer_present": pa.bool_(),
    "stored_at": pa.string(),
}

PEOPLE_COLUMNS: dict[str, pa.DataType] = {
    "id": pa.string(),
    "source_id": pa.string(),
    "pseudonym": pa.string(),
    "role": pa.string(),
    "names": _LIST,
    "dob": pa.string(),
    "identifiers": _LIST,
    "confirmed": pa.bool_(),
    "merged_into": pa.string(),
}

RELATIONSHIP_COLUMNS: dict[str, pa.DataType] = {
    "id": pa.string(),
    "from_person": pa.string(),
    "relation": pa.string(),
    "to_person": pa.string(),
    "from_date": pa.string(),
    "to_date": pa.string(),
    "source": pa.string(),
    "note": pa.string(),
}


def arrow_table(rows: list[dict[str, object]], columns: dict[str, pa.DataType]) -> pa.Table:
    """An Arrow table of `rows` with the given column types, built column by column."""
    return pa.table(
        {name: pa.array([row.get(name) for row in rows], type=kind) for name, kind in columns.items()}
    )
