"""The panel's questions to an agency about what its records show, and the agency's answers."""

from __future__ import annotations

from typing import Literal

from jointchron.domain.events import DomainEvent

QuestionAbout = Literal["entry", "gap", "finding"]


class QuestionAsked(DomainEvent):
    agency: str
    text: str
    about: str | None = None
    about_kind: QuestionAbout | None = None
    by: str


class QuestionAnswered(DomainEvent):
    """An answer, as the agency gave it; a later answer adds to the earlier ones."""

    text: str
    by: str
