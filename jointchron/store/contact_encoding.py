"""The stored form of a new contact's `ContactRecorded` event, written from its validated parts.

An import records one new contact a row. Building the pydantic event only to serialise it costs
more than storing it, and everything in it is validated already: the content by pydantic as the
row was read, the source by the types below. `RecordedEncoder` writes the very bytes pydantic
writes for the event (tests/unit/test_contact_encoding.py holds the two equal, for every shape of
source), and reading the event back validates it like any other.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from pydantic import TypeAdapter
from pydantic_core import to_json

from jointchron.domain.contact import ContactRecorded

_DATETIME_JSON = TypeAdapter(datetime.datetime).dump_json
_TEXT_JSON = TypeAdapter(str | None).dump_json


def fields_json(fields: dict[str, Any]) -> bytes:
    """A contact's validated fields, given in `ContactContent`'s order, as JSON: the bytes pydantic
    writes for the same contact (`model_dump_json`; tests/unit/test_contact_encoding.py)."""
    return to_json(fields)


# The fields as pydantic writes them, in this order; a change to the event must change this module too.
_FIELDS = ("timestamp", "content", "source")
_SOURCE_FIELDS = ("extract_id", "file", "sheet", "row", "row_hash")


class RecordedEncoder:
    """The JSON state of `ContactRecorded` events saved at one moment from one extract."""

    def __init__(self, timestamp: datetime.datetime, extract: uuid.UUID) -> None:
        self._head = b'{"timestamp":' + _DATETIME_JSON(timestamp) + b',"content":'
        self._extract = b',"source":{"extract_id":"' + str(extract).encode() + b'","file":'
        self._places: dict[tuple[str, str | None], bytes] = {}

    def state(self, content: bytes, file: str, sheet: str | None, row: int, row_hash: str) -> bytes:
        place = self._places.get((file, sheet))
        if place is None:
            place = self._extract + _TEXT_JSON(file) + b',"sheet":' + _TEXT_JSON(sheet) + b',"row":'
            self._places[(file, sheet)] = place
        # A row hash is hex (importers/contacts.py): written as it is; anything else is escaped by pydantic.
        hashed = (
            b'"%s"' % row_hash.encode() if row_hash.isascii() and row_hash.isalnum() else _TEXT_JSON(row_hash)
        )
        return b"".join((self._head, content, place, b"%d" % row, b',"row_hash":', hashed, b"}}"))


def _check_shape() -> None:
    """Refuses to run against an event whose fields no longer are the ones written above."""
    fields = tuple(
        f for f in ContactRecorded.model_fields if f not in ("originator_id", "originator_version")
    )
    source = tuple(ContactRecorded.model_fields["source"].annotation.model_fields)  # type: ignore[union-attr]
    if fields != _FIELDS or source != _SOURCE_FIELDS or ContactRecorded.class_version != 1:
        raise RuntimeError(
            "ContactRecorded changed: update jointchron/store/contact_encoding.py to write its new fields"
        )


_check_shape()
