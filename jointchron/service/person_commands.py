"""The people register's and relationships' commands: register people, merge two records of one person,
record relationships. A mixin of `ReviewApplication` (application.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from jointchron.domain.drafts import PersonDraft, RelationshipDraft
from jointchron.domain.errors import InvalidValue, NotFound
from jointchron.domain.events import now
from jointchron.domain.person import PersonMerged, PersonRegistered
from jointchron.domain.relationship import RelationshipRecorded, relationship_id
from jointchron.service.conflicts import retried_on_conflict
from jointchron.service.event_access import EventAccess


class PersonCommands(EventAccess):
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
