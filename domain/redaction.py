"""The review's redaction list: terms a published review must not show (a school, a street, a town).

`jointchron redact add TERM --as LABEL` records a `RedactionAdded`; adding the same term again (in any
case or spacing) records its new label. Nothing is removed: the list only grows, as the panel works.
"""

from __future__ import annotations

import uuid

from jointchron.domain.events import DomainEvent, stable_id


def redaction_id(term: str) -> uuid.UUID:
    return stable_id("redaction", " ".join(term.split()).casefold())


class RedactionAdded(DomainEvent):
    """A term (`Oakfield Primary`) to be shown as its label (`the school`) in every published output."""

    term: str
    label: str
    by: str
