"""The contacts' commands: record an extract's rows in batches, flag those a revised extract no longer holds,
correct contacts by hand (amend, withdraw, reinstate) and read them back. A mixin of `ReviewApplication`
(application.py); what a batch's rows are is decided by domain/reconcile.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from eventsourcing.persistence import StoredEvent

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
from jointchron.domain.drafts import ContactDraft, PersonDraft, contact_id
from jointchron.domain.errors import InvalidValue, NotFound
from jointchron.domain.events import DomainEvent, now
from jointchron.domain.person import PersonRegistered
from jointchron.domain.reconcile import New, Reappeared, Unchanged, gone, reconcile
from jointchron.service.conflicts import retried_on_conflict
from jointchron.service.event_access import EventAccess
from jointchron.store.contact_encoding import RecordedEncoder
from jointchron.store.extract_digest import EventDigest
from jointchron.store.mapper import PydanticMapper

# Contacts read from the store at a time (see ContactCommands.contacts).
_READ_CHUNK = 2000
# Withdrawals (or reinstatements) saved per transaction by `withdraw --extract`.
_CORRECTION_BATCH = 5000


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


class ContactCommands(EventAccess):
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

    def _next(self, held: Contact, event: type[DomainEvent], **fields: Any) -> int:
        """Saves the contact's next event; returns the contact's new version."""
        version = held.version + 1
        self._save([event(originator_id=held.id, originator_version=version, timestamp=now(), **fields)])
        return version


def _first_error(error: ValueError) -> str:
    return str(error).splitlines()[-1].strip() if str(error) else type(error).__name__
