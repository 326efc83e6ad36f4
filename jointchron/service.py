"""The composition root: a review store on disk, and the use cases the CLI offers.

A store is a directory holding `events.sqlite` (the event log, the only source of truth)
and `views.duckdb` (read models, rebuilt from the log whenever needed).
"""

from __future__ import annotations

import datetime
import getpass
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from jointchron.domain.application import (
    ContactDraft,
    PersonDraft,
    RelationshipDraft,
    ReviewApplication,
    ReviewNotOpened,
)
from jointchron.domain.errors import JointchronError
from jointchron.domain.extract import ImportCounts, extract_id
from jointchron.domain.person import Person
from jointchron.domain.register import Register, name_key
from jointchron.domain.review import Jurisdiction, Review
from jointchron.domain.vocabulary import agency
from jointchron.importers.contacts import Columns, ContactMapper
from jointchron.importers.errors import FileError, RowError
from jointchron.importers.mapping import Mapping, Pattern
from jointchron.importers.register_files import (
    PEOPLE_COLUMNS,
    RELATIONSHIP_COLUMNS,
    person_from,
    read_rows,
    relationship_from,
)
from jointchron.importers.report import ImportReport, Rejection, write_rejects
from jointchron.importers.tabular import open_sheets
from jointchron.projections import catchup
from jointchron.projections.chronology import ChronologyQuery, chronology
from jointchron.projections.people import register

BATCH_SIZE = 5000
EVENTS_FILE = "events.sqlite"
VIEWS_FILE = "views.duckdb"


