"""Drafts: validated values an importer hands to the application to record.

Plain values with no behaviour beyond their ids, so that importers build them without knowing
how they are stored.
"""

from __future__ import annotations

import datetime
import uuid
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from jointchron.domain.contact import ContactContent
from jointchron.domain.events import stable_id
from jointchron.domain.person import Role, person_id


class PersonDraft(BaseModel):
    model_config = ConfigDict(frozen=True)

    source_id: str
    pseudonym: str
    role: Role | None = None
    names: tuple[str, ...] = ()
    dob: datetime.date | None = None
    identifiers: tuple[str, ...] = ()
    confirmed: bool = True

    @property
    def id(self) -> uuid.UUID:
        return person_id(self.source_id)


class RelationshipDraft(BaseModel):
    model_config = ConfigDict(frozen=True)

    from_person: uuid.UUID
    relation: str
    to_person: uuid.UUID
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    source: str = ""
    note: str = ""


class ContactDraft(NamedTuple):
    """A validated row, ready to record. `identity` is the source's own reference, or the row's content.

    A plain tuple, cheap to build once a row. `content_json` is the row's `ContactContent`,
    validated by pydantic as the row was read and written as pydantic writes it: a new contact's
    event is stored from these bytes, and `content()` reads them back only for a row whose contact
    is already held.
    """

    agency: str
    content_json: bytes
    identity: str
    file: str
    sheet: str | None
    row: int
    row_hash: str

    def content(self) -> ContactContent:
        return ContactContent.model_validate_json(self.content_json)


def contact_id(agency: str, identity: str) -> uuid.UUID:
    return stable_id("contact", agency, identity)
