"""Findings: the gaps one trigger left, read as one failure rather than a row per child and agency.

"Police did not tell School, CSC or GP about Mr D's arrest, for Child Cx and Child Bk" is one
thing a panel writes down, though the rules judge it as five gaps (one per connected child and
agency that knew the child). A finding gathers the gaps of one rule and one trigger entry; its id
is derived from the two, so that it stays the same on every run, as gap ids do.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jointchron.projections.entries import Entry
from jointchron.projections.gaps.engine import Gap, Status
from jointchron.projections.gaps.rulebook import Rule

_FINDING_NAMESPACE = uuid.UUID("0f3b6f43-2f3e-4d8e-8f0c-6b1d7e0a5c21")
# Worst first: nothing came; it came late; it came without those it needed; a pattern to look into.
WORST: dict[Status, int] = {"missing": 0, "late": 1, "incomplete": 2, "pattern": 3}


def finding_id(rule_id: str, trigger_entry_id: str) -> str:
    return str(uuid.uuid5(_FINDING_NAMESPACE, f"{rule_id}|{trigger_entry_id}"))


@dataclass
class Finding:
    rule: Rule
    trigger: Entry
    gaps: list[Gap]

    @property
    def id(self) -> str:
        return finding_id(self.rule.id, self.trigger.id)

    @property
    def status(self) -> Status:
        return min((g.status for g in self.gaps), key=WORST.__getitem__)

    @property
    def days_late(self) -> int | None:
        late = [g.days_late for g in self.gaps if g.days_late is not None]
        return max(late) if late else None

    @property
    def children(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(c for g in self.gaps for c in (g.children or ((g.child,) if g.child else ())))
        )

    @property
    def adults(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.adult for g in self.gaps if g.adult))

    @property
    def agencies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.agency for g in self.gaps if g.agency))

    @property
    def date_uncertain(self) -> bool:
        return any(g.date_uncertain for g in self.gaps)


def findings_of(gaps: Sequence[Gap], subject: str | None, order: Mapping[str, int]) -> list[Finding]:
    """One finding per (rule, trigger entry); those about the review's subject child first, then by
    date (and the rulebook's order of rules on the same day)."""
    grouped: dict[tuple[str, str], Finding] = {}
    for gap in gaps:
        key = (gap.rule.id, gap.trigger.id)
        found = grouped.get(key)
        if found is None:
            grouped[key] = Finding(gap.rule, gap.trigger, [gap])
        else:
            found.gaps.append(gap)
    for finding in grouped.values():
        finding.gaps.sort(key=lambda g: (g.child != subject, g.agency or "", g.child or "", g.adult or ""))
    return sorted(
        grouped.values(),
        key=lambda f: (subject not in f.children, f.trigger.sort_key, order.get(f.rule.id, 0), f.id),
    )