def default_store() -> Path:
    return Path(os.environ.get("JOINTCHRON_STORE") or ".jointchron")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Store:
    path: Path

    def __post_init__(self) -> None:
        self._app: ReviewApplication | None = None
        self._views: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def create(cls, path: Path) -> Store:
        path.mkdir(parents=True, exist_ok=True)
        return cls(path)

    @classmethod
    def open(cls, path: Path) -> Store:
        if not (path / EVENTS_FILE).exists():
            raise ReviewNotOpened()
        return cls(path)

    @property
    def app(self) -> ReviewApplication:
        if self._app is None:
            self._app = ReviewApplication(env={
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.path / EVENTS_FILE),
                "SQLITE_LOCK_TIMEOUT": "30",
            })  # fmt: skip
        return self._app

    def close(self) -> None:
        if self._views is not None:
            self._views.close()
            self._views = None
        if self._app is not None:
            self._app.close()
            self._app = None

    # -- read model ------------------------------------------------------------------------------

    def views(self) -> duckdb.DuckDBPyConnection:
        """The read model, caught up with every event in the log."""
        if self._views is None:
            self._views = catchup.connect(self.path / VIEWS_FILE)
        catchup.catch_up(self._views, self.app.recorder, self.app.mapper)  # type: ignore[arg-type]
        return self._views

    def rebuild(self) -> int:
        """Throws the read model away and rebuilds it from the event log; returns the events applied."""
        if self._views is not None:
            self._views.close()
            self._views = None
        for suffix in ("", ".wal"):
            (self.path / (VIEWS_FILE + suffix)).unlink(missing_ok=True)
        self._views = catchup.connect(self.path / VIEWS_FILE)
        return catchup.catch_up(self._views, self.app.recorder, self.app.mapper)  # type: ignore[arg-type]

    # -- use cases -----------------------------------------------------------------------------------

    def init_review(
        self, title: str, jurisdiction: Jurisdiction, start: datetime.date, end: datetime.date
    ) -> Review:
        self.app.open_review(title, jurisdiction, start, end)
        return self.app.review()

    def review(self) -> Review:
        return self.app.review()

    def chronology(self, query: ChronologyQuery) -> list[dict[str, Any]]:
        self.app.review()
        return chronology(self.views(), query)

    def import_people(self, file: Path, dry_run: bool = False) -> ImportReport:
        self.app.review()
        report = ImportReport(file=file.name, dry_run=dry_run)
        drafts: list[PersonDraft] = []
        pseudonyms: dict[str, str] = {}
        read = 0
        for row, values in read_rows(file, PEOPLE_COLUMNS, ("person_id", "pseudonym")):
            read += 1
            try:
                draft = person_from(row, values)
                owner = pseudonyms.setdefault(draft.pseudonym.casefold(), draft.source_id)
                if owner != draft.source_id:
                    raise RowError("pseudonym", draft.pseudonym, f"pseudonym already given to person {owner}")
                drafts.append(draft)
            except RowError as error:
                report.rejections.append(Rejection(file.name, row.sheet, row.number, error.column, error.value,
                                                   error.reason))  # fmt: skip
        new = [] if dry_run else self.app.register_people(drafts)
        report.counts = ImportCounts(read=read, imported=len(new) if not dry_run else len(drafts),
                                     unchanged=len(drafts) - len(new) if not dry_run else 0,
                                     rejected=len(report.rejections))  # fmt: skip
        self._write_rejects(report, file)
        return report

    def import_relationships(self, file: Path, dry_run: bool = False) -> ImportReport:
        self.app.review()
        people_register = register(self.views())
        report = ImportReport(file=file.name, dry_run=dry_run)
        drafts: list[RelationshipDraft] = []
        read = 0
        for row, values in read_rows(file, RELATIONSHIP_COLUMNS, ("from", "relation", "to")):
            read += 1
            try:
                rel = relationship_from(row, values)
                ends = []
                for column, text in (("from", rel.from_text), ("to", rel.to_text)):
                    found = people_register.resolve(text)
                    if found is None:
                        why = (
                            "matches more than one person"
                            if people_register.is_ambiguous(text)
                            else "matches no one"
                        )
                        raise RowError(column, text, f"{why} in the register; import the people file first "
                                                     "or use a person_id")  # fmt: skip
                    ends.append(found)
                if rel.swapped:
                    ends.reverse()
                drafts.append(RelationshipDraft(from_person=ends[0], relation=rel.relation, to_person=ends[1],
                                                from_date=rel.from_date, to_date=rel.to_date, source=rel.source,
                                                note=rel.note))  # fmt: skip
            except RowError as error:
                report.rejections.append(Rejection(file.name, row.sheet, row.number, error.column, error.value,
                                                   error.reason))  # fmt: skip
        new = [] if dry_run else self.app.record_relationships(drafts)
        report.counts = ImportCounts(read=read, imported=len(new) if not dry_run else len(drafts),
                                     unchanged=len(drafts) - len(new) if not dry_run else 0,
                                     rejected=len(report.rejections))  # fmt: skip
        self._write_rejects(report, file)
        return report

    def import_extract(self, file: Path, agency_code: str | None, mapping: Mapping, strict: bool = False,
                       dry_run: bool = False, by: str | None = None) -> ImportReport:  # fmt: skip
        review = self.app.review()
        del review
        code = agency_code or mapping.agency
        if code is None:
            raise JointchronError("say whose records these are: add --agency CODE (e.g. --agency police)")
        if not file.exists():
            raise FileError(f"{file} not found; check the file name")
        if strict and not dry_run:
            check = self.import_extract(file, code, mapping, strict=False, dry_run=True, by=by)
            if check.rejections:
                check.strict = True
                check.dry_run = False
                check.counts = check.counts.model_copy(update={"imported": 0, "amended": 0, "unchanged": 0})
                return check
        run = _ExtractImport(self, file, code, mapping, dry_run, by or current_user())
        report = run.execute()
        report.strict = strict
        self._write_rejects(report, file)
        return report

    def _write_rejects(self, report: ImportReport, file: Path) -> None:
        if not report.rejections:
            return
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        report.rejects_file = self.path / "rejects" / f"{file.stem}-{stamp}.csv"
        write_rejects(report.rejects_file, report.rejections)


