"""Person: someone a review is about, known to the panel by a pseudonym."""

from __future__ import annotations

import datetime
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict

from jointchron.domain.events import DomainEvent, stable_id

Role = Literal["child", "adult"]


def person_id(source_id: str) -> uuid.UUID:
    """The store id of a person known in the register as `source_id` (case and spacing ignored)."""
    return stable_id("person", " ".join(source_id.lower().split()))


class PersonRegistered(DomainEvent):
    """A person entered the register: confirmed from the people file, or unconfirmed from an extract."""

    source_id: str
    pseudonym: str
    role: Role | None = None
    names: tuple[str, ...] = ()
    dob: datetime.date | None = None
    identifiers: tuple[str, ...] = ()
    confirmed: bool = True


class PersonMerged(DomainEvent):
    """This person record and another are one person; everything follows `into`."""

    into: uuid.UUID
    reason: str
    by: str


class Person(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    source_id: str
    pseudonym: str
    role: Role | None
    names: tuple[str, ...]
    dob: datetime.date | None
    identifiers: tuple[str, ...]
    confirmed: bool

    def role_on(self, day: datetime.date) -> Role | None:
        """Child or adult on a given day: from the date of birth when known, else as registered."""
        if self.dob is None:
            return self.role
        had_birthday = (day.month, day.day) >= (self.dob.month, self.dob.day)
        age = day.year - self.dob.year - (0 if had_birthday else 1)
        return "child" if age < 18 else "adult"
