"""The panel's own reading of the joint chronology: notes and marks beside the agencies' records.

A note names a joint entry (by the id of one of its records, so that it follows that record into
whatever entry holds it) or a key practice episode. Nothing the panel writes is ever deleted: a
note, an episode, a question or a judgement is withdrawn by a further event, and stays in its history.
"""

from __future__ import annotations

import uuid
from typing import Literal

from jointchron.domain.events import DomainEvent, stable_id

NoteAbout = Literal["entry", "episode"]


class NoteAdded(DomainEvent):
    """The panel's note (analysis, comment) on an entry of the joint chronology or on an episode."""

    about: str
    about_kind: NoteAbout
    text: str
    by: str


class EntryMarked(DomainEvent):
    """The panel marked an entry as significant (or, later, as not significant after all)."""

    entry: str
    significant: bool
    reason: str
    by: str


class AnnotationWithdrawn(DomainEvent):
    """The panel withdrew its note, episode, question, answer or judgement; it stays in the history."""

    reason: str
    by: str


def new_annotation_id() -> uuid.UUID:
    """Each note, episode and question is its own record: two members writing at once never contend."""
    return uuid.uuid4()


def mark_id(entry: str) -> uuid.UUID:
    """One record of marks per entry: each new mark is its next version, the earlier ones its history."""
    return stable_id("mark", entry)
