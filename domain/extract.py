"""Extract: one imported file, its fingerprint, and what became of its rows."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from jointchron.domain.events import DomainEvent, stable_id


def extract_id(agency: str, sha256: str, profile: str) -> uuid.UUID:
    """The same file, for the same agency, read the same way, is the same extract."""
    return stable_id("extract", agency, sha256, profile)


class ImportCounts(BaseModel):
    model_config = ConfigDict(frozen=True)

    read: int = 0
    imported: int = 0
    amended: int = 0
    unchanged: int = 0
    no_longer_present: int = 0
    rejected: int = 0
    unresolved_subjects: int = 0


class ExtractImported(DomainEvent):
    agency: str
    file: str
    sha256: str
    profile: str
    counts: ImportCounts
    by: str
