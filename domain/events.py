"""The base of every domain event: an immutable, validated, past-tense fact.

Events are pydantic models so that what goes into the store is validated once, at
the boundary, and what comes out is typed. The event's `timestamp` is when it
entered this store; business time (when something happened) is a field of its own.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

# All ids are uuid5 in this namespace, so that the same input always yields the same id.
NAMESPACE = uuid.UUID("6f0c1b5e-8d2a-5c1e-9a63-2f4f2b1d7c10")


_NAMESPACE_BYTES = NAMESPACE.bytes


def stable_id(*parts: str) -> uuid.UUID:
    """A deterministic id from text parts (re-importing the same row yields the same id).

    `uuid.uuid5(NAMESPACE, "\\x1f".join(parts))`, spelled out: one is made per imported row.
    """
    digest = hashlib.sha1(_NAMESPACE_BYTES + "\x1f".join(parts).encode(), usedforsecurity=False).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class DomainEvent(BaseModel):
    """A fact about one aggregate, at one version of it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Bumped when a field changes meaning; the mapper runs `upcast_vN_vM` on older stored events.
    class_version: ClassVar[int] = 1

    originator_id: uuid.UUID
    originator_version: int
    timestamp: datetime.datetime

    @classmethod
    def upcast(cls, state: dict[str, Any], stored_version: int) -> dict[str, Any]:
        """Bring a stored event's state up to this class's version."""
        for version in range(stored_version, cls.class_version):
            state = getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
        return state
