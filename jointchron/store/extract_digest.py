"""Tamper evidence: what an import wrote to the event log, counted and digested, so that `verify` can tell
when one of its events has since been deleted or altered (with sqlite3, say), even after `rebuild`.

An extract's events are those that name it as their source: the `ContactRecorded`, `ContactAmended` and
`ContactReappeared` its rows wrote, and the `ContactNoLongerPresent` flags it raised. Each is hashed as
it is stored (id, version, topic and the stored bytes: ciphertext in an encrypted store, whatever
encoder wrote them), and the digest of an extract is the SHA-256 of its events' hashes in sorted order,
so the order in which batches were saved does not matter. `ExtractImported` records the count and the
digest; `verify` reads the log, hashes what it finds for each extract the same way, and compares.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc
from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.utils import get_topic

from jointchron.domain.contact import (
    ContactAmended,
    ContactNoLongerPresent,
    ContactReappeared,
    ContactRecorded,
)
from jointchron.store.mapper import PydanticMapper

EXTRACT_EVENT_TOPICS = tuple(
    get_topic(c) for c in (ContactRecorded, ContactAmended, ContactReappeared, ContactNoLongerPresent)
)
_TOPICS = frozenset(EXTRACT_EVENT_TOPICS)
_PAGE = 5000
_HASH_BYTES = 32


def event_hash(stored: StoredEvent) -> bytes:
    head = f"{stored.originator_id}\0{stored.originator_version}\0{stored.topic}\0".encode()
    return hashlib.sha256(head + stored.state).digest()


class EventDigest:
    """The count and digest of a set of stored events, added in any order.

    The hashes are kept end to end in one buffer, not as an object each: an import of a million
    rows holds a million of them until it records the extract.
    """

    def __init__(self) -> None:
        self._hashes = bytearray()

    def add(self, stored: Iterable[StoredEvent]) -> None:
        self._hashes += b"".join([event_hash(s) for s in stored if s.topic in _TOPICS])

    @property
    def count(self) -> int:
        return len(self._hashes) // _HASH_BYTES

    def hexdigest(self) -> str:
        """SHA-256 of the events' hashes in sorted order (sorted by Arrow, bytewise like Python's bytes)."""
        hashes = pa.FixedSizeBinaryArray.from_buffers(
            pa.binary(_HASH_BYTES), self.count, [None, pa.py_buffer(self._hashes)]
        )
        in_order = hashes.take(pc.sort_indices(hashes)) if self.count else hashes
        return hashlib.sha256(in_order.buffers()[1] or b"").hexdigest()


def extract_of(mapper: PydanticMapper, stored: StoredEvent) -> uuid.UUID | None:
    """The extract an event names as its source; None for a correction made by hand."""
    state = mapper.decode_state(stored)
    source = state.get("source")
    found = source.get("extract_id") if isinstance(source, dict) else state.get("extract_id")
    return uuid.UUID(str(found)) if found else None


def extract_digests(recorder: ApplicationRecorder, mapper: PydanticMapper) -> dict[uuid.UUID, EventDigest]:
    """Every extract's events as the log holds them now, counted and digested."""
    found: dict[uuid.UUID, EventDigest] = {}
    for stored in _extract_events(recorder):
        extract = extract_of(mapper, stored)
        if extract is not None:
            found.setdefault(extract, EventDigest()).add([stored])
    return found


def first_files(
    recorder: ApplicationRecorder, mapper: PydanticMapper, extracts: set[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """The file name the first event of each of `extracts` gives (for an extract with no import record)."""
    names: dict[uuid.UUID, str] = {}
    for stored in _extract_events(recorder):
        if len(names) == len(extracts):
            break
        state: dict[str, Any] = mapper.decode_state(stored)
        source = state.get("source")
        if isinstance(source, dict) and source.get("extract_id"):
            extract = uuid.UUID(str(source["extract_id"]))
            if extract in extracts and extract not in names:
                names[extract] = str(source.get("file") or "")
    return names


def _extract_events(recorder: ApplicationRecorder) -> Iterator[StoredEvent]:
    start = 0
    while page := recorder.select_notifications(
        start, _PAGE, topics=list(EXTRACT_EVENT_TOPICS), inclusive_of_start=False
    ):
        start = page[-1].id
        yield from cast(list[StoredEvent], page)
