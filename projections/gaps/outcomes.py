"""What the gap rules conclude: gaps, the records that contradict themselves, and what a run found."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Literal

from jointchron.projections.entries import Entry
from jointchron.projections.gaps.graph import Step
from jointchron.projections.gaps.rulebook import Rule

Status = Literal["missing", "late", "incomplete", "pattern"]
_GAP_NAMESPACE = uuid.UUID("5b0c8c3e-6a55-4c8e-9a8e-2f8f4f7a9d11")


@dataclass
class Gap:
    rule: Rule
    status: Status
    trigger: Entry
    triggers: list[Entry]
    child: str | None  # canonical person ids
    children: tuple[str, ...]
    adult: str | None = None
    agency: str | None = None
    path: tuple[Step, ...] = ()  # how the child is connected to the adult
    due: datetime.date | None = None
    follow_up: Entry | None = None
    closed_by: Entry | None = None  # the entry that closed the window (an assessment's end)
    days_late: int | None = None
    missing: tuple[str, ...] = ()
    date_uncertain: bool = False

    @property
    def id(self) -> str:
        key = "|".join((self.rule.id, self.trigger.id, self.child or "", self.adult or "", self.agency or ""))
        return str(uuid.uuid5(_GAP_NAMESPACE, key))


@dataclass(frozen=True)
class DataProblem:
    """A record that contradicts itself (an assessment authorised before it started): reported, not judged."""

    start: Entry
    end: Entry
    child: str | None


@dataclass
class Assessment:
    """What a rulebook makes of a case: the gaps, the rules it could not judge, and the data problems met."""

    gaps: list[Gap]
    not_assessable: list[Rule]
    problems: list[DataProblem]
