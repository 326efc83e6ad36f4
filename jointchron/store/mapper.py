"""Maps pydantic domain events to the library's stored events and back.

`eventsourcing` ships no pydantic mapper; this one writes `class_version` when it is
above 1 and runs the event class's upcasters when reading an older event.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from jointchron.domain.errors import JointchronError
from jointchron.domain.events import DomainEvent


class UnreadableEvent(JointchronError, ValueError):
    pass


_ENVELOPE = {"originator_id", "originator_version"}


@cache
def _topic(cls: type[DomainEvent]) -> str:
    return get_topic(cls)


@cache
def _class(topic: str) -> type[DomainEvent]:
    return cast(type[DomainEvent], resolve_topic(topic))


class PydanticMapper(Mapper[UUID]):
    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        event = cast(DomainEvent, domain_event)
        cls = type(event)
        data = cls.__pydantic_serializer__.to_json(event, exclude=_ENVELOPE)
        return self.stored_event(event.originator_id, event.originator_version, cls, data)

    def stored_event(self, originator_id: UUID, originator_version: int, cls: type[DomainEvent],
                     data: bytes) -> StoredEvent:  # fmt: skip
        """The stored event of a `cls` event whose fields (without the envelope) serialise as `data`."""
        if cls.class_version > 1:
            # Every event has a timestamp, so the object is never empty.
            data = b'{"class_version":%d,' % cls.class_version + data[1:]
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=originator_id, originator_version=originator_version, topic=_topic(cls), state=data
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        cls = _class(stored_event.topic)
        return cast(DomainEventProtocol[UUID], cls.model_validate(self.decode_state(stored_event)))

    def decode_state(self, stored_event: StoredEvent) -> dict[str, Any]:
        """The event's fields as plain JSON values, upcast to the current class version."""
        data = self.plain_json(
            stored_event.state, stored_event.originator_id, stored_event.originator_version
        )
        state: dict[str, Any] = json.loads(data)
        stored_version = state.pop("class_version", 1)
        cls = _class(stored_event.topic)
        if stored_version < cls.class_version:
            state = cls.upcast(state, stored_version)
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        return state

    @staticmethod
    def at_first_version(topic: str) -> bool:
        """Whether events of this topic's class are all stored as they are read (nothing to upcast)."""
        return _class(topic).class_version == 1

    def plain_json(self, state: bytes, originator_id: object, originator_version: int) -> bytes:
        """A stored event's JSON text (its fields without the envelope), decrypted and decompressed."""
        data = state
        if self.cipher:
            try:
                data = self.cipher.decrypt(data)
            except ValueError:  # AES-GCM authenticates: a wrong key and an altered event both fail here
                raise UnreadableEvent(
                    f"an event of {UUID(str(originator_id))} (version {originator_version}) cannot "
                    "be decrypted: the key is not this store's, or the event was altered; check the key"
                ) from None
        if self.compressor:
            data = self.compressor.decompress(data)
        return data
