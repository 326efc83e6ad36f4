"""`jointchron verify`: the read models and the extract files checked against the event log.

1. `views.duckdb` is caught up as every command does, then every table it shares with a fresh
   rebuild from the event log (in a temporary DuckDB file) is compared row for row, in both
   directions (`EXCEPT ALL`, so duplicates count). A table that the rebuild makes and the store's
   views lack is a problem; a table only the store's views hold (a cache some command keeps) is
   listed as not checked.
2. Every `ExtractImported` event's SHA-256 is checked against the file at the path it was read
   from, when the event records the path and the file is still there; a file that has gone is
   not a problem (extracts are often moved to secure storage), nor is one saved over by a revised
   extract that was imported from the same path afterwards; a file that changed otherwise is.
3. Every extract's events, as the log holds them now, are counted and digested and compared with what
   its import recorded (jointchron/store/extract_digest.py): an event deleted or altered behind
   jointchron's back (with sqlite3, say) names its extract, even after `rebuild` or with no views at all.
   Events of an extract whose import never finished (it was interrupted) are a problem too: importing
   the file again finishes it.

The rebuild is made inside the store's own folder (0700, beside `views.duckdb`, which holds the same
text), never in the system's temporary folder, and removed when verify ends, is interrupted or is
terminated (SIGTERM, SIGHUP); one left by a verify killed outright (SIGKILL) is removed by the next
command that opens the store.
"""

from __future__ import annotations

import os
import shutil
import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import cast

import duckdb
from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.utils import get_topic

from jointchron.domain.extract import ExtractImported
from jointchron.projections import catchup
from jointchron.projections.chronology import pseudonymiser
from jointchron.projections.rebuild_comparison import compare_with_rebuild
from jointchron.service.extract_import import sha256_of
from jointchron.service.review_store import Store
from jointchron.store.extract_digest import extract_digests, first_files
from jointchron.store.mapper import PydanticMapper
from jointchron.store.private import VERIFY_FOLDER, private_folder, remove_stale

PAGE = 1000


@dataclass
class Verification:
    events: int = 0
    tables_checked: list[str] = field(default_factory=list)
    tables_not_checked: list[str] = field(default_factory=list)
    extracts_checked: int = 0
    extracts_absent: int = 0
    extracts_without_path: int = 0
    extracts_superseded: int = 0
    logs_checked: int = 0
    logs_without_digest: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        tables = f"{len(self.tables_checked)} read-model tables match a rebuild from {self.events} events"
        files = f"{self.extracts_checked} extract files match their recorded SHA-256"
        logs = f"the events of {self.logs_checked} extracts match what their imports recorded"
        notes = []
        if self.logs_without_digest:
            notes.append(f"{self.logs_without_digest} extracts imported before their events were digested")
        if self.extracts_absent:
            notes.append(f"{self.extracts_absent} no longer at the path they were imported from")
        if self.extracts_superseded:
            notes.append(
                f"{self.extracts_superseded} since replaced at their path by a later imported extract"
            )
        if self.extracts_without_path:
            notes.append(f"{self.extracts_without_path} imported before paths were recorded")
        if self.tables_not_checked:
            notes.append(f"not rebuilt from events, so not compared: {', '.join(self.tables_not_checked)}")
        return f"{tables}; {files}; {logs}" + (f" ({'; '.join(notes)})" if notes else "")


def verify(store: Store) -> Verification:
    result = Verification()
    views = store.views()  # caught up, as every command sees it
    recorder = store.app.recorder
    with rebuild_folder(store.path) as folder:
        fresh_path = folder / "rebuilt.duckdb"
        fresh = catchup.connect(fresh_path)
        try:
            result.events = catchup.catch_up(fresh, recorder, store.app.mapper)  # type: ignore[arg-type]
        finally:
            fresh.close()
        _compare(views, fresh_path, result)
    events = _extract_events(store, recorder)
    _check_files(events, result)
    _check_logs(store, recorder, events, result)
    return result


@contextmanager
def rebuild_folder(store: Path) -> Iterator[Path]:
    """A private folder in the store for the rebuild, removed however verify ends (but SIGKILL)."""
    remove_stale(store)
    folder = store / f"{VERIFY_FOLDER}{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    private_folder(folder)

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)  # unwinds through the `finally` below

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for number, handler in previous.items():
            signal.signal(number, handler)


