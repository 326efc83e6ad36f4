"""The review application: the commands a panel's tools call, over an event store.

Commands take plain values, save events in large batches (one transaction per
call, thousands of aggregates at a time) and return ids or plain outcomes.
Library errors are turned into jointchron's own.
"""

from __future__ import annotations

import datetime
import functools
import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, Protocol, TypeVar, cast, runtime_checkable

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic

from jointchron.domain.audit import CommandDraft, CommandRecorded, command_id
from jointchron.domain.contact import (
    AMENDABLE,
    Contact,
    ContactAmended,
    ContactNoLongerPresent,
    ContactReappeared,
    ContactRecorded,
    ContactReinstated,
    ContactWithdrawn,
    amend,
    differences,
)
from jointchron.domain.drafts import ContactDraft, PersonDraft, RelationshipDraft, contact_id
from jointchron.domain.errors import InvalidValue, JointchronError, NotFound
from jointchron.domain.events import DomainEvent, now
from jointchron.domain.extract import ExtractImported, ImportCounts, extract_id
from jointchron.domain.jurisdiction import Jurisdiction
from jointchron.domain.person import PersonMerged, PersonRegistered
from jointchron.domain.reconcile import New, Reappeared, Unchanged, gone, reconcile
from jointchron.domain.redaction import RedactionAdded, redaction_id
from jointchron.domain.relationship import RelationshipRecorded, relationship_id
from jointchron.domain.review import (
    REVIEW_ID,
    AgencyRegistered,
    Review,
    ReviewOpened,
    agency_id,
)
from jointchron.domain.vocabulary import Agency
from jointchron.service.panel_commands import PanelCommands
from jointchron.store.batch_reads import latest_versions, stored_events
from jointchron.store.contact_encoding import RecordedEncoder
from jointchron.store.extract_digest import EventDigest
from jointchron.store.mapper import PydanticMapper


class ReviewNotOpened(JointchronError):
    def __init__(self) -> None:
        super().__init__(
            "this store holds no review yet; run `jointchron init --title ... --from ... --to ...`"
        )


class ReviewAlreadyOpened(JointchronError):
    pass


class ConcurrentWrite(JointchronError):
    def __init__(self) -> None:
        super().__init__("another command wrote the same records at the same time; run this command again")


@runtime_checkable
class BatchRecorder(Protocol):
    """A recorder with a faster way in for an import's batches (jointchron/store/sqlite_recorder.py)."""

    def insert_batch(self, stored_events: Sequence[StoredEvent]) -> None: ...


# Contacts read from the store at a time (see ReviewApplication.contacts).
_READ_CHUNK = 2000
# Withdrawals (or reinstatements) saved per transaction by `withdraw --extract`.
_CORRECTION_BATCH = 5000
_P = ParamSpec("_P")
_R = TypeVar("_R")
CONFLICT_ATTEMPTS = 6


