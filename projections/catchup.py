"""Keeps the DuckDB read model up to date with the event log.

The SQLite recorder cannot push notifications, so the read model pulls them in pages
(`store/log_pages.py`) and applies each page in one DuckDB transaction together
with the position it reached: a crash leaves the read model at a page boundary, never
half-way through one, and the next catch-up carries on from there. Nothing holds more
than a page: a catch-up after a million-row import takes no more memory than after a
thousand, but for the joint entries worked out at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import duckdb
from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.utils import get_topic

from jointchron.domain.contact import ContactContent, ContactRecorded, amend
from jointchron.projections.collector import collector_paused
from jointchron.projections.joint import rebuild_entries
from jointchron.projections.panel import PANEL_EVENTS, write_panel_events
from jointchron.projections.recorded_contacts import insert_recorded
from jointchron.projections.schema import (
    CONTACT_COLUMNS,
    DDL,
    PEOPLE_COLUMNS,
    RELATIONSHIP_COLUMNS,
    SCHEMA_VERSION,
    TABLES,
    arrow_table,
)
from jointchron.store.log_pages import LogRow, rows_after
from jointchron.store.mapper import PydanticMapper

PAGE_SIZE = 10_000
# DuckDB's memory while pages are folded in. Without a limit, the checkpoints that follow the pages'
# commits keep what they read and write, and a catch-up after a large import grows with the import.
# The joint entries are worked out afterwards without a limit: a large join may need more.
FOLDING_MEMORY = "128MB"
_RECORDED = get_topic(ContactRecorded)
TRACKER = "events"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Opens the read model, creating its tables; a file of an older schema is emptied to be rebuilt."""
    if path.is_file() and path.stat().st_size == 0:
        # The disk filled up as the read model was first made (its events are in PostgreSQL, so the import got
        # that far): the empty file holds nothing, and DuckDB refuses it. It is made afresh from the event log.
        path.unlink()
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    # DuckDB draws a progress bar on stdout for queries over two seconds: it would corrupt JSON output.
    con.execute("SET enable_progress_bar = false")
    con.execute(DDL)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None or row[0] != SCHEMA_VERSION:
        if row is not None:
            # Tables of an older schema may lack columns: drop them and create them afresh.
            for table in TABLES:
                con.execute(f"DROP TABLE IF EXISTS {table}")
            con.execute(DDL)
        clear(con)
    return con


