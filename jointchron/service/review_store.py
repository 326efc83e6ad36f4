"""The composition root: a review store on disk, and the use cases the CLI offers.

A store is a directory holding `events.sqlite` (the event log, the only source of truth)
and `views.duckdb` (read models, rebuilt from the log whenever needed).
"""

from __future__ import annotations

import datetime
import getpass
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from jointchron.domain.drafts import PersonDraft, RelationshipDraft
from jointchron.domain.errors import JointchronError
from jointchron.domain.extract import ImportCounts
from jointchron.domain.jurisdiction import Jurisdiction
from jointchron.domain.review import Review
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
from jointchron.projections import catchup
from jointchron.projections.chronology import ChronologyQuery, chronology, pseudonymiser
from jointchron.projections.gaps import GapReport, GapsQuery, assessed_rules, gap_report, load_rulebook
from jointchron.projections.panel import read_panel
from jointchron.projections.people import people as registered_people
from jointchron.projections.people import register
from jointchron.projections.verdicts import judged
from jointchron.service import eventlog
from jointchron.service.application import ReviewApplication, ReviewNotOpened
from jointchron.service.extract_import import ExtractImport
from jointchron.service.panel import PanelWork
from jointchron.store.private import make_private, private_folder, remove_stale
from jointchron.store.settings import EVENTS_FILE, Location
from jointchron.viz.data import ReviewData, gather

VIEWS_FILE = "views.duckdb"
VIEWS_WAIT_SECONDS = 120


def default_store() -> Path:
    return Path(os.environ.get("JOINTCHRON_STORE") or ".jointchron")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@dataclass