def retried_on_conflict(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Runs a command again, on what the store now holds, when another process saved the same records first.

    A command reads versions, decides, and saves in one transaction; the store refuses the save when
    a version it meant to write was taken meanwhile (optimistic concurrency). Deciding again on the
    fresh versions gives the outcome a one-at-a-time run would have; after a few tries the conflict
    is reported.
    """

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        for attempt in range(1, CONFLICT_ATTEMPTS):
            try:
                return command(*args, **kwargs)
            except ConcurrentWrite:
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # let the other writer finish
        return command(*args, **kwargs)

    return run


@dataclass
class BatchOutcome:
    new: list[uuid.UUID] = field(default_factory=list)
    amended: list[uuid.UUID] = field(default_factory=list)
    unchanged: list[uuid.UUID] = field(default_factory=list)
    # Unchanged rows whose contact an earlier extract had flagged as no longer present.
    reappeared: list[uuid.UUID] = field(default_factory=list)
    # The fields each amended contact changed (names only: the values are in its history).
    changed_fields: dict[uuid.UUID, tuple[str, ...]] = field(default_factory=dict)
    # The row behind each amended or reappeared contact, for the import report.
    rows: dict[uuid.UUID, ContactDraft] = field(default_factory=dict)


class ReviewApplication(PanelCommands, Application[uuid.UUID]):
    name = "jointchron"

    # Recorded with the first events the running command saves (domain/audit.py).
    _command: CommandDraft | None = None

    def construct_mapper(self) -> Mapper[uuid.UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=PydanticMapper)

    def construct_transcoder(self) -> Transcoder:
        # Events serialise themselves through pydantic; the JSON transcoder is never used for them.
        return super().construct_transcoder()

    # -- review ---------------------------------------------------------------------------------

    def open_review(
        self, title: str, jurisdiction: Jurisdiction, period_start: datetime.date, period_end: datetime.date
    ) -> uuid.UUID:
        if self._versions([REVIEW_ID]):
            raise ReviewAlreadyOpened(
                "this store already holds a review; use another --store for another review"
            )
        if period_end < period_start:
            raise InvalidValue("the review period ends before it starts; check --from and --to")
        self._save(
            [
                ReviewOpened(
                    originator_id=REVIEW_ID,
                    originator_version=1,
                    timestamp=now(),
                    title=title,
                    jurisdiction=jurisdiction,
                    period_start=period_start,
                    period_end=period_end,
                )
            ]
        )
        return REVIEW_ID

    def review(self) -> Review:
        events = self._events(REVIEW_ID)
        if not events:
            raise ReviewNotOpened()
        opened = cast(ReviewOpened, events[0])
        return Review(
            title=opened.title,
            jurisdiction=opened.jurisdiction,
            period_start=opened.period_start,
            period_end=opened.period_end,
        )

    @retried_on_conflict
    def register_agencies(self, agencies: Iterable[Agency]) -> list[str]:
        """Registers agencies not yet known to this review; returns the codes that were new."""
        wanted = {agency_id(a.code): a for a in agencies}
        known = self._versions(list(wanted))
        events = [
            AgencyRegistered(
                originator_id=aid,
                originator_version=1,
                timestamp=now(),
                code=a.code,
                name=a.name,
                sector=a.sector,
            )
            for aid, a in wanted.items()
            if aid not in known
        ]
        self._save(events)
        return [e.code for e in events]

    # -- people and relationships --------------------------------------------------------------------

    @retried_on_conflict
    def register_people(self, people: Sequence[PersonDraft]) -> list[uuid.UUID]:
        """Registers people not yet in the register; returns the ids that were new."""
        known = self._versions([p.id for p in people])
        stamp = now()
        events: dict[uuid.UUID, PersonRegistered] = {}
        for p in people:
            if p.id in known or p.id in events:
                continue
            events[p.id] = PersonRegistered(
                originator_id=p.id, originator_version=1, timestamp=stamp, **p.model_dump()
            )
        self._save(list(events.values()))
        return list(events)

    @retried_on_conflict
    def merge_people(self, person: uuid.UUID, into: uuid.UUID, reason: str, by: str) -> int:
        """Records that `person` and `into` are one person: everything about `person` follows `into`.

        Returns the new version of `person`'s record. Nothing is rewritten; the chronology and
        every other read model follow the merge.
        """
        if not reason.strip():
            raise InvalidValue("say why these records are one person: add --reason TEXT")
        if person == into:
            raise InvalidValue("both names are the same person record; nothing to merge")
        found = self._events_of([person, into])
        if any(not isinstance(found.get(p, [None])[0], PersonRegistered) for p in (person, into)):
            raise NotFound("one of the two is not in the register; give pseudonyms or person ids")
        merged = [e for e in found[person] if isinstance(e, PersonMerged)]
        if merged:
            raise InvalidValue("this person record was already merged into another one")
        target: uuid.UUID | None = into
        for _ in range(50):  # follows the chain of merges from `into`
            if target is None:
                break
            if target == person:
                raise InvalidValue("the second person record was itself merged into the first; nothing to do")
            chain = [e for e in self._events(target) if isinstance(e, PersonMerged)]
            target = chain[-1].into if chain else None
        version = found[person][-1].originator_version + 1
        self._save(
            [
                PersonMerged(
                    originator_id=person,
                    originator_version=version,
                    timestamp=now(),
                    into=into,
                    reason=reason.strip(),
                    by=by,
                )
            ]
        )
        return version

    @retried_on_conflict
    def record_relationships(self, relationships: Sequence[RelationshipDraft]) -> list[uuid.UUID]:
        ids = {relationship_id(r.from_person, r.relation, r.to_person, r.from_date): r for r in relationships}
        known = self._versions(list(ids))
        stamp = now()
        events = [
            RelationshipRecorded(originator_id=rid, originator_version=1, timestamp=stamp, **r.model_dump())
            for rid, r in ids.items()
            if rid not in known
        ]
        self._save(events)
        return [e.originator_id for e in events]

    # -- contacts ---------------------------------------------------------------------------------

    @retried_on_conflict
    def record_contacts(
        self,
        drafts: Sequence[ContactDraft],
        extract: uuid.UUID,
        by: str,
        new_people: Sequence[PersonDraft] = (),
        dry_run: bool = False,
        recorded: set[int] | None = None,
        digest: EventDigest | None = None,
    ) -> BatchOutcome:
        """Records a batch of rows from one extract in one transaction.

        What each row is (new, amended, unchanged or reappeared) is decided by `reconcile`
        (domain/reconcile.py) from the contacts held for the batch's ids; here the decisions become
        events: `ContactRecorded`, `ContactAmended` listing the differences, nothing, or
        `ContactReappeared`.

        `recorded` is given by an import of an agency none of whose contacts the store held when it
        began: the ids (as integers) of the contacts it recorded so far. Only rows with one of those
        ids are looked up in the store (a row the file repeats), and the set is kept up to date.
        `digest` is given the events saved (extract_digest.py).
        """
        outcome = BatchOutcome()
        ids = [contact_id(d.agency, d.identity) for d in drafts]
        if recorded is None:
            held_versions = self._versions(ids)
        else:
            repeated = [i for i in ids if i.int in recorded]
            held_versions = self._versions(repeated) if repeated else {}
        existing = self.contacts([i for i in ids if i in held_versions]) if held_versions else {}
        stamp = now()
        # Stored in the order decided, so that an event never precedes the one it follows.
        stored: list[StoredEvent] = []
        people_known = self._versions([p.id for p in new_people])
        stored += [
            self.mapper.to_stored_event(
                PersonRegistered(originator_id=p.id, originator_version=1, timestamp=stamp, **p.model_dump())
            )
            for p in {p.id: p for p in new_people}.values()
            if p.id not in people_known
        ]
        encoder = RecordedEncoder(stamp, extract)
        mapper = cast(PydanticMapper, self.mapper)
        for decision in reconcile(ids, drafts, existing, extract):
            cid, draft = decision.id, decision.draft
            if isinstance(decision, New):
                # The usual row: a contact not seen before, written straight from its validated parts.
                state = encoder.state(draft.content_json, draft.file, draft.sheet, draft.row, draft.row_hash)
                stored.append(mapper.stored_event(cid, 1, ContactRecorded, state))
                outcome.new.append(cid)
            elif isinstance(decision, Unchanged):
                outcome.unchanged.append(cid)
            elif isinstance(decision, Reappeared):
                back = ContactReappeared(
                    originator_id=cid,
                    originator_version=decision.version,
                    timestamp=stamp,
                    source=decision.source,
                )
                stored.append(mapper.to_stored_event(back))
                outcome.unchanged.append(cid)
                outcome.reappeared.append(cid)
                outcome.rows[cid] = draft
            else:
                event = ContactAmended(
                    originator_id=cid,
                    originator_version=decision.version,
                    timestamp=stamp,
                    changes=decision.changes,
                    reason="revised extract",
                    by=by,
                    source=decision.source,
                )
                stored.append(mapper.to_stored_event(event))
                outcome.amended.append(cid)
                outcome.changed_fields[cid] = tuple(decision.changes)
                outcome.rows[cid] = draft
        if not dry_run:
            self._insert(stored, batch=True)
            if digest is not None:
                digest.add(stored)
        if recorded is not None:
            recorded.update(i.int for i in outcome.new)
        return outcome

    @retried_on_conflict
    def flag_no_longer_present(
        self,
        ids: Sequence[uuid.UUID],
        extract: uuid.UUID,
        dry_run: bool = False,
        digest: EventDigest | None = None,
    ) -> list[uuid.UUID]:
        """Flags contacts that a revised extract no longer holds (never deletes them); returns those flagged.

        Contacts already flagged are left as they are, so that a flag records when a row first went missing.
        """
        held = self.contacts(ids)
        stamp = now()
        events = [
            ContactNoLongerPresent(
                originator_id=cid,
                originator_version=held[cid].version + 1,
                timestamp=stamp,
                extract_id=extract,
            )
            for cid in gone(held)
        ]
        if not dry_run:
            stored = [self.mapper.to_stored_event(e) for e in events]
            self._insert(stored)
            if digest is not None:
                digest.add(stored)
        return [e.originator_id for e in events]

    @retried_on_conflict
    def record_extract(
        self,
        agency: str,
        file: str,
        sha256: str,
        profile: str,
        counts: ImportCounts,
        by: str,
        path: str | None = None,
        series: str = "",
        digest: EventDigest | None = None,
    ) -> uuid.UUID:
        eid = extract_id(agency, sha256, profile)
        version = self._versions([eid]).get(eid, 0)
        self._save(
            [
                ExtractImported(
                    originator_id=eid,
                    originator_version=version + 1,
                    timestamp=now(),
                    agency=agency,
                    file=file,
                    sha256=sha256,
                    profile=profile,
                    counts=counts,
                    by=by,
                    path=path,
                    series=series,
                    events=None if digest is None else digest.count,
                    digest=None if digest is None else digest.hexdigest(),
                )
            ]
        )
        return eid

    @retried_on_conflict
    def add_redaction(self, term: str, label: str, by: str) -> uuid.UUID:
        """Adds a term to the review's redaction list (or gives it a new label); returns its id."""
        term = " ".join(term.split())
        if len(term) < 2:
            raise InvalidValue('a term to redact needs two characters or more, e.g. "Oakfield Primary"')
        rid = redaction_id(term)
        version = self._versions([rid]).get(rid, 0)
        self._save([RedactionAdded(originator_id=rid, originator_version=version + 1, timestamp=now(), term=term,
                                   label=" ".join(label.split()), by=by)])  # fmt: skip
        return rid

    def contact(self, cid: uuid.UUID) -> Contact:
        found = self.contacts([cid])
        if cid not in found:
            raise NotFound(f"no contact has id {cid}; copy an id from `jointchron chronology --format json`")
        return found[cid]

    def contacts(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Contact]:
        found: dict[uuid.UUID, Contact] = {}
        # A few thousand at a time: a revised extract's batch holds tens of thousands of known contacts,
        # and their stored and decoded events need not all be in memory at once.
        for start in range(0, len(ids), _READ_CHUNK):
            for cid, events in self._events_of(ids[start : start + _READ_CHUNK]).items():
                if events and isinstance(events[0], ContactRecorded):
                    found[cid] = Contact.fold(events)
        return found

    @retried_on_conflict
    def amend_contact(self, cid: uuid.UUID, changes: dict[str, Any], reason: str, by: str) -> int:
        """Corrects fields of a contact by hand; returns the contact's new version."""
        held = self.contact(cid)
        unknown = set(changes) - AMENDABLE
        if unknown:
            raise InvalidValue(
                f"cannot amend {', '.join(sorted(unknown))}; fields: {', '.join(sorted(AMENDABLE))}"
            )
        try:
            new = amend(held.content, changes)
        except ValueError as error:
            raise InvalidValue(f"the amendment is not valid: {_first_error(error)}") from None
        diff = differences(held.content, new)
        if not diff:
            raise InvalidValue("the amendment changes nothing; check the --set values")
        return self._next(held, ContactAmended, changes=diff, reason=reason, by=by)

    @retried_on_conflict
    def withdraw_contact(self, cid: uuid.UUID, reason: str, by: str) -> int:
        held = self.contact(cid)
        if held.withdrawn:
            raise InvalidValue("this contact is already withdrawn")
        return self._next(held, ContactWithdrawn, reason=reason, by=by)

    @retried_on_conflict
    def reinstate_contact(self, cid: uuid.UUID, reason: str, by: str) -> int:
        held = self.contact(cid)
        if not held.withdrawn:
            raise InvalidValue("this contact is not withdrawn")
        return self._next(held, ContactReinstated, reason=reason, by=by)

    @retried_on_conflict
    def withdraw_contacts(self, ids: Sequence[uuid.UUID], reason: str, by: str) -> list[uuid.UUID]:
        """Withdraws many contacts (an import undone); returns those not withdrawn before."""
        return self._set_withdrawn(ids, ContactWithdrawn, lambda c: not c.withdrawn, reason, by)

    @retried_on_conflict
    def reinstate_contacts(self, ids: Sequence[uuid.UUID], reason: str, by: str) -> list[uuid.UUID]:
        """Reinstates many withdrawn contacts; returns those that were withdrawn."""
        return self._set_withdrawn(ids, ContactReinstated, lambda c: c.withdrawn, reason, by)

    def _set_withdrawn(self, ids: Sequence[uuid.UUID], event: type[ContactWithdrawn | ContactReinstated],
                       applies: Callable[[Contact], bool], reason: str, by: str) -> list[uuid.UUID]:  # fmt: skip
        if not reason.strip():
            raise InvalidValue("say why: --reason 'what was wrong and who confirmed it'")
        stamp = now()
        events = [
            event(originator_id=cid, originator_version=held.version + 1, timestamp=stamp, reason=reason.strip(), by=by)
            for cid, held in self.contacts(ids).items()
            if applies(held)
        ]  # fmt: skip
        # Saved as an import's batches are, so that PostgreSQL is never sent one huge statement; run again after
        # an interruption, the command finishes the rest (those done already are skipped).
        for start in range(0, len(events), _CORRECTION_BATCH):
            self._save(events[start : start + _CORRECTION_BATCH])
        return [e.originator_id for e in events]

    def history(self, cid: uuid.UUID) -> list[DomainEvent]:
        events = self._events(cid)
        if not events:
            raise NotFound(f"no contact has id {cid}; copy an id from `jointchron chronology --format json`")
        return events

    # -- plumbing ---------------------------------------------------------------------------------

    def _next(self, held: Contact, event: type[DomainEvent], **fields: Any) -> int:
        """Saves the contact's next event; returns the contact's new version."""
        version = held.version + 1
        self._save([event(originator_id=held.id, originator_version=version, timestamp=now(), **fields)])
        return version

    # -- audit ----------------------------------------------------------------------------------

    def run_command(self, command: CommandDraft | None) -> None:
        """Names the command now running (None: none is): its entry is saved with the first events it writes."""
        self._command = command

    def commands(self) -> list[CommandRecorded]:
        """Every store-changing command run, oldest first."""
        recorder = self.recorder
        assert isinstance(recorder, ApplicationRecorder)
        found: list[CommandRecorded] = []
        start = 0
        while page := recorder.select_notifications(
            start, 10_000, topics=[get_topic(CommandRecorded)], inclusive_of_start=False
        ):
            found += [cast(CommandRecorded, self.mapper.to_domain_event(n)) for n in page]
            start = page[-1].id
        return found

    def _save(self, events: Sequence[DomainEvent]) -> None:
        self._insert([self.mapper.to_stored_event(e) for e in events])

    def _insert(self, stored: Sequence[StoredEvent], batch: bool = False) -> None:
        """Saves stored events in one transaction, with the running command's audit entry first.

        The recorder is given the stored events directly: `Application.save()` checks each object
        against a runtime protocol and builds a notification per event, which costs more than
        storing it, and nothing here follows the application's notifications. `batch`: an import's
        batch, which a recorder that can (jointchron/store/sqlite_recorder.py) inserts in one statement.
        """
        if not stored:
            return
        if self._command is not None:
            entry = CommandRecorded(
                originator_id=command_id(),
                originator_version=1,
                timestamp=now(),
                **self._command.model_dump(),
            )
            stored = [self.mapper.to_stored_event(entry), *stored]
        try:
            if batch and isinstance(self.recorder, BatchRecorder):
                self.recorder.insert_batch(stored)
            else:
                self.recorder.insert_events(stored)
        except IntegrityError:
            raise ConcurrentWrite() from None
        self._command = None

    def _events(self, aggregate: uuid.UUID) -> list[DomainEvent]:
        return self._events_of([aggregate]).get(aggregate, [])

    def _events_of(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[DomainEvent]]:
        found: dict[uuid.UUID, list[DomainEvent]] = {}
        for stored in self._stored_events(ids):
            found.setdefault(uuid.UUID(str(stored.originator_id)), []).append(
                cast(DomainEvent, self.mapper.to_domain_event(stored))
            )
        return found

    def _versions(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The current version of each id the store holds."""
        return latest_versions(self.recorder, ids)

    def _stored_events(self, ids: Sequence[uuid.UUID]) -> list[StoredEvent]:
        """Every stored event of the given aggregates, in version order per aggregate."""
        return stored_events(self.recorder, ids)


def _first_error(error: ValueError) -> str:
    return str(error).splitlines()[-1].strip() if str(error) else type(error).__name__
