"""The panel's judgement on a gap or finding the rules raised: a real gap (accepted) or not (dismissed).

A judgement keeps what the gap showed when it was judged (`evidence`: status, trigger, follow-up,
due date, …), so that a revised extract that changes that evidence flags the judgement for review
instead of leaving it silently attached to a different gap.
"""

from __future__ import annotations

import uuid
from typing import Literal

from jointchron.domain.events import DomainEvent, stable_id

Decision = Literal["accepted", "dismissed"]
JudgedKind = Literal["gap", "finding"]


class GapJudged(DomainEvent):
    target: str
    target_kind: JudgedKind
    decision: Decision
    reason: str
    by: str
    evidence: dict[str, str]


def judgement_id(target: str) -> uuid.UUID:
    """One record per gap or finding: a second judgement is its next version, the first its history."""
    return stable_id("judgement", target)
