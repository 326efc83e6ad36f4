"""The audit log: which command changed the store, who ran it, and when.

Each run of a store-changing command is one `CommandRecorded` fact, saved in the same transaction
as the first events that command writes, so that no change is ever stored without its entry. A
command that writes nothing (a dry run, a file imported before) leaves no entry. `arguments`
never hold personal data: file names, agency codes, ids and flags only.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from jointchron.domain.events import DomainEvent


class CommandDraft(BaseModel):
    model_config = ConfigDict(frozen=True)

    command: str
    by: str
    arguments: tuple[str, ...] = ()


class CommandRecorded(DomainEvent):
    command: str
    by: str
    arguments: tuple[str, ...] = ()


def command_id() -> uuid.UUID:
    """Every run is its own record, so that concurrent commands never contend for the log."""
    return uuid.uuid4()
