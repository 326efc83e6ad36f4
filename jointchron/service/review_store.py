"""The review store: the service layer, and the Python API, that every `jointchron` command calls.

A store is a directory holding `events.sqlite` (the event log, the only source of truth; or a
PostgreSQL event log) and `views.duckdb` (read models, rebuilt from the log whenever needed).
`open_review` and `init_review` give a `Store`; its use cases return plain records (for the CLI's
JSON, CSV and documents), and DataFrames and charts for notebooks (service/analysis.py).
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from jointchron.domain.audit import CommandDraft
from jointchron.domain.errors import InvalidValue, JointchronError
from jointchron.domain.jurisdiction import JURISDICTIONS, Jurisdiction
from jointchron.domain.review import Review
from jointchron.domain.vocabulary import agency_code as known_agency_code
from jointchron.importers.errors import FileError
from jointchron.importers.mapping import Mapping, Pattern
from jointchron.importers.profiles import load_profile
from jointchron.importers.report import ImportReport, write_rejects
from jointchron.projections import catchup
from jointchron.projections.chronology import ChronologyQuery, chronology, pseudonymiser
from jointchron.projections.gaps import GapReport, GapsQuery, assessed_rules, gap_report, load_rulebook
from jointchron.projections.panel import read_panel
from jointchron.projections.people import register
from jointchron.projections.verdicts import judged
from jointchron.service import eventlog
from jointchron.service.agencies import Agencies
from jointchron.service.analysis import Analysis, as_date
from jointchron.service.application import ReviewApplication, ReviewNotOpened
from jointchron.service.corrections import Corrections
from jointchron.service.extract_import import ExtractImport
from jointchron.service.extracts import ExtractRecords
from jointchron.service.panel import PanelWork
from jointchron.service.people import PeopleList
from jointchron.service.publication import Publication
from jointchron.service.register import RegisterImports
from jointchron.service.users import author
from jointchron.store.private import make_private, private_folder, remove_stale
from jointchron.store.settings import EVENTS_FILE, Location
from jointchron.viz.data import ReviewData, gather

VIEWS_FILE = "views.duckdb"
VIEWS_WAIT_SECONDS = 120


def default_store() -> Path:
    return Path(os.environ.get("JOINTCHRON_STORE") or ".jointchron")


@dataclass
class Store(
    PanelWork, RegisterImports, Publication, Agencies, ExtractRecords, PeopleList, Corrections, Analysis
):
    """One review's store: `path` is the local directory; the event log is there or in PostgreSQL.

    Get one with `jointchron.open_review(path)` or `jointchron.init_review(path, ...)`, and `close()` it
    when done (or use `with`). Every failure is a `JointchronError` with a one-line message. A use case
    that writes events names itself for the audit log (`_audited`) when no CLI command is running. The
    panel's use cases (notes, marks, episodes, judgements, questions) are in service/panel.py.
    """

    path: Path
    location: Location | None = None

    def __post_init__(self) -> None:
        self._app: ReviewApplication | None = None
        self._views: duckdb.DuckDBPyConnection | None = None
        self.location = self.location or Location.of(self.path)
        self.encrypt = False

    @classmethod
    def create(cls, where: Path | Location, encrypt: bool = False) -> Store:
        """A new store at `where` (a directory, or a location with a PostgreSQL event log), for `init_review`."""
        location = Location.of(where)
        private_folder(location.directory)
        store = cls(location.directory, location)
        store._app = eventlog.open_application(location, create=True, encrypt=encrypt)
        store.encrypt = encrypt
        make_private(location.directory)
        return store

    @classmethod
    def open(cls, where: Path | Location) -> Store:
        """The store at `where`, which holds a review (`jointchron.open_review` chooses `where` as the CLI does)."""
        location = Location.of(where)
        store = cls(location.directory, location)
        store._app = eventlog.open_application(location)
        make_private(location.directory)
        remove_stale(location.directory)
        return store

    @property
    def app(self) -> ReviewApplication:
        """The eventsourcing application over the store's event log (opened when first needed)."""
        if self._app is None:
            assert self.location is not None
            self._app = eventlog.open_application(self.location)
        return self._app

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the event log and the read model; the store can be opened again later."""
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

    @contextmanager
    def _audited(self, command: str, by: str | None, *arguments: str) -> Iterator[None]:
        """A use case run from Python is named in the audit log as the CLI names its commands: the entry is
        saved with the first events it writes, and forgotten if it writes none. Arguments hold no personal
        data (file names, codes, dates). Under the CLI, its own command is the entry."""
        assert self.location is not None
        if self.location.command is not None:
            yield
            return
        self.app.run_command(CommandDraft(command=command, by=author(by), arguments=arguments))
        try:
            yield
        finally:
            self.app.run_command(None)

    def init_review(
        self, title: str, jurisdiction: Jurisdiction, start: datetime.date | str, end: datetime.date | str
    ) -> Review:
        """Opens the review this store is for: its title, jurisdiction and period under review (UK dates
        such as `01/01/2019`, or dates). A store holds one review."""
        if jurisdiction not in JURISDICTIONS:
            raise InvalidValue(
                f"unknown jurisdiction {str(jurisdiction)[:20]!r}; use one of {', '.join(JURISDICTIONS)}"
            )
        start, end = as_date(start), as_date(end)
        with self._audited("init", None, "--jurisdiction", jurisdiction, "--from", start.isoformat(),
                           "--to", end.isoformat()):  # fmt: skip
            self.app.open_review(title, jurisdiction, start, end)
        assert self.location is not None
        eventlog.record_settings(self.location, self.encrypt)
        return self.app.review()

    def review(self) -> Review:
        """The review: title, jurisdiction and period under review."""
        return self.app.review()

    def audit_log(self, named: bool = False) -> list[dict[str, Any]]:
        """Every store-changing command, oldest first: when, who, what (domain/audit.py); who ran it and the
        file names among its arguments pseudonymised unless `named`, as every text is."""
        commands = list(self.app.commands())
        privacy = pseudonymiser(self.views(), named=named)
        return [
            {"at": c.timestamp.isoformat(timespec="seconds"), "by": privacy.text(c.by), "command": c.command,
             "arguments": [privacy.text(a) for a in c.arguments], "id": str(c.originator_id)}
            for c in commands
        ]  # fmt: skip

    def entries(self, query: ChronologyQuery | None = None, brief: bool = False) -> list[dict[str, Any]]:
        """The joint chronology's entries for `query`, as `jointchron chronology --format json` prints
        them (`chronology()` gives the same as a DataFrame). `brief`: without `detail` and each source's
        reference, episode, practitioner and summary, which the CSV and the table do not show."""
        self.app.review()
        return chronology(self.views(), query or ChronologyQuery(), brief)

    def gap_records(self, rulebook: str | None = None, person: str | None = None, severity: str | None = None,
                    named: bool = False, include_dismissed: bool = False) -> list[dict[str, Any]]:  # fmt: skip
        """The gaps the rulebook (default: the review's jurisdiction's) finds, as `jointchron gaps --format
        json` prints them, each with the panel's `judgement`; gaps the panel dismissed only with
        `include_dismissed` (`gaps()` gives the same as a DataFrame)."""
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

    def import_extract(self, file: str | Path, agency: str | None = None,
                       mapping: Mapping | str | Path | None = None, strict: bool = False, dry_run: bool = False,
                       by: str | None = None, revises: str | None = None,
                       progress: Callable[[int], None] | None = None, *, profile: str | None = None,
                       ) -> ImportReport:  # fmt: skip
        """Imports one agency's extract and reports on every row (`ImportReport`).

        `agency` is the recording agency's code (default: the mapping's); `mapping` a mapping file (TOML)
        or a loaded `Mapping`, or `profile` the name of a built-in profile (default: the canonical
        headers). `strict` imports nothing if any row is bad; `dry_run` checks and reports, writing
        nothing. `revises` names an earlier file of the agency this one is a new version of (default:
        the earlier extracts of the same series); `progress` is called with the rows read so far.
        """
        file = Path(file)
        if profile is not None and mapping is not None:
            raise JointchronError(
                "give a mapping or a profile, not both: a profile is a built-in mapping file"
            )
        if profile is not None:
            mapping = load_profile(profile)
        elif not isinstance(mapping, Mapping):
            mapping = canonical_mapping(Path(mapping) if mapping is not None else None)
        self.app.review()
        code = known_agency_code(agency) if agency is not None else mapping.agency
        if code is None:
            raise JointchronError("say whose records these are: add --agency CODE (e.g. --agency police)")
        if mapping.agency and code != mapping.agency:
            # One of the two is wrong, and guessing which would file one agency's records as another's.
            raise JointchronError(f"--agency {code} contradicts the mapping {mapping.name}, whose [source] "
                                  f"agency is {mapping.agency}; drop --agency, or use a mapping for "
                                  f"{code}'s extract")  # fmt: skip
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
        run = ExtractImport(self, file, code, mapping, dry_run, author(by), revises, progress)
        with self._audited("import", by, file.name, "--agency", code):
            report = run.execute()
        report.strict = strict
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

    def merge_people(self, person: str, into: str, reason: str, by: str | None = None) -> tuple[str, str]:
        """Records that two person records are one person (`person`'s records follow `into` from now on);
        each is a pseudonym, id, name or identifier. Returns their pseudonyms (merged, kept)."""
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
        with self._audited("people merge", by, "…", "…", "--reason", "…"):
            self.app.merge_people(ids[0], ids[1], reason, author(by))
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
    """The store at `path`, closed when the block ends."""
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()


def canonical_mapping(mapping_file: Path | None) -> Mapping:
    """The mapping in `mapping_file`, or, without one, the canonical headers."""
    return Mapping.load(mapping_file) if mapping_file else Mapping.canonical()


__all__ = [
    "ChronologyQuery",
    "Pattern",
    "Store",
    "canonical_mapping",
    "default_store",
    "opened",
]
