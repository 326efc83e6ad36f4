"""How each kind of entry is named and drawn: a plain-English label, a colour per family, a shape per kind.

Related kinds share a family colour (harm, police and courts, referrals, …) so that a screen of marks
reads as a story; within a family each kind has its own shape, so that no two kinds are drawn alike.
The nine family colours were chosen for a panel that includes colour-blind readers: every pair stays
clearly apart (CIEDE2000 ΔE of 15 or more) in normal vision and in simulated protanopia, deuteranopia and
tritanopia, and each has at least the 3:1 contrast against the white page that WCAG 2.1 AA asks of
graphics (SC 1.4.11). `tests/unit/test_kind_palette.py` measures both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from jointchron.domain.vocabulary import KINDS

# Shapes in the order a family's kinds take them: each is told apart from the others at 10 px.
SHAPES: Final = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross")

FAMILIES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "harm": ("#780000", ("concern", "disclosure", "injury", "incident")),
    "police and courts": ("#3c60cc", ("investigation", "arrest", "bail", "charge", "conviction")),
    "referrals": ("#f06c00", ("notification", "referral", "contact_received", "escalation")),
    "decisions and enquiries": (
        "#004848",
        ("decision", "s47_start", "s47_end", "assessment_start", "assessment_end"),
    ),
    "meetings and plans": (
        "#849c6c",
        ("strategy_discussion", "minutes_shared", "conference", "meeting", "plan_start", "plan_end"),
    ),
    "appointments and visits": ("#541878", ("visit", "appointment", "missed_appointment")),
    "information": ("#9c5418", ("information_shared", "information_request")),
    "attendance": ("#249ccc", ("absence", "missing")),
    "notes": ("#6c6c60", ("note",)),
}
OTHER_FAMILY: Final = "notes"

LABELS: Final[dict[str, str]] = {
    "contact_received": "Contact received",
    "s47_start": "Section 47 enquiry started",
    "s47_end": "Section 47 enquiry ended",
    "assessment_start": "Assessment started",
    "assessment_end": "Assessment completed",
    "conference": "Child protection conference",
    "plan_start": "Plan started",
    "plan_end": "Plan ended",
    "missed_appointment": "Missed appointment",
    "information_shared": "Information shared",
    "information_request": "Information requested",
    "missing": "Reported missing",
    "strategy_discussion": "Strategy discussion",
    "minutes_shared": "Minutes shared",
}


@dataclass(frozen=True)
class KindStyle:
    kind: str
    label: str
    family: str
    colour: str
    shape: str


def kind_label(kind: str) -> str:
    """`missed_appointment` -> `Missed appointment` (what the legend, tooltips and tables say)."""
    return LABELS.get(kind) or kind.replace("_", " ").strip().capitalize() or kind


def _styles() -> dict[str, KindStyle]:
    found = {}
    for family, (colour, kinds) in FAMILIES.items():
        for at, kind in enumerate(kinds):
            found[kind] = KindStyle(kind, kind_label(kind), family, colour, SHAPES[at])
    return found


STYLES: Final[dict[str, KindStyle]] = _styles()


def kind_style(kind: str) -> KindStyle:
    """The kind's label, family, colour and shape; a kind outside the vocabulary is drawn as a note's
    colour with a shape no note uses, so it is never mistaken for one."""
    known = STYLES.get(kind)
    if known is not None:
        return known
    colour = FAMILIES[OTHER_FAMILY][0]
    return KindStyle(kind, kind_label(kind), OTHER_FAMILY, colour, SHAPES[-1])


def kind_order(kinds: set[str] | frozenset[str]) -> list[str]:
    """The kinds present, in vocabulary order (which keeps each family together)."""
    known = [k for k in KINDS if k in kinds]
    return known + sorted(kinds - set(KINDS))