class _ExtractImport:
    """One run of an extract import: reads, maps, resolves subjects and records in batches."""

    def __init__(self, store: Store, file: Path, code: str, mapping: Mapping, dry_run: bool, by: str) -> None:
        self.store, self.file, self.code, self.mapping, self.dry_run, self.by = (
            store,
            file,
            code,
            mapping,
            dry_run,
            by,
        )
        self.app = store.app
        self.report = ImportReport(file=file.name, agency=code, dry_run=dry_run)
        self.register: Register = register(store.views())
        self.new_people: dict[str, PersonDraft] = {}
        self.agencies: set[str] = set()

    def resolve(self, text: str) -> str:
        found = self.register.resolve(text)
        if found is not None:
            return str(found)
        key = name_key(text)
        draft = self.new_people.get(key)
        if draft is None:
            source_id = f"unconfirmed:{key}"
            tag = PersonDraft(source_id=source_id, pseudonym="").id.hex[:4].upper()
            draft = PersonDraft(source_id=source_id, pseudonym=f"Unconfirmed {tag}", names=(" ".join(text.split()),),
                                confirmed=False)  # fmt: skip
            self.new_people[key] = draft
            self.report.unresolved[draft.pseudonym] = self.register.suggest(text)
        return str(draft.id)

    def execute(self) -> ImportReport:
        sha = sha256_of(self.file)
        eid = extract_id(self.code, sha, self.mapping.name)
        views = self.store.views()
        already = views.execute("SELECT count(*) FROM extracts WHERE id = ?", [str(eid)]).fetchone()
        self.report.already_imported = bool(already and already[0])
        mapper = ContactMapper(self.mapping, self.code, self.file.name, self.resolve)
        hints = self.mapping.columns.get("date", ()) or tuple(p for e in self.mapping.events for p in e.date)
        counts = {"read": 0, "imported": 0, "amended": 0, "unchanged": 0}
        batch: list[ContactDraft] = []
        for sheet in open_sheets(self.file, self.mapping, hints):
            columns = Columns.locate(sheet, self.mapping, self.file.name)
            for row in sheet.rows:
                counts["read"] += 1
                try:
                    batch.extend(mapper.drafts(sheet, columns, row))
                except RowError as error:
                    self.report.rejections.append(Rejection(self.file.name, sheet.name, row.number, error.column,
                                                            error.value, error.reason))  # fmt: skip
                if len(batch) >= BATCH_SIZE:
                    self._record(batch, eid, counts)
                    batch = []
        self._record(batch, eid, counts)
        self.report.counts = ImportCounts(
            read=counts["read"], imported=counts["imported"], amended=counts["amended"],
            unchanged=counts["unchanged"], rejected=len({(r.sheet, r.row) for r in self.report.rejections}),
            unresolved_subjects=len(self.report.unresolved),
        )  # fmt: skip
        if not self.dry_run and not self.report.already_imported:
            self.app.record_extract(
                self.code, self.file.name, sha, self.mapping.name, self.report.counts, self.by
            )
        return self.report

    def _record(self, batch: list[ContactDraft], eid: Any, counts: dict[str, int]) -> None:
        if not batch:
            return
        codes = {self.code} | {c for d in batch for c in (*d.content.participants, *d.content.recipients,
                                                          d.content.sender)}  # fmt: skip
        if not self.dry_run and codes - self.agencies:
            new = [
                agency(c, self.mapping.sector if c == self.code else None)
                for c in sorted(codes - self.agencies)
            ]
            self.report.new_agencies += self.app.register_agencies(new)
            self.agencies |= codes
        people = list(self.new_people.values())
        outcome = self.app.record_contacts(batch, eid, self.by, new_people=people, dry_run=self.dry_run)
        for person in people:
            self.register.add(_as_person(person))
        self.new_people.clear()
        counts["imported"] += len(outcome.new)
        counts["amended"] += len(outcome.amended)
        counts["unchanged"] += len(outcome.unchanged)
        self.report.amended_ids += [str(i) for i in outcome.amended]


def _as_person(draft: PersonDraft) -> Person:
    return Person(id=draft.id, **draft.model_dump())


@contextmanager
def opened(path: Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()


def canonical_mapping(mapping_file: Path | None) -> Mapping:
    return Mapping.load(mapping_file) if mapping_file else Mapping.canonical()


__all__ = ["ChronologyQuery", "Pattern", "Store", "canonical_mapping", "default_store", "opened"]
