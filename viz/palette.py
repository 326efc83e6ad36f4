"""Colours and lane order: what a panel sees first, chosen to be readable on a shared screen.

Kinds are coloured by family (harm, police, referral, …): related kinds share a colour, so a
screen of dots reads as a story rather than thirty-odd hues nobody can tell apart; the tooltip
and legend name the exact kind. Every colour reaches WCAG AA contrast for text (4.5:1) on the
white page, more than the 3:1 that graphics need.
"""

from __future__ import annotations

from typing import Final

from jointchron.domain.vocabulary import KINDS, SECTORS

BACKGROUND: Final = "#ffffff"
TEXT: Final = "#1a1a1a"
MUTED_TEXT: Final = "#4a4a4a"
GAP_FILL: Final = "#d32f2f"  # drawn at low opacity; the band's outline carries the contrast
GAP_STROKE: Final = "#b71c1c"
SILENCE: Final = "#ffffff"  # a month with no contact at all: an empty cell in the heat map
CELL_EDGE: Final = "#bdbdbd"
HEAT_SCHEME: Final = ("#c6dbef", "#9ecae1", "#4292c6", "#08519c", "#08306b")

FAMILIES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "harm": ("#a0216b", ("concern", "disclosure", "injury", "incident")),
    "police and courts": ("#1f4e9c", ("investigation", "arrest", "bail", "charge", "conviction")),
    "referrals": ("#a34700", ("notification", "referral", "contact_received", "escalation")),
    "decisions and enquiries": (
        "#00695c",
        ("decision", "s47_start", "s47_end", "assessment_start", "assessment_end"),
    ),
    "meetings and plans": (
        "#2e6b1f",
        ("strategy_discussion", "minutes_shared", "conference", "meeting", "plan_start", "plan_end"),
    ),
    "appointments and visits": ("#6a3d9a", ("visit", "appointment", "missed_appointment")),
    "information": ("#6d4c41", ("information_shared", "information_request")),
    "attendance": ("#00668a", ("absence", "missing")),
    "notes": ("#545454", ("note",)),
}

KIND_COLOURS: Final[dict[str, str]] = {kind: colour for colour, kinds in FAMILIES.values() for kind in kinds}
OTHER_KIND: Final = FAMILIES["notes"][0]


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_KIND)


def kind_order(kinds: set[str] | frozenset[str]) -> list[str]:
    """The kinds present, in vocabulary order (which groups each family together)."""
    known = [k for k in KINDS if k in kinds]
    return known + sorted(kinds - set(KINDS))


def sector_rank(sector: str) -> int:
    return SECTORS.index(sector) if sector in SECTORS else len(SECTORS)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a `#rrggbb` colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)
