"""Contact: one agency's record of something that happened (DESIGN §4).

A contact is recorded once, then only ever amended or withdrawn by new events;
its history is the sequence of those events.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from jointchron.domain.events import DomainEvent
from jointchron.domain.vocabulary import KINDS

Precision = Literal["day", "month", "year", "approximate", "range"]
# Checked by pydantic-core itself (a contact is validated on every imported row).
AgencyCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Label = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]
KindName = Annotated[str, StringConstraints(pattern="^(?:" + "|".join(KINDS) + ")$")]
Clock = Annotated[str, StringConstraints(pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$")]


class ContactContent(BaseModel):
    """What a contact says. Agencies by code, subjects by person id (uuid text), dates ISO."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency: AgencyCode
    date: datetime.date
    end_date: datetime.date | None = None
    precision: Precision = "day"
    time: Clock | None = None
    recorded: datetime.date | None = None
    kind: KindName
    tags: tuple[Label, ...] = ()
    subjects: tuple[str, ...] = ()
    participants: tuple[AgencyCode, ...] = ()
    recipients: tuple[AgencyCode, ...] = ()
    sender: AgencyCode
    summary: str = ""
    detail: str = ""
    practitioner: str = ""
    reference: str = ""
    outcome: str = ""
    # The piece of work this record belongs to, where the extract says (a CIN episode, a case
    # number): an end answers the start of its own episode (DESIGN §7).
    episode: str = ""


def content_problem(problem: ErrorDetails) -> str:
    """One validation problem of a contact's content, in words a panel's analyst can act on."""
    field = problem["loc"][0] if problem["loc"] else ""
    value = problem.get("input")
    if problem["type"] != "string_pattern_mismatch":
        return problem["msg"]
    if field == "kind":
        return f"unknown kind {value!r}"
    if field == "time":
        return f"time {value!r} is not HH:MM"
    if field == "tags":
        return f"tag {value!r} is not lower_snake_case"
    return f"{value!r} is not an agency code"


class Source(BaseModel):
    """Where a contact came from: the extract, file, sheet and row a person can find it at."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    extract_id: uuid.UUID
    file: str
    sheet: str | None = None
    row: int
    row_hash: str


class ContactRecorded(DomainEvent):
    content: ContactContent
    source: Source


class ContactAmended(DomainEvent):
    """Some fields changed: by a revised extract (with its source) or by hand (with a reason)."""

    changes: dict[str, Any]
    reason: str
    by: str
    source: Source | None = None


class ContactWithdrawn(DomainEvent):
    reason: str
    by: str


class ContactReinstated(DomainEvent):
    reason: str
    by: str


class ContactNoLongerPresent(DomainEvent):
    """A revised extract of the same agency no longer holds the row. Flagged, never deleted."""

    extract_id: uuid.UUID


class ContactReappeared(DomainEvent):
    """A later extract holds the row again, unchanged, after one had left it out: the flag is cleared."""

    source: Source


ContactEvent = (
    ContactRecorded
    | ContactAmended
    | ContactWithdrawn
    | ContactReinstated
    | ContactNoLongerPresent
    | ContactReappeared
)


class Contact(BaseModel):
    """The current state of a contact, folded from its events."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    version: int
    content: ContactContent
    source: Source
    withdrawn: bool = False
    no_longer_present: bool = False
    amended: bool = False

    @classmethod
    def fold(cls, events: Iterable[DomainEvent]) -> Contact:
        state: Contact | None = None
        for event in events:
            state = cls.apply(state, event)
        if state is None:
            raise ValueError("a contact needs its ContactRecorded event first")
        return state

    @classmethod
    def apply(cls, state: Contact | None, event: DomainEvent) -> Contact:
        if isinstance(event, ContactRecorded):
            return cls(
                id=event.originator_id,
                version=event.originator_version,
                content=event.content,
                source=event.source,
            )
        if state is None:
            raise ValueError(f"{type(event).__name__} before ContactRecorded")
        update: dict[str, Any] = {"version": event.originator_version}
        if isinstance(event, ContactAmended):
            update["content"] = amend(state.content, event.changes)
            update["amended"] = True
            if event.source is not None:
                update["source"] = event.source
                update["no_longer_present"] = False
        elif isinstance(event, ContactWithdrawn):
            update["withdrawn"] = True
        elif isinstance(event, ContactReinstated):
            update["withdrawn"] = False
        elif isinstance(event, ContactNoLongerPresent):
            update["no_longer_present"] = True
        elif isinstance(event, ContactReappeared):
            update["no_longer_present"] = False
            update["source"] = event.source
        return state.model_copy(update=update)


AMENDABLE = frozenset(ContactContent.model_fields) - {"agency"}


def amend(content: ContactContent, changes: dict[str, Any]) -> ContactContent:
    """The content with `changes` applied, validated again as a whole."""
    unknown = set(changes) - AMENDABLE
    if unknown:
        raise ValueError(f"cannot amend {', '.join(sorted(unknown))}")
    try:
        return ContactContent.model_validate({**content.model_dump(), **changes})
    except ValidationError as error:
        raise ValueError(content_problem(error.errors()[0])) from None


def differences(old: ContactContent, new: ContactContent) -> dict[str, Any]:
    """The fields of `new` that differ from `old`, as JSON-ready values."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    return {name: value for name, value in after.items() if before[name] != value}