class Store(PanelWork):
    """`path` is the local directory; the event log is there or in PostgreSQL (see settings.py).

    The panel's use cases (notes, marks, episodes, judgements, questions) are in service/panel.py."""

    path: Path
    location: Location | None = None

    def __post_init__(self) -> None:
        self._app: ReviewApplication | None = None
        self._views: duckdb.DuckDBPyConnection | None = None
        self.location = self.location or Location.of(self.path)
        self.encrypt = False

    @classmethod
    def create(cls, where: Path | Location, encrypt: bool = False) -> Store:
        location = Location.of(where)
        private_folder(location.directory)
        store = cls(location.directory, location)
        store._app = eventlog.open_application(location, create=True, encrypt=encrypt)
        store.encrypt = encrypt
        make_private(location.directory)
        return store

    @classmethod
    def open(cls, where: Path | Location) -> Store:
        location = Location.of(where)
        store = cls(location.directory, location)
        store._app = eventlog.open_application(location)
        make_private(location.directory)
        remove_stale(location.directory)
        return store

    @property
    def app(self) -> ReviewApplication:
        if self._app is None:
            assert self.location is not None
            self._app = eventlog.open_application(self.location)
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
            self._views = _connect_views(self.path / VIEWS_FILE)
            make_private(self.path)
        catchup.catch_up(self._views, self.app.recorder, self.app.mapper)  # type: ignore[arg-type]
        return self._views

    def release_views(self) -> None:
        """Lets other processes use the read model (DuckDB allows one at a time) while this one writes events."""
        if self._views is not None:
            self._views.close()
            self._views = None

    def rebuild(self) -> int:
        """Throws the read model away and rebuilds it from the event log; returns the events applied."""
        if self._views is not None:
            self._views.close()
            self._views = None
        for suffix in ("", ".wal"):
            (self.path / (VIEWS_FILE + suffix)).unlink(missing_ok=True)
        self._views = _connect_views(self.path / VIEWS_FILE)
        make_private(self.path)
        return catchup.catch_up(self._views, self.app.recorder, self.app.mapper)  # type: ignore[arg-type]

    # -- use cases -----------------------------------------------------------------------------------

    def init_review(
        self, title: str, jurisdiction: Jurisdiction, start: datetime.date, end: datetime.date
    ) -> Review:
        self.app.open_review(title, jurisdiction, start, end)
        assert self.location is not None
        eventlog.record_settings(self.location, self.encrypt)
        return self.app.review()

    def review(self) -> Review:
        return self.app.review()

    def audit_log(self) -> list[dict[str, Any]]:
        """Every store-changing command, oldest first: when, who, what (domain/audit.py)."""
        return [
            {"at": c.timestamp.isoformat(timespec="seconds"), "by": c.by, "command": c.command,
             "arguments": list(c.arguments), "id": str(c.originator_id)}
            for c in self.app.commands()
        ]  # fmt: skip

    def chronology(self, query: ChronologyQuery) -> list[dict[str, Any]]:
        self.app.review()
        return chronology(self.views(), query)

    def gaps(self, rulebook: str | None = None, person: str | None = None, severity: str | None = None,
             named: bool = False, include_dismissed: bool = False) -> list[dict[str, Any]]:  # fmt: skip
        """The gaps the rulebook (default: the review's jurisdiction) finds, as DESIGN §7 records, each with
        the panel's `judgement`; gaps the panel dismissed only with `include_dismissed`."""
        return self.gap_report(rulebook, person, severity, named, include_dismissed).gaps

    def gap_report(self, rulebook: str | None = None, person: str | None = None, severity: str | None = None,
                   named: bool = False, include_dismissed: bool = False) -> GapReport:  # fmt: skip
        """The gaps (each with the panel's `judgement`; those it dismissed only with `include_dismissed`),
        the findings that group them, the rules in force (assessable or not) and the data problems met,
        as `jointchron gaps` and the review pack show them."""
        review = self.app.review()
        query = GapsQuery(rulebook=rulebook, person=person, severity=severity, named=named)
        views = self.views()
        found = gap_report(views, review.jurisdiction, review.period_start, review.period_end, query)
        shown = judged(found.gaps, read_panel(views), pseudonymiser(views, named=named), include_dismissed)
        return found.showing(shown)

    def rules(self, rulebook: str | None = None) -> list[dict[str, Any]]:
        """Each rule of the rulebook in force (default: the review's jurisdiction's) with its basis, and
        whether this review's records can support it (`assessable`, and `why` not)."""
        assert self.location is not None
        if self.location.events is not None or (self.path / EVENTS_FILE).exists():
            with suppress(ReviewNotOpened):
                review = self.app.review()
                chosen = load_rulebook(rulebook, review.jurisdiction)
                return assessed_rules(self.views(), chosen, (review.period_start, review.period_end))
        # With no review in this store: the default of `init`, judged against no records at all.
        today = datetime.date.today()
        return assessed_rules(None, load_rulebook(rulebook, "england"), (today, today))

    def review_data(self, query: ChronologyQuery | None = None) -> ReviewData:
        """What the timeline and the review pack show: entries for `query`, gaps and their findings,
        the rules in force, people (issue 5)."""
        query = query or ChronologyQuery()
        found = self.gap_report(named=query.named)
        return gather(self.views(), query, found.gaps, found.findings, found.rules, found.problems)

    def import_people(self, file: Path, dry_run: bool = False) -> ImportReport:
        self.app.review()
        report = ImportReport(file=file.name, dry_run=dry_run)
        drafts: list[PersonDraft] = []
        # A pseudonym is unique in a review: `--person "Child Bk"` must find one person.
        pseudonyms = {p.pseudonym.casefold(): p.source_id for p in registered_people(self.views())}
        read = 0
        for row, values in read_rows(file, PEOPLE_COLUMNS, ("person_id", "pseudonym")):
            read += 1
            try:
                draft = person_from(row, values)
                owner = pseudonyms.setdefault(draft.pseudonym.casefold(), draft.source_id)
                if owner.casefold() != draft.source_id.casefold():
                    raise RowError("pseudonym", draft.pseudonym, f"pseudonym already given to person {owner}; "
                                   "a pseudonym names one person in a review")  # fmt: skip
                drafts.append(draft)
            except RowError as error:
                report.rejections.append(Rejection(file.name, row.sheet, row.number, error.column, error.value,
                                                   error.reason))  # fmt: skip
        new = [] if dry_run else self.app.register_people(drafts)
        return self._register_report(report, file, read, len(drafts), None if dry_run else len(new))

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
        return self._register_report(report, file, read, len(drafts), None if dry_run else len(new))

    def import_extract(self, file: Path, agency_code: str | None, mapping: Mapping, strict: bool = False,
                       dry_run: bool = False, by: str | None = None, revises: str | None = None,
                       progress: Callable[[int], None] | None = None) -> ImportReport:  # fmt: skip
        """Imports one agency's extract; `revises` names an earlier file of the agency this one is a new
        version of (default: the earlier extracts of the same series, see `series_of`); `progress` is
        called with the rows read so far, every thousand rows."""
        review = self.app.review()
        del review
        if agency_code and mapping.agency and agency_code != mapping.agency:
            # One of the two is wrong, and guessing which would file one agency's records as another's.
            raise JointchronError(f"--agency {agency_code} contradicts the mapping {mapping.name}, whose [source] "
                                  f"agency is {mapping.agency}; drop --agency, or use a mapping for "
                                  f"{agency_code}'s extract")  # fmt: skip
        code = agency_code or mapping.agency
        if code is None:
            raise JointchronError("say whose records these are: add --agency CODE (e.g. --agency police)")
        if not file.exists():
            raise FileError(f"{file} not found; check the file name")
        if strict and not dry_run:
            check = self.import_extract(file, code, mapping, strict=False, dry_run=True, by=by, revises=revises,
                                        progress=progress)  # fmt: skip
            if check.changes_file is not None:
                check.changes_file.unlink(missing_ok=True)  # what a dry run found, not what was done
                check.changes_file = None
            if check.rejections:
                check.strict = True
                check.dry_run = False
                check.counts = check.counts.model_copy(
                    update={"imported": 0, "amended": 0, "unchanged": 0, "no_longer_present": 0}
                )
                check.changes, check.amended_ids, check.no_longer_present_ids, check.reappeared_ids = (
                    [],
                    [],
                    [],
                    [],
                )
                return check
        run = ExtractImport(self, file, code, mapping, dry_run, by or current_user(), revises, progress)
        report = run.execute()
        report.strict = strict
        self._write_rejects(report, file)
        return report

    def _register_report(self, report: ImportReport, file: Path, read: int, valid: int,
                         new: int | None) -> ImportReport:  # fmt: skip
        """Counts of a people or relationships file (`new` is None in a dry run), and its rejects file."""
        report.counts = ImportCounts(read=read, imported=valid if new is None else new,
                                     unchanged=0 if new is None else valid - new,
                                     rejected=len(report.rejections))  # fmt: skip
        self._write_rejects(report, file)
        return report

    def _write_rejects(self, report: ImportReport, file: Path) -> None:
        if not report.rejections or report.rejects_file is not None:  # None written, or streamed already
            return
        report.rejects_file = self.report_file("rejects", file)
        write_rejects(report.rejects_file, report.rejections)

    def report_file(self, folder: str, file: Path) -> Path:
        """A new CSV for a report on `file` in a folder of the store (`rejects/`, `changes/`)."""
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        path, n = self.path / folder / f"{file.stem}-{stamp}.csv", 1
        while path.exists():
            n += 1
            path = self.path / folder / f"{file.stem}-{stamp}-{n}.csv"
        return path

    # -- publication (issue 16 §4) -------------------------------------------------------------------

    def add_redaction(self, term: str, label: str | None = None, by: str | None = None) -> None:
        """Adds a term to the redaction list: every published output shows `label` (default `[redacted]`)."""
        from jointchron.projections.redaction import REDACTED

        self.app.review()
        self.release_views()
        self.app.add_redaction(term, label or REDACTED, by or current_user())

    def redactions(self) -> list[dict[str, str]]:
        self.app.review()
        rows = (
            self.views()
            .execute("SELECT term, label, added_by FROM redactions ORDER BY lower(term)")
            .fetchall()
        )
        return [{"term": t, "label": label, "by": by} for t, label, by in rows]

    def publish_check(self) -> list[dict[str, Any]]:
        """The capitalised terms a published chronology would still show (projections/publish_check.py)."""
        from jointchron.projections.chronology import agency_names, pseudonymiser
        from jointchron.projections.publish_check import record_texts, remaining_terms

        review = self.app.review()
        records = chronology(self.views(), ChronologyQuery(publish=True))
        views = self.views()
        privacy = pseudonymiser(views, publish=True)
        texts = [({"entry": None, "date": None, "field": "review title"}, privacy.text(review.title)),
                 *record_texts(records)]  # fmt: skip
        labels = [r["label"] for r in self.redactions()]
        allowed = [*agency_names(views).values(), *agency_names(views), *labels]
        terms = remaining_terms(texts, [p.pseudonym for p in registered_people(views)], allowed)
        return [{"term": t.term, "count": t.count, "where": t.where} for t in terms]

    def merge_people(self, person: str, into: str, reason: str, by: str | None = None) -> tuple[str, str]:
        """Records that two person records are one person; returns their pseudonyms (merged, kept)."""
        self.app.review()
        people = register(self.views())
        ids = []
        for which, text in (("first", person), ("second", into)):
            found = people.resolve(text)
            if found is None:
                why = "matches more than one person" if people.is_ambiguous(text) else "matches no one"
                raise JointchronError(f"the {which} person {why} in the register; give a pseudonym or person id "
                                      "(they are in the import report and `jointchron chronology`)")  # fmt: skip
            ids.append(found)
        merged, kept = (people.people[i] for i in ids)
        if merged.confirmed and not kept.confirmed:
            raise JointchronError(
                f"{merged.pseudonym} is in the people register and {kept.pseudonym} is not: merge the unconfirmed "
                f'record into the registered one (`jointchron people merge "{kept.pseudonym}" "{merged.pseudonym}"`)'
            )
        self.release_views()
        self.app.merge_people(ids[0], ids[1], reason, by or current_user())
        return merged.pseudonym, kept.pseudonym


def _connect_views(path: Path) -> duckdb.DuckDBPyConnection:
    """Opens the read model, waiting a while for another jointchron process that has it open."""
    deadline = time.monotonic() + VIEWS_WAIT_SECONDS
    while True:
        try:
            return catchup.connect(path)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() > deadline:
                raise JointchronError(
                    f"{path} is in use by another jointchron command; run this command again when it ends"
                ) from None
            time.sleep(0.05)


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
