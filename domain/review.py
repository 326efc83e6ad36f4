"""Review: the case under review, its jurisdiction and period; and the agencies that took part."""

from __future__ import annotations

import datetime
import uuid

from pydantic import BaseModel, ConfigDict

from jointchron.domain.events import DomainEvent, stable_id
from jointchron.domain.jurisdiction import Jurisdiction

# One store holds one review.
REVIEW_ID = stable_id("review")


class ReviewOpened(DomainEvent):
    title: str
    jurisdiction: Jurisdiction
    period_start: datetime.date
    period_end: datetime.date


class Review(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    jurisdiction: Jurisdiction
    period_start: datetime.date
    period_end: datetime.date


class AgencyRegistered(DomainEvent):
    """An agency first seen in this review, with the sector the rules judge it by."""

    code: str
    name: str
    sector: str


def agency_id(code: str) -> uuid.UUID:
    return stable_id("agency", code)