def clear(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN")
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.execute("COMMIT")


def position(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT position FROM tracking WHERE name = ?", [TRACKER]).fetchone()
    return int(row[0]) if row else 0


def catch_up(
    con: duckdb.DuckDBPyConnection,
    recorder: ApplicationRecorder,
    mapper: PydanticMapper,
    page_size: int = PAGE_SIZE,
) -> int:
    """Applies every notification after the stored position; returns how many were applied."""
    with collector_paused():
        return _catch_up(con, recorder, mapper, page_size)


def _catch_up(
    con: duckdb.DuckDBPyConnection, recorder: ApplicationRecorder, mapper: PydanticMapper, page_size: int
) -> int:
    applied = 0
    changed = False
    with _memory_limited(con, FOLDING_MEMORY):
        while True:
            start = position(con)
            page = rows_after(recorder, start, page_size)
            if not page:
                break
            batch = _Page(con, mapper)
            con.execute("BEGIN")
            try:
                batch.apply(page)
                batch.write()
                con.execute("INSERT OR REPLACE INTO tracking VALUES (?, ?)", [TRACKER, page[-1][0]])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            applied += len(page)
            changed = changed or batch.touches_entries
    if changed or _entries_missing(con):
        con.execute("BEGIN")
        rebuild_entries(con)
        con.execute("COMMIT")
    return applied


@contextmanager
def _memory_limited(con: duckdb.DuckDBPyConnection, limit: str) -> Iterator[None]:
    """DuckDB's memory limited to `limit`, then back to its default (the read model sets no other)."""
    con.execute(f"SET memory_limit = '{limit}'")
    try:
        yield
    finally:
        con.execute("RESET memory_limit")


def _entries_missing(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT (SELECT count(*) FROM contacts) > 0 AND (SELECT count(*) FROM entry_members) = 0"
    ).fetchone()
    return bool(row and row[0])


class _Page:
    """One page of notifications folded into rows, written in one transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, mapper: PydanticMapper) -> None:
        self.con = con
        self.mapper = mapper
        self.contacts: dict[str, dict[str, Any]] = {}
        self.contacts_in_db: set[str] = set()
        self.people: dict[str, dict[str, Any]] = {}
        self.people_in_db: set[str] = set()
        self.relationships: list[dict[str, Any]] = []
        self.agencies: list[tuple[str, str, str]] = []
        self.extracts: list[tuple[Any, ...]] = []
        self.review: tuple[Any, ...] | None = None
        self.panel: list[tuple[int, str, dict[str, Any]]] = []
        self.redactions: dict[str, tuple[str, str, str]] = {}
        self.touches_entries = False

    def apply(self, page: Sequence[LogRow]) -> None:
        """Folds the page's events in log order, in the caller's transaction. Contacts recorded go to
        DuckDB first, in one statement: recording is the first event of a contact, so whatever follows
        it in the page finds its row."""
        rest = self._insert_recorded(page)
        decoded = [(n.topic.rpartition(":")[2], self.mapper.decode_state(n)) for n in rest]
        self._load_existing(decoded)
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "ContactRecorded": self._contact_recorded,
            "ContactAmended": self._contact_amended,
            "ContactWithdrawn": lambda s: self._contact_flag(s, "withdrawn", True),
            "ContactReinstated": lambda s: self._contact_flag(s, "withdrawn", False),
            "ContactNoLongerPresent": lambda s: self._contact_flag(s, "no_longer_present", True),
            "ContactReappeared": self._contact_reappeared,
            "PersonRegistered": self._person_registered,
            "PersonMerged": self._person_merged,
            "RelationshipRecorded": self._relationship_recorded,
            "AgencyRegistered": lambda s: self.agencies.append((s["code"], s["name"], s["sector"])),
            "ExtractImported": self._extract_imported,
            "ReviewOpened": self._review_opened,
            "RedactionAdded": lambda s: self.redactions.__setitem__(
                s["term"].casefold(), (s["term"], s["label"], s["by"])
            ),
        }
        for notification, (name, state) in zip(rest, decoded, strict=True):
            handler = handlers.get(name)
            if handler is not None:
                handler(state)
            elif name in PANEL_EVENTS:
                self.panel.append((notification.id, name, state))

    def _insert_recorded(self, page: Sequence[LogRow]) -> list[Notification]:
        """Inserts the contacts this page records (`recorded_contacts.py`); returns the other events."""
        ids, versions, states, rest = [], [], [], []
        bulk = self.mapper.at_first_version(_RECORDED)
        plain_json = self.mapper.plain_json
        for at, originator, version, topic, state in page:
            if bulk and topic == _RECORDED:
                ids.append(originator)
                versions.append(version)
                states.append(plain_json(state, originator, version))
            else:
                rest.append(Notification(id=at, originator_id=UUID(originator), originator_version=version,
                                         topic=topic, state=state))  # fmt: skip
        if ids:
            insert_recorded(self.con, ids, versions, states)
            self.touches_entries = True
        return rest

    def _load_existing(self, decoded: list[tuple[str, dict[str, Any]]]) -> None:
        """Fetches, in one query each, the rows that this page changes but did not create."""
        created = {
            str(s["originator_id"]) for name, s in decoded if name in ("ContactRecorded", "PersonRegistered")
        }
        contacts = {str(s["originator_id"]) for name, s in decoded if name.startswith("Contact")} - created
        people = {str(s["originator_id"]) for name, s in decoded if name == "PersonMerged"} - created
        for table, ids, target, held in (
            ("contacts", contacts, self.contacts, self.contacts_in_db),
            ("people", people, self.people, self.people_in_db),
        ):
            if not ids:
                continue
            cursor = self.con.execute(f"SELECT * FROM {table} WHERE id IN (SELECT unnest(?))", [sorted(ids)])
            names = [d[0] for d in cursor.description]
            for values in cursor.fetchall():
                row = {n: _plain(v) for n, v in zip(names, values, strict=True)}
                target[row["id"]] = row
                held.add(row["id"])

    def _contact_recorded(self, s: dict[str, Any]) -> None:
        content, source = s["content"], s["source"]
        cid = str(s["originator_id"])
        self.contacts[cid] = {
            "episode": "",  # events recorded before contacts had episodes
            **content,
            "id": cid,
            "extract_id": source["extract_id"],
            "file": source["file"],
            "sheet": source["sheet"],
            "row": source["row"],
            "row_hash": source["row_hash"],
            "version": s["originator_version"],
            "amended": False,
            "withdrawn": False,
            "no_longer_present": False,
            "stored_at": s["timestamp"],
        }
        self.touches_entries = True

    def _contact_amended(self, s: dict[str, Any]) -> None:
        row = self.contacts[str(s["originator_id"])]
        content = {name: row[name] for name in _CONTENT_FIELDS}
        content["episode"] = content["episode"] or ""
        row.update(amend(ContactContent.model_validate(content), s["changes"]).model_dump(mode="json"))
        row["version"] = s["originator_version"]
        row["amended"] = True
        if s.get("source"):
            _take_source(row, s["source"])
        self.touches_entries = True

    def _contact_reappeared(self, s: dict[str, Any]) -> None:
        row = self.contacts[str(s["originator_id"])]
        _take_source(row, s["source"])
        row["version"] = s["originator_version"]
        self.touches_entries = True

    def _contact_flag(self, s: dict[str, Any], flag: str, value: bool) -> None:
        row = self.contacts[str(s["originator_id"])]
        row[flag] = value
        row["version"] = s["originator_version"]
        self.touches_entries = True

    def _person_registered(self, s: dict[str, Any]) -> None:
        pid = str(s["originator_id"])
        self.people[pid] = {
            "id": pid,
            "source_id": s["source_id"],
            "pseudonym": s["pseudonym"],
            "role": s["role"],
            "names": s["names"],
            "dob": s["dob"],
            "identifiers": s["identifiers"],
            "confirmed": s["confirmed"],
            "merged_into": None,
        }
        self.touches_entries = True

    def _person_merged(self, s: dict[str, Any]) -> None:
        self.people[str(s["originator_id"])]["merged_into"] = str(s["into"])
        self.touches_entries = True

    def _relationship_recorded(self, s: dict[str, Any]) -> None:
        self.relationships.append(
            {
                **s,
                "id": str(s["originator_id"]),
                "from_person": str(s["from_person"]),
                "to_person": str(s["to_person"]),
            }
        )

    def _extract_imported(self, s: dict[str, Any]) -> None:
        c = s["counts"]
        self.extracts.append(
            (
                str(s["originator_id"]),
                s["originator_version"],
                s["agency"],
                s["file"],
                s["sha256"],
                s["profile"],
                c["read"],
                c["imported"],
                c["amended"],
                c["unchanged"],
                c["no_longer_present"],
                c["rejected"],
                c["unresolved_subjects"],
                s["by"],
                s["timestamp"],
                s.get("series") or "",
            )
        )

    def _review_opened(self, s: dict[str, Any]) -> None:
        self.review = (s["title"], s["jurisdiction"], s["period_start"], s["period_end"], s["timestamp"])

    def write(self) -> None:
        con = self.con
        if self.review is not None:
            con.execute("DELETE FROM review")
            con.execute("INSERT INTO review VALUES (?, ?, ?, ?, ?)", list(self.review))
        if self.agencies:
            con.executemany("INSERT OR REPLACE INTO agencies VALUES (?, ?, ?)", self.agencies)
        if self.extracts:
            con.executemany("INSERT INTO extracts VALUES (" + ", ".join("?" * 16) + ")", self.extracts)
        if self.redactions:
            con.execute(
                "DELETE FROM redactions WHERE lower(term) IN (SELECT unnest(?))", [list(self.redactions)]
            )
            con.executemany("INSERT INTO redactions VALUES (?, ?, ?)", list(self.redactions.values()))
        for table, rows, held, columns in (
            ("contacts", self.contacts, self.contacts_in_db, CONTACT_COLUMNS),
            ("people", self.people, self.people_in_db, PEOPLE_COLUMNS),
        ):
            if held:
                con.execute(f"DELETE FROM {table} WHERE id IN (SELECT unnest(?))", [sorted(held)])
            if rows:
                _append(con, table, arrow_table(list(rows.values()), columns))
        if self.relationships:
            _append(con, "relationships", arrow_table(self.relationships, RELATIONSHIP_COLUMNS))
        if self.panel:
            write_panel_events(con, self.panel)


_CONTENT_FIELDS = (
    "agency",
    "date",
    "end_date",
    "precision",
    "time",
    "recorded",
    "kind",
    "tags",
    "subjects",
    "participants",
    "recipients",
    "sender",
    "summary",
    "detail",
    "practitioner",
    "reference",
    "outcome",
    "episode",
)


def _take_source(row: dict[str, Any], source: dict[str, Any]) -> None:
    """The contact now comes from this extract's row, so it is present again."""
    row.update(extract_id=source["extract_id"], file=source["file"], sheet=source["sheet"], row=source["row"],
               row_hash=source["row_hash"], no_longer_present=False)  # fmt: skip


def _append(con: duckdb.DuckDBPyConnection, table: str, rows: Any) -> None:
    # DuckDB casts the Arrow text columns to the table's DATE/TIMESTAMP types on insert.
    con.register("_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def _plain(value: Any) -> Any:
    """A value read back from DuckDB in the JSON form events use (dates as ISO text)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
