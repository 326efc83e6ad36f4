"""How the review application's commands reach the event log: read the events and versions of some
aggregates, and save new events in one transaction with the running command's audit entry first.

`EventAccess` is the base of the application's command mixins (contact_commands.py, person_commands.py,
panel_commands.py) and of `ReviewApplication` (application.py). Library errors become jointchron's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol, cast, runtime_checkable

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic

from jointchron.domain.audit import CommandDraft, CommandRecorded, command_id
from jointchron.domain.events import DomainEvent, now
from jointchron.service.conflicts import ConcurrentWrite
from jointchron.store.batch_reads import latest_versions, stored_events
from jointchron.store.mapper import PydanticMapper


@runtime_checkable
class BatchRecorder(Protocol):
    """A recorder with a faster way in for an import's batches (jointchron/store/sqlite_recorder.py)."""

    def insert_batch(self, stored_events: Sequence[StoredEvent]) -> None: ...


class EventAccess(Application[uuid.UUID]):
    # Recorded with the first events the running command saves (domain/audit.py).
    _command: CommandDraft | None = None

    def construct_mapper(self) -> Mapper[uuid.UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=PydanticMapper)

    def construct_transcoder(self) -> Transcoder:
        # Events serialise themselves through pydantic; the JSON transcoder is never used for them.
        return super().construct_transcoder()

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
