"""Colours and lane order: what a panel sees first, chosen to be readable on a shared screen.

Kinds take their colour and shape from `jointchron.viz.kinds`. Text colours reach WCAG AA contrast for
text (4.5:1) on the white page; the gap colours reach the 3:1 that graphics need, and a gap's status is
told by fill as well as colour (solid: nothing happened; pale with a dark outline: late or partial).
"""

from __future__ import annotations

from typing import Final

from jointchron.domain.vocabulary import SECTORS

BACKGROUND: Final = "#ffffff"
TEXT: Final = "#1a1a1a"
MUTED_TEXT: Final = "#4a4a4a"
GAP_STROKE: Final = "#b71c1c"
GAP_PALE: Final = "#f6d5d3"
GREY_STROKE: Final = "#545454"
GREY_PALE: Final = "#e3e3e3"
# Gap status -> (fill, outline): red for what did not happen or happened late, grey for a meeting that
# was held without everyone and for a pattern.
GAP_STATUS: Final[dict[str, tuple[str, str]]] = {
    "missing": (GAP_STROKE, GAP_STROKE),
    "late": (GAP_PALE, GAP_STROKE),
    "incomplete": (GREY_PALE, GREY_STROKE),
    "pattern": (GREY_STROKE, GREY_STROKE),
}
SILENCE: Final = "#ffffff"  # a month with no contact at all: an empty cell in the heat map
CELL_EDGE: Final = "#bdbdbd"
HEAT_SCHEME: Final = ("#c6dbef", "#9ecae1", "#4292c6", "#08519c", "#08306b")


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
