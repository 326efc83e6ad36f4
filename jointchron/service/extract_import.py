"""One run of `jointchron import`: read the file, map its rows, resolve subjects, record in batches."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Generator
from contextlib import closing
from pathlib import Path
from typing import Any, Protocol

import duckdb

from jointchron.domain.agencies import AgencyBook
from jointchron.domain.drafts import ContactDraft, PersonDraft
from jointchron.domain.extract import ImportCounts, extract_id, series_of
from jointchron.importers.chunks import RowChunk, read_chunks
from jointchron.importers.contradictions import RecordChecks
from jointchron.importers.errors import FileError, MappingError
from jointchron.importers.mapping import Mapping
from jointchron.importers.report import Change, ImportReport
from jointchron.importers.sheets import check_layout
from jointchron.importers.subjects import ExtractSubjects
from jointchron.projections.collector import collector_paused
from jointchron.projections.extracts import (
    Revision,
    agency_holds_contacts,
    contacts_from_extract,
    earlier_extracts,
    extract_held,
    imported_as_other_agency,
    imported_files,
    imported_names,
    series_of_file,
)
from jointchron.projections.people import register
from jointchron.service.agencies import book_of
from jointchron.service.application import ReviewApplication
from jointchron.service.conflicts import ConcurrentWrite
from jointchron.service.contact_commands import BatchOutcome
from jointchron.service.event_access import BatchRecorder
from jointchron.store.extract_digest import EventDigest, extract_digests


class ImportSite(Protocol):
    """What an import needs of the store it imports into (jointchron/service/review_store.py `Store`)."""

    @property
    def app(self) -> ReviewApplication: ...

    def views(self) -> duckdb.DuckDBPyConnection: ...

    def release_views(self) -> None: ...

    def report_file(self, folder: str, file: Path) -> Path: ...


# Rows saved per transaction; JOINTCHRON_BATCH_SIZE lets the crash-safety test use small batches.
_BATCH_SETTING = os.environ.get("JOINTCHRON_BATCH_SIZE", "")
# SQLite: each commit rewrites every page of the event log's id index that its rows touch, and ids are
# random, so at a million rows 5,000-row batches store 2.2x slower than 20,000-row ones. PostgreSQL:
# `eventsourcing` sends a batch as one parameter, and psycopg was seen to hang on one of 14,000 events.
SQLITE_BATCH_SIZE, BATCH_SIZE = 20_000, 5_000


def batch_size(recorder: object) -> int:
    """Rows an import saves per transaction into this recorder's event log."""
    if _BATCH_SETTING.isdigit():
        return max(1, int(_BATCH_SETTING))
    return SQLITE_BATCH_SIZE if isinstance(recorder, BatchRecorder) else BATCH_SIZE


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class ExtractImport:
    """One run of an extract import: reads, maps, resolves subjects and records in batches."""

    def __init__(self, store: ImportSite, file: Path, code: str, mapping: Mapping, dry_run: bool, by: str,
                 revises: str | None = None, progress: Callable[[int], None] | None = None) -> None:  # fmt: skip
        self.store, self.file, self.code, self.mapping, self.dry_run, self.by = (
            store,
            file,
            code,
            mapping,
            dry_run,
            by,
        )
        self.revises, self.progress = revises, progress
        self.app = store.app
        self.report = ImportReport(file=file.name, agency=code, dry_run=dry_run, skipped=dict(mapping.skips))
        self.report.stream_to(store.report_file("rejects", file), store.report_file("changes", file))
        self.subjects = ExtractSubjects(register(store.views()), mapping.subject_role)
        self.new_people: list[PersonDraft] = []
        # Agency codes named by rows read since the last batch was recorded, to register before it.
        self.named_agencies: list[str] = []
        # Set when earlier extracts of the same series exist: what they hold, against what this one holds.
        self.revision: Revision | None = None
        self.rejected_references: list[str] = []
        self.series = ""
        self.recorded: set[int] | None = None
        self.book = AgencyBook()
        self.without_subjects = 0
        # What this run writes, for the extract's tamper evidence (jointchron/store/extract_digest.py).
        self.digest = EventDigest()
        self.resumed = False
        self.checks = RecordChecks()

    def execute(self) -> ImportReport:
        try:
            with collector_paused():
                return self._execute()
        finally:
            self.report.close()
            if self.revision is not None:
                self.revision.close()

    def _execute(self) -> ImportReport:
        sha = sha256_of(self.file)
        eid = extract_id(self.code, sha, self.mapping.name)
        views = self.store.views()
        # Everything that would make the whole import wrong is refused before a row is read.
        self.book = book_of(views)
        self._check_agencies()
        self._check_not_held_elsewhere(views, sha)
        check_layout(self.file, self.mapping)
        self.report.already_imported = extract_held(views, str(eid))
        if not self.report.already_imported:
            # An earlier run of this import stopped before it finished: its events count for the extract too.
            self.resumed = contacts_from_extract(views, str(eid)) > 0
        # The read model has just caught up: when it holds no contact of this agency, rows need no lookup
        # in the store, except those the file repeats (`record_contacts`' `recorded`).
        self.recorded = None if agency_holds_contacts(views, self.code) else set()
        self.series = self._series(views)
        earlier = earlier_extracts(views, self.code, self.series, exclude=str(eid))
        if earlier and not self.report.already_imported:
            self.report.revises = [f"{e.file} (imported {e.imported_at})" for e in earlier]
            self.revision = Revision(views, self.code, earlier)
        # Not needed while rows are read and saved (a revision works on its own snapshot); other commands may use it.
        self.store.release_views()
        counts = {"read": 0, "imported": 0, "amended": 0, "unchanged": 0, "no_longer_present": 0}
        batch: list[ContactDraft] = []
        limit = batch_size(self.app.recorder)
        with closing(self._chunks()) as chunks:
            for chunk in chunks:
                self._take(chunk)
                batch += chunk.drafts
                while len(batch) >= limit:
                    self._record(batch[:limit], eid, counts)
                    batch = batch[limit:]
                counts["read"] = chunk.read
                if self.progress is not None:
                    self.progress(chunk.read)
        self._record(batch, eid, counts)
        self.report.data_problems += self.checks.finish()
        self._flag_absent(eid, counts)
        self.report.counts = ImportCounts(
            read=counts["read"], imported=counts["imported"], amended=counts["amended"],
            unchanged=counts["unchanged"], no_longer_present=counts["no_longer_present"],
            rejected=self.report.rejected_rows, unresolved_subjects=len(self.report.unresolved),
            without_subjects=self.without_subjects,
        )  # fmt: skip
        if not self.dry_run and not self.report.already_imported:
            digest = self.digest
            if self.resumed:
                digest = extract_digests(self.app.recorder, self.app.mapper).get(eid, digest)  # type: ignore[arg-type]
            self.app.record_extract(
                self.code, self.file.name, sha, self.mapping.name, self.report.counts, self.by,
                path=str(self.file.resolve()), series=self.series, digest=digest,
            )  # fmt: skip
        return self.report

    def _chunks(self) -> Generator[RowChunk, None, None]:
        """The file's rows, mapped a chunk at a time (JOINTCHRON_MAPPER=rows: every row by the row mapper)."""
        by_columns = os.environ.get("JOINTCHRON_MAPPER", "columns") != "rows"
        return read_chunks(
            self.file, self.mapping, self.code, self.subjects, agencies=self.book, by_columns=by_columns
        )

    def _take(self, chunk: RowChunk) -> None:
        """Notes what a chunk found besides its drafts: rejected rows, new people, agencies named."""
        for rejection in chunk.rejections:
            self.report.reject(rejection)
        if self.revision is not None:
            self.rejected_references += chunk.rejected_references
        self.new_people += chunk.people
        self.report.unresolved.update(chunk.suggestions)
        self.named_agencies += chunk.agencies
        self.without_subjects += chunk.without_subjects
        self.report.unread_columns += chunk.unread_columns
        self.report.notes += chunk.notes

    def _check_agencies(self) -> None:
        """The recording agency and every code the mapping names are agencies this review knows."""
        recorder = self.book.require(self.code, "--agency")
        for where, code in self.mapping.agency_codes():
            if code not in self.book:
                raise MappingError(f"{self.mapping.name}: {where} = {code!r} is not an agency this review knows"
                                   f"{self.book.hint(code)} Fix the mapping, or register the agency with "
                                   "`jointchron agencies add`")  # fmt: skip
        sector = self.mapping.sector
        if sector is not None and sector != recorder.sector:
            raise MappingError(f"{self.mapping.name}: [source] sector = {sector!r}, but {recorder.code} is an "
                               f"agency of sector {recorder.sector}; remove the sector from the mapping, or "
                               "register another code with `jointchron agencies add`")  # fmt: skip

    def _check_not_held_elsewhere(self, views: duckdb.DuckDBPyConnection, sha: str) -> None:
        """Refuses a file the store already holds as another agency's records (unless they were withdrawn)."""
        found = imported_as_other_agency(views, sha, self.code)
        if found is None:
            return
        agency, file, at = found
        raise FileError(f"{self.file.name} was imported before as {agency}'s records ({file}, {at:%d/%m/%Y %H:%M}); "
                        f"one file is one agency's records, so it is not imported again for {self.code}. If the "
                        f"earlier import was wrong, withdraw it (`jointchron extracts`, then `jointchron withdraw "
                        f"--extract ID --reason ...`) and import again")  # fmt: skip

    def _series(self, views: duckdb.DuckDBPyConnection) -> str:
        """Which earlier extracts this file is a new version of: the one named by --revises, else its own name."""
        if self.revises is None:
            natural = series_of(self.mapping.name, self.file.name)
            # A file named like one that was imported --revises another belongs to that one's series.
            for file, profile, series in imported_names(views, self.code):
                if series and series_of(profile, file) == natural:
                    return series
            return natural
        found = series_of_file(views, self.code, self.revises)
        if found is None:
            files = ", ".join(imported_files(views, self.code)) or "none yet"
            raise FileError(f"--revises: no extract of {self.code} called {self.revises!r} was imported before "
                            f"(imported for {self.code}: {files}); give one of those file names")  # fmt: skip
        return found

    def _flag_absent(self, eid: Any, counts: dict[str, int]) -> None:
        """Flags the contacts of earlier extracts of the series that this one no longer holds."""
        if self.revision is None:
            return
        self.revision.saw_references(self.rejected_references)
        if not counts["imported"] + counts["amended"] + counts["unchanged"]:
            return  # a file none of whose rows could be read says nothing about which rows are gone
        for absent in self.revision.absent():
            flagged = set(self.app.flag_no_longer_present([a.id for a in absent], eid, dry_run=self.dry_run,
                                                          digest=self.digest))  # fmt: skip
            for a in absent:
                if a.id in flagged:
                    self.report.change(
                        Change("no_longer_present", str(a.id), a.reference, a.file, a.sheet, a.row)
                    )
            counts["no_longer_present"] += len(flagged)

    def _record(self, batch: list[ContactDraft], eid: Any, counts: dict[str, int]) -> None:
        if not batch:
            return
        self.report.data_problems += self.checks.see(batch)
        if self.report.already_imported:
            counts["unchanged"] += len(batch)  # the same file again: nothing is looked up, nothing written
            return
        if not self.dry_run and self.named_agencies:
            new = [found for c in self.named_agencies if (found := self.book.get(c)) is not None]
            self.report.new_agencies += self.app.register_agencies(new)
            self.named_agencies = []
        try:
            outcome = self.app.record_contacts(batch, eid, self.by, new_people=self.new_people, dry_run=self.dry_run,
                                               recorded=self.recorded, digest=self.digest)  # fmt: skip
        except ConcurrentWrite:
            if self.recorded is None:
                raise
            # Another command is recording this agency's contacts too: every row is looked up from now on.
            self.recorded = None
            outcome = self.app.record_contacts(
                batch, eid, self.by, new_people=self.new_people, dry_run=self.dry_run, digest=self.digest
            )
        self.new_people = []
        counts["imported"] += len(outcome.new)
        counts["amended"] += len(outcome.amended)
        counts["unchanged"] += len(outcome.unchanged)
        self._note_changes(outcome)

    def _note_changes(self, outcome: BatchOutcome) -> None:
        if self.revision is not None:
            self.revision.saw([*outcome.new, *outcome.amended, *outcome.unchanged])
            self.revision.saw_references(self.rejected_references)
            self.rejected_references = []
        if not outcome.amended and not outcome.reappeared:
            return
        for cid in outcome.amended:
            d = outcome.rows[cid]
            self.report.change(Change("amended", str(cid), d.content().reference, d.file, d.sheet, d.row,
                                      outcome.changed_fields.get(cid, ())))  # fmt: skip
        for cid in outcome.reappeared:
            d = outcome.rows[cid]
            self.report.change(Change("reappeared", str(cid), d.content().reference, d.file, d.sheet, d.row))
