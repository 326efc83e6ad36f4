"""Imported extracts as the read model holds them: which earlier extracts a new file revises,
and which of their contacts the new file no longer holds.

The contacts a revised extract holds are kept in a private DuckDB, not in Python objects:
an extract of a million rows costs 16 bytes a row there, and the rows it left out are
found with one anti-join.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

FETCH = 5000


@dataclass(frozen=True)
class EarlierExtract:
    id: str
    file: str
    imported_at: str


@dataclass(frozen=True)
class AbsentContact:
    """A contact an earlier extract held and the new one does not: where a person can find it."""

    id: uuid.UUID
    reference: str
    file: str
    sheet: str | None
    row: int


def earlier_extracts(
    con: duckdb.DuckDBPyConnection, agency: str, series: str, exclude: str
) -> list[EarlierExtract]:
    """The extracts of this agency and series imported before, oldest first (`exclude`: the new one)."""
    rows = con.execute(
        "SELECT id, any_value(file), min(imported_at) FROM extracts WHERE agency = ? AND series = ? AND id <> ? "
        "GROUP BY id ORDER BY 3",
        [agency, series, exclude],
    ).fetchall()
    return [EarlierExtract(r[0], r[1], f"{r[2]:%d/%m/%Y %H:%M}" if r[2] else "") for r in rows]


def series_of_file(con: duckdb.DuckDBPyConnection, agency: str, file: str) -> str | None:
    """The series of the extract of this agency last imported under this file name (with or without its suffix)."""
    wanted = file.strip().casefold()
    row = con.execute(
        "SELECT series FROM extracts WHERE agency = ? AND (lower(file) = ? OR lower(regexp_replace(file, '\\.[^.]*$', '')) = ?) "
        "ORDER BY imported_at DESC LIMIT 1",
        [agency, wanted, wanted],
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def imported_names(con: duckdb.DuckDBPyConnection, agency: str) -> list[tuple[str, str, str]]:
    """(file, profile, series) of every extract of the agency, latest first."""
    rows = con.execute(
        "SELECT file, profile, coalesce(series, '') FROM extracts WHERE agency = ? ORDER BY imported_at DESC",
        [agency],
    ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def imported_files(con: duckdb.DuckDBPyConnection, agency: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT file FROM extracts WHERE agency = ? ORDER BY 1", [agency]
        ).fetchall()
    ]


class Revision:
    """The contacts that earlier extracts of a series hold, against those the new extract is seen to hold.

    A snapshot of the earlier contacts is taken at the start (the read model is then let go, so other
    commands can use it while rows are read) into a private in-memory DuckDB, where the contacts seen
    are kept too: 16 bytes a row, found absent with one anti-join at the end.
    """

    def __init__(
        self, views: duckdb.DuckDBPyConnection, agency: str, earlier: Sequence[EarlierExtract]
    ) -> None:
        self.files = {e.id: e.file for e in earlier}
        self.con = duckdb.connect()
        self.con.execute(
            "CREATE TABLE held (id UUID, reference VARCHAR, extract_id VARCHAR, sheet VARCHAR, row INTEGER);"
            "CREATE TABLE present (id UUID); CREATE TABLE present_references (reference VARCHAR);"
        )
        reader = views.sql(
            "SELECT id, coalesce(reference, '') AS reference, extract_id, sheet, row FROM contacts "
            "WHERE agency = ? AND extract_id IN (SELECT unnest(?)) AND NOT no_longer_present",
            params=[agency, list(self.files)],
        ).to_arrow_reader(FETCH * 10)
        for batch in reader or ():
            self._append(
                "held", "SELECT CAST(id AS UUID), reference, extract_id, sheet, row FROM _rows", batch
            )

    def saw(self, ids: Iterable[uuid.UUID]) -> None:
        batch = pa.table({"id": pa.array([str(i) for i in ids], type=pa.string())})
        if batch.num_rows:
            self._append("present", "SELECT CAST(id AS UUID) FROM _rows", batch)

    def saw_references(self, references: Sequence[str]) -> None:
        """References of rows that were rejected: in the file though unreadable, so never flagged."""
        if references:
            self._append(
                "present_references", "SELECT reference FROM _rows", pa.table({"reference": list(references)})
            )

    def absent(self) -> Iterator[list[AbsentContact]]:
        """Batches of the earlier contacts that the new extract does not hold, in file and row order."""
        cursor = self.con.execute(
            "SELECT CAST(h.id AS VARCHAR), h.reference, h.extract_id, h.sheet, h.row FROM held h "
            "WHERE h.id NOT IN (SELECT id FROM present) "
            "AND (h.reference = '' OR h.reference NOT IN (SELECT reference FROM present_references)) "
            "ORDER BY h.extract_id, h.sheet, h.row"
        )
        while rows := cursor.fetchmany(FETCH):
            yield [AbsentContact(uuid.UUID(r[0]), r[1], self.files.get(r[2], ""), r[3], r[4]) for r in rows]

    def close(self) -> None:
        self.con.close()

    def _append(self, table: str, select: str, rows: pa.Table | pa.RecordBatch) -> None:
        self.con.register("_rows", rows)
        try:
            self.con.execute(f"INSERT INTO {table} {select}")
        finally:
            self.con.unregister("_rows")


def extract_versions(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Each extract's provenance by id (id, agency, file, sha256, profile, imported_by, imported_at), its last version."""
    cursor = con.execute(
        "SELECT id, agency, file, sha256, profile, imported_by, imported_at FROM extracts ORDER BY id, version"
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def extract_held(con: duckdb.DuckDBPyConnection, extract: str) -> bool:
    """Whether the read model holds this extract's record (the same file imported before, with the same profile)."""
    row = con.execute("SELECT count(*) FROM extracts WHERE id = ?", [extract]).fetchone()
    return bool(row and row[0])


def contacts_from_extract(con: duckdb.DuckDBPyConnection, extract: str) -> int:
    """How many contacts this extract's rows recorded (an import that stopped early recorded some)."""
    row = con.execute("SELECT count(*) FROM contacts WHERE extract_id = ?", [extract]).fetchone()
    return int(row[0]) if row else 0


def agency_holds_contacts(con: duckdb.DuckDBPyConnection, agency: str) -> bool:
    row = con.execute("SELECT count(*) FROM contacts WHERE agency = ?", [agency]).fetchone()
    return bool(row and row[0])


def imported_as_other_agency(
    con: duckdb.DuckDBPyConnection, sha256: str, agency: str
) -> tuple[str, str, datetime.datetime] | None:
    """(agency, file, imported at) of the first import of this file as another agency's records, if any of its
    contacts is not withdrawn."""
    row = con.execute(
        "SELECT e.agency, e.file, e.imported_at FROM extracts e WHERE e.sha256 = ? AND e.agency <> ? "
        "AND EXISTS (SELECT 1 FROM contacts c WHERE c.extract_id = e.id AND NOT c.withdrawn) "
        "ORDER BY e.imported_at LIMIT 1",
        [sha256, agency],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), row[2])


def extract_listing(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every import's last version, oldest first: its record, and how many contacts it holds and has withdrawn."""
    cursor = con.execute(
        """
        SELECT e.id, e.agency, e.file, e.sha256, e.profile, e.read, e.imported, e.rejected, e.imported_at,
               e.imported_by,
               (SELECT count(*) FROM contacts c WHERE c.extract_id = e.id) AS contacts,
               (SELECT count(*) FROM contacts c WHERE c.extract_id = e.id AND c.withdrawn) AS withdrawn
        FROM extracts e
        WHERE e.version = (SELECT max(version) FROM extracts f WHERE f.id = e.id)
        ORDER BY (SELECT min(imported_at) FROM extracts f WHERE f.id = e.id), e.id
        """
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def contacts_of_extract(con: duckdb.DuckDBPyConnection, extract: str) -> list[uuid.UUID]:
    """The ids of the contacts this extract's rows recorded, sorted."""
    rows = con.execute("SELECT id FROM contacts WHERE extract_id = ? ORDER BY id", [extract]).fetchall()
    return [uuid.UUID(r[0]) for r in rows]
