"""Extract: one imported file, its fingerprint, and what became of its rows."""

from __future__ import annotations

import re
import uuid
from pathlib import PurePath

from pydantic import BaseModel, ConfigDict

from jointchron.domain.events import DomainEvent, stable_id


def extract_id(agency: str, sha256: str, profile: str) -> uuid.UUID:
    """The same file, for the same agency, read the same way, is the same extract."""
    return stable_id("extract", agency, sha256, profile)


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DATES = re.compile(
    rf"""\b\d{{4}}[-. ]?\d{{2}}[-. ]?\d{{2}}\b           # 2019-11-20, 20191120
       | \b\d{{1,2}}[-. ]\d{{1,2}}[-. ]\d{{2,4}}\b         # 20-11-2019, 20.11.19
       | \b\d{{1,2}}\s*{_MONTH}\s*\d{{2,4}}\b | \b{_MONTH}\s*\d{{4}}\b   # 20 Nov 2019, Nov 2019
    """,
    re.X,
)
_VERSION = re.compile(
    r"""\b(?:v|ver|version|rev|revision|issue|no)\s*\d+\b | \(\d+\)
       | \b(?:revised|revision|final|updated|update|amended|corrected|latest|new|copy|draft|of)\b
    """,
    re.X,
)


def series_of(profile: str, file_name: str) -> str:
    """What makes extracts versions of one another: the same mapping, and the same file name once
    version and date markers are taken out (`Police chronology v2 (final) 20-11-2019.xlsx` and
    `police_chronology.csv` are one series). Always compared within one agency."""
    return f"{_plain_name(profile)}/{_plain_name(PurePath(file_name).stem)}"


def _plain_name(text: str) -> str:
    plain = text.casefold().replace("_", " ")
    plain = _DATES.sub(" ", plain)
    plain = re.sub(r"[-.,]+", " ", plain)
    plain = re.sub(r"[()\[\]{}]+", " ", _VERSION.sub(" ", plain))
    return " ".join(plain.split()) or " ".join(text.casefold().split())


class ImportCounts(BaseModel):
    model_config = ConfigDict(frozen=True)

    read: int = 0
    imported: int = 0
    amended: int = 0
    unchanged: int = 0
    no_longer_present: int = 0
    rejected: int = 0
    unresolved_subjects: int = 0
    without_subjects: int = 0  # rows naming no one (rejected unless the mapping allows it)


class ExtractImported(DomainEvent):
    agency: str
    file: str
    sha256: str
    profile: str
    counts: ImportCounts
    by: str
    # Where the file was read from (absolute), so that `jointchron verify` can check it again.
    # Absent from events stored before it was recorded.
    path: str | None = None
    # Which earlier extracts this one is a new version of (`series_of`); empty in events stored before.
    series: str = ""
    # The events that name this extract as their source, as stored when it was imported: how many, and
    # their digest (jointchron/store/extract_digest.py), for `verify`. None in events stored before.
    events: int | None = None
    digest: str | None = None
