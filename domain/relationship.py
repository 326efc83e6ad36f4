"""Relationship: person —relation→ person, valid for a time, evidenced by an agency."""

from __future__ import annotations

import datetime
import uuid

from pydantic import field_validator

from jointchron.domain.events import DomainEvent, stable_id
from jointchron.domain.vocabulary import RELATIONS


def relationship_id(
    from_person: uuid.UUID, relation: str, to_person: uuid.UUID, from_date: datetime.date | None
) -> uuid.UUID:
    return stable_id("relationship", str(from_person), relation, str(to_person), str(from_date or ""))


class RelationshipRecorded(DomainEvent):
    from_person: uuid.UUID
    relation: str
    to_person: uuid.UUID
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    source: str = ""
    note: str = ""

    @field_validator("relation")
    @classmethod
    def _known_relation(cls, value: str) -> str:
        if value not in RELATIONS:
            raise ValueError(f"unknown relation {value!r}")
        return value
