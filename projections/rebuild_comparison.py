"""The read model held beside a store compared, table by table and row by row, with a fresh rebuild.

`jointchron verify` rebuilds the read models from the event log into a DuckDB file of its own and
asks here how the two differ: `EXCEPT ALL` both ways, so duplicated rows count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

# Columns that name a row, in the order one is looked for to give an example of a difference.
_KEYS = ("id", "entry_id", "contact_id", "name", "key", "code")


@dataclass(frozen=True)
class TableComparison:
    """One table a rebuild makes, and how the store's copy of it compares."""

    table: str
    state: Literal["same", "missing", "columns differ", "rows differ"]
    only_held: int = 0  # rows in the store's copy that the rebuild lacks
    only_rebuilt: int = 0
    key: str | None = None  # the column naming `example`, when the table has one
    example: object = None  # the smallest value of `key` among the rows that differ


@dataclass
class RebuildComparison:
    tables: list[TableComparison] = field(default_factory=list)  # by name, every table a rebuild makes
    not_rebuilt: list[str] = field(
        default_factory=list
    )  # tables the store holds that a rebuild does not make


def compare_with_rebuild(views: duckdb.DuckDBPyConnection, rebuilt_path: Path) -> RebuildComparison:
    """How the tables of `views` differ from those of the rebuilt read model in `rebuilt_path`."""
    row = views.execute("SELECT current_database()").fetchone()
    assert row is not None
    mine = str(row[0])
    views.execute(f"ATTACH '{rebuilt_path.as_posix()}' AS rebuilt (READ_ONLY)")
    try:
        held, rebuilt = _tables(views, mine), _tables(views, "rebuilt")
        result = RebuildComparison(not_rebuilt=sorted(held.keys() - rebuilt.keys()))
        for table in sorted(rebuilt):
            if table not in held:
                result.tables.append(TableComparison(table, "missing"))
            elif held[table] != rebuilt[table]:
                result.tables.append(TableComparison(table, "columns differ"))
            else:
                result.tables.append(
                    _rows_compared(
                        views, f'"{mine}".main."{table}"', f'rebuilt.main."{table}"', table, held[table]
                    )
                )
        return result
    finally:
        views.execute("DETACH rebuilt")


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main' "
        "AND NOT internal ORDER BY table_name, column_index",
        [database],
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def _rows_compared(
    con: duckdb.DuckDBPyConnection, held: str, rebuilt: str, table: str, columns: list[str]
) -> TableComparison:
    only_held = _count(con, f"SELECT * FROM {held} EXCEPT ALL SELECT * FROM {rebuilt}")
    only_rebuilt = _count(con, f"SELECT * FROM {rebuilt} EXCEPT ALL SELECT * FROM {held}")
    if not only_held and not only_rebuilt:
        return TableComparison(table, "same")
    key = next((c for c in _KEYS if c in columns), None)
    first = None
    if key is not None:
        first = con.execute(
            f'SELECT "{key}" FROM ((SELECT * FROM {held} EXCEPT ALL SELECT * FROM {rebuilt}) UNION ALL '
            f"(SELECT * FROM {rebuilt} EXCEPT ALL SELECT * FROM {held})) ORDER BY 1 LIMIT 1"
        ).fetchone()
    if first is None:
        return TableComparison(table, "rows differ", only_held, only_rebuilt)
    return TableComparison(table, "rows differ", only_held, only_rebuilt, key, first[0])


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int:
    row = con.execute(f"SELECT count(*) FROM ({query})").fetchone()
    return int(row[0]) if row else 0
