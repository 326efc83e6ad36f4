"""Reading many aggregates' events at once: one query per batch, not one per id.

An import looks up every row's contact to tell new rows from amended and unchanged ones; on
SQLite and PostgreSQL that is one query per batch of ids. Other recorders fall back to the
library's one-aggregate-at-a-time reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder


def latest_versions(recorder: AggregateRecorder, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """The current version of each id the store holds."""
    versions: dict[uuid.UUID, int] = {}
    if isinstance(recorder, SQLiteAggregateRecorder):
        for row in _sqlite_rows(
            recorder, ids, "originator_id, MAX(originator_version)", "GROUP BY originator_id"
        ):
            versions[uuid.UUID(row[0])] = row[1]
        return versions
    if _is_postgres(recorder):
        rows = _postgres_rows(
            recorder, ids, "originator_id, MAX(originator_version)", "GROUP BY originator_id"
        )
        return {row[0]: row[1] for row in rows}
    for aggregate in dict.fromkeys(ids):
        last = recorder.select_events(aggregate, desc=True, limit=1)
        if last:
            versions[aggregate] = last[0].originator_version
    return versions


def stored_events(recorder: AggregateRecorder, ids: Sequence[uuid.UUID]) -> list[StoredEvent]:
    """Every stored event of the given aggregates, in version order per aggregate."""
    if isinstance(recorder, SQLiteAggregateRecorder):
        rows = _sqlite_rows(
            recorder,
            ids,
            "originator_id, originator_version, topic, state",
            "ORDER BY originator_id, originator_version",
        )
        return [
            StoredEvent(originator_id=uuid.UUID(r[0]), originator_version=r[1], topic=r[2], state=r[3])
            for r in rows
        ]
    if _is_postgres(recorder):
        rows = _postgres_rows(
            recorder,
            ids,
            "originator_id, originator_version, topic, state",
            "ORDER BY originator_id, originator_version",
        )
        return [
            StoredEvent(originator_id=r[0], originator_version=r[1], topic=r[2], state=bytes(r[3]))
            for r in rows
        ]
    return [s for aggregate in dict.fromkeys(ids) for s in recorder.select_events(aggregate)]


def _sqlite_rows(recorder: AggregateRecorder, ids: Sequence[uuid.UUID], columns: str, tail: str) -> list[Any]:
    # One query per 900 ids (SQLite's bound-parameter limit) instead of one per id: a revised
    # extract of 100,000 rows looks up every row's contact.
    sqlite = cast(SQLiteAggregateRecorder, recorder)
    unique = list(dict.fromkeys(i.hex for i in ids))
    rows: list[Any] = []
    with sqlite.datastore.transaction(commit=False) as cursor:
        for start in range(0, len(unique), 900):
            chunk = unique[start : start + 900]
            cursor.execute(
                f"SELECT {columns} FROM {sqlite.events_table_name} "
                f"WHERE originator_id IN ({','.join('?' * len(chunk))}) {tail}",
                chunk,
            )
            rows += cursor.fetchall()
    return rows


def _postgres_rows(
    recorder: AggregateRecorder, ids: Sequence[uuid.UUID], columns: str, tail: str
) -> list[tuple[Any, ...]]:
    # One query for the whole batch: `= ANY(array)` has no bound-parameter limit.
    from eventsourcing.postgres import PostgresAggregateRecorder
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    postgres = cast(PostgresAggregateRecorder, recorder)
    unique = list(dict.fromkeys(ids))
    if not unique:
        return []
    query = SQL("SELECT {} FROM {}.{} WHERE originator_id = ANY(%s) {}").format(
        SQL(columns),  # our own constant text, never input
        Identifier(postgres.datastore.schema),
        Identifier(postgres.events_table_name),
        SQL(tail),
    )
    with postgres.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cursor:
        cursor.execute(query, [unique])
        return cursor.fetchall()


def _is_postgres(recorder: object) -> bool:
    # Checked by module so that SQLite stores never import psycopg.
    return type(recorder).__module__ == "eventsourcing.postgres"
