"""Reading the event log in pages of plain rows, for the read model's catch-up.

The library's `select_notifications` makes every row a `Notification` holding a `UUID`; a catch-up
after a large import reads a million rows and needs neither for most of them. On SQLite and
PostgreSQL a page is read here with the library's own query (the events after a position, in log
order), and each row is kept as it comes: position, originator id as text, version, topic and
state. Other recorders are read through `select_notifications`.
"""

from __future__ import annotations

import sqlite3
from typing import Any, cast

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

# position, originator id (text: hex digits on SQLite, with dashes on PostgreSQL), version, topic, state
LogRow = tuple[int, str, int, str, bytes]


def rows_after(recorder: ApplicationRecorder, start: int, limit: int) -> list[LogRow]:
    """Up to `limit` events after position `start`, in log order."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=False) as cursor:
            # The library hands over its sqlite3 cursor (typed as its wrapper); plain tuples, not sqlite3.Row.
            cast(sqlite3.Cursor, cursor).row_factory = None
            cursor.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (start, limit),
            )
            return cast(list[LogRow], cursor.fetchall())
    if type(recorder).__module__ == "eventsourcing.postgres":  # by module: SQLite stores never import psycopg
        return _postgres_rows(recorder, start, limit)
    return [
        (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
        for n in recorder.select_notifications(start, limit, inclusive_of_start=False)
    ]


def _postgres_rows(recorder: Any, start: int, limit: int) -> list[LogRow]:
    from eventsourcing.postgres import PostgresApplicationRecorder
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    postgres = cast(PostgresApplicationRecorder, recorder)
    query = SQL(
        "SELECT notification_id, originator_id::text, originator_version, topic, state FROM {}.{} "
        "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
    ).format(Identifier(postgres.datastore.schema), Identifier(postgres.events_table_name))
    with postgres.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cursor:
        cursor.execute(query, [start, limit], prepare=True)
        return [(r[0], r[1], r[2], r[3], bytes(r[4])) for r in cursor.fetchall()]