def _compare(views: duckdb.DuckDBPyConnection, fresh_path: Path, result: Verification) -> None:
    compared = compare_with_rebuild(views, fresh_path)
    result.tables_not_checked.extend(compared.not_rebuilt)
    for table in compared.tables:
        if table.state == "missing":
            result.problems.append(
                f"table {table.table}: missing from views.duckdb; run `jointchron rebuild`"
            )
            continue
        if table.state == "columns differ":
            result.problems.append(
                f"table {table.table}: its columns differ from a rebuild; run `jointchron rebuild`"
            )
            continue
        result.tables_checked.append(table.table)
        if table.state == "rows differ":
            example = f", e.g. {table.key} {table.example}" if table.key is not None else ""
            result.problems.append(
                f"table {table.table}: {table.only_held} rows only in views.duckdb, {table.only_rebuilt} only in "
                f"a rebuild from the events{example}; run `jointchron rebuild` to replace the read models"
            )


def _extract_events(store: Store, recorder: ApplicationRecorder) -> list[ExtractImported]:
    topic = get_topic(ExtractImported)
    events: list[ExtractImported] = []
    start = 0
    while page := recorder.select_notifications(start, PAGE, topics=[topic], inclusive_of_start=False):
        start = page[-1].id
        events += [cast(ExtractImported, store.app.mapper.to_domain_event(n)) for n in page]
    return events


def _check_logs(store: Store, recorder: ApplicationRecorder, events: list[ExtractImported],
                result: Verification) -> None:  # fmt: skip
    """Each extract's events in the log against the count and digest its import recorded."""
    mapper = cast(PydanticMapper, store.app.mapper)
    held = extract_digests(recorder, mapper)
    recorded: dict[uuid.UUID, ExtractImported] = {}
    for event in events:  # the latest import record of each extract
        recorded[event.originator_id] = event
    shown = pseudonymiser(store.views()).text  # a file name can hold a name
    for eid, event in recorded.items():
        if event.digest is None or event.events is None:
            result.logs_without_digest += 1
            continue
        found = held.get(eid)
        count, digest = (found.count, found.hexdigest()) if found else (0, "")
        when = event.timestamp.strftime("%d/%m/%Y %H:%M")
        name = f"extract {shown(event.file)} ({event.agency}, imported {when})"
        if count < event.events:
            result.problems.append(f"{name}: {event.events - count} of the {event.events} events its import wrote "
                                   "are missing from the event log; restore the event log from a backup")  # fmt: skip
        elif count > event.events:
            result.problems.append(f"{name}: the event log holds {count - event.events} more events from it than "
                                   "its import wrote; restore the event log from a backup")  # fmt: skip
        elif digest != event.digest:
            result.problems.append(f"{name}: events its import wrote were changed in the event log since; "
                                   "restore the event log from a backup")  # fmt: skip
        else:
            result.logs_checked += 1
    unfinished = set(held) - set(recorded)
    files = first_files(recorder, mapper, unfinished) if unfinished else {}
    for eid in sorted(unfinished):
        result.problems.append(
            f"extract {shown(files.get(eid, '')) or eid}: the event log holds {held[eid].count} events from it "
            "but no record that its import finished (it was interrupted, or that record was deleted); import "
            "the file again to finish it"
        )


def _check_files(events: list[ExtractImported], result: Verification) -> None:
    by_path: dict[str, list[ExtractImported]] = {}
    for event in events:
        if event.path:
            by_path.setdefault(event.path, []).append(event)
        else:
            result.extracts_without_path += 1
    for name, imported in by_path.items():
        path = Path(name)
        if not path.is_file():
            result.extracts_absent += len(imported)
            continue
        actual = sha256_of(path)
        for i, event in enumerate(imported):
            if actual == event.sha256:
                result.extracts_checked += 1
            elif any(later.sha256 == actual for later in imported[i + 1 :]):
                # A revised extract saved over this one and imported: the file moved on, with the log.
                result.extracts_superseded += 1
            else:
                when = event.timestamp.strftime("%d/%m/%Y %H:%M")
                result.problems.append(
                    f"extract {event.file} ({event.agency}, imported {when}): {path} has changed since it was "
                    f"imported (SHA-256 {event.sha256[:12]}… recorded, {actual[:12]}… now); re-import it or "
                    "restore the original"
                )
