"""Plain values the charts and the review pack are drawn from (no DuckDB, no Altair here)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from jointchron.viz.palette import sector_rank


@dataclass(frozen=True)
class Lane:
    """One agency's swimlane."""

    code: str
    name: str
    sector: str


@dataclass(frozen=True)
class PersonNode:
    """Someone in the register as the output shows them (pseudonym, or name with --named)."""

    shown: str
    role: str | None  # "child" or "adult" during the period under review; None when unknown


@dataclass(frozen=True)
class Link:
    """A relationship between two people, by the names the output shows."""

    source: str
    relation: str
    target: str


@dataclass(frozen=True)
class ReviewFacts:
    title: str
    jurisdiction: str
    period_start: datetime.date | None
    period_end: datetime.date | None


def ordered_lanes(lanes: Iterable[Lane]) -> list[Lane]:
    """Lanes by sector (police, social care, health, education, …), then by name."""
    return sorted(lanes, key=lambda lane: (sector_rank(lane.sector), lane.name.casefold(), lane.code))


def uk_date(iso: str | datetime.date | None) -> str:
    """`2019-09-12` as `12/09/2019` (empty for no date)."""
    if iso is None or iso == "":
        return ""
    day = iso if isinstance(iso, datetime.date) else datetime.date.fromisoformat(str(iso)[:10])
    return f"{day:%d/%m/%Y}"
