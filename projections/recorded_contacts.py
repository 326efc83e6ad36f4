"""Contacts recorded, folded into the read model by DuckDB straight from the events' JSON text.

A catch-up after an import holds a million `ContactRecorded` events and little else. Each becomes
one row of `contacts` with nothing to fold: its content and source, version 1, and no flags. So
the catch-up hands their JSON text to DuckDB, which parses it (`from_json`) and inserts the rows in
one statement, instead of Python decoding each event into a dict and building the row from it.
The rows are the ones `catchup._Page` builds for the same events, value for value: a field the
event does not hold is NULL, except `episode`, which events written before contacts had episodes
lack and which reads as "" (as the Python fold reads it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from jointchron.projections.schema import CONTACT_COLUMNS

# The event's content and source fields: the contacts columns of those names.
CONTENT = ("agency", "date", "end_date", "precision", "time", "recorded", "kind", "tags", "subjects",
           "participants", "recipients", "sender", "summary", "detail", "practitioner", "reference", "outcome",
           "episode")  # fmt: skip
SOURCE = ("extract_id", "file", "sheet", "row", "row_hash")

_TYPES = {pa.string(): "VARCHAR", pa.list_(pa.string()): "VARCHAR[]", pa.int32(): "INTEGER"}
_STRUCTURE = json.dumps(
    {
        "timestamp": "VARCHAR",
        "content": {name: _TYPES[CONTACT_COLUMNS[name]] for name in CONTENT},
        "source": {name: _TYPES[CONTACT_COLUMNS[name]] for name in SOURCE},
    }
)
_EPISODE = (
    "CASE WHEN e.j.content.episode IS NOT NULL THEN e.j.content.episode "
    "WHEN json_exists(e.state, '$.content.episode') THEN NULL ELSE '' END"
)
_COLUMNS = ", ".join(
    [f"e.j.content.{name} AS {name}" for name in CONTENT if name != "episode"]
    + [f"{_EPISODE} AS episode"]
    + [f"e.j.source.{name} AS {name}" for name in SOURCE]
)
INSERT = f"""
INSERT INTO contacts BY NAME
SELECT CAST(CAST(e.id AS UUID) AS VARCHAR) AS id, e.version, {_COLUMNS}, false AS amended, false AS withdrawn, false AS no_longer_present,
       e.j.timestamp AS stored_at
FROM (SELECT id, version, state, from_json(state, '{_STRUCTURE}') AS j FROM _recorded) e
"""


def insert_recorded(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str], versions: Sequence[int], states: Sequence[bytes]
) -> None:
    """Inserts the contacts of `ContactRecorded` events (their ids as text, hex digits or with dashes;
    their versions and stored JSON), in the caller's transaction."""
    rows = pa.table(
        {
            "id": pa.array(ids, type=pa.string()),
            "version": pa.array(versions, type=pa.int32()),
            # Arrow checks that the text is UTF-8, as json.loads would.
            "state": pa.array(states, type=pa.binary()).cast(pa.string()),
        }
    )
    con.register("_recorded", rows)
    try:
        con.execute(INSERT)
    finally:
        con.unregister("_recorded")
