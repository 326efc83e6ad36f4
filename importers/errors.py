"""Errors an importer raises: for one row, or for the whole file."""

from __future__ import annotations

from dataclasses import dataclass

from jointchron.domain.errors import JointchronError


class FileError(JointchronError):
    """The file as a whole cannot be read (missing, unreadable, no matching header, bad mapping)."""


class MappingError(FileError):
    """A mapping file or profile that cannot be used; the message names the table and key."""


@dataclass
class RowError(Exception):
    """One cell that stops a row from being imported. Never reaches a user as a traceback."""

    column: str
    value: str
    reason: str
