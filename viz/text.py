"""How much room a line of text takes when drawn, for placing labels so that none overlap.

Widths are DejaVu Sans's (the page's first font, and among the widest common sans-serif faces, so a
label placed by these widths also fits when a browser falls back to Arial or Helvetica), measured in
Chromium at 100 px per character from space to `~`; any other character counts as a full em.
"""

from __future__ import annotations

from typing import Final

_ASCII: Final = (
    "32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,53,100,"
    "68,69,70,77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,61,73,68,99,69,61,69,39,34,39,84,50,50,61,63,"
    "55,63,62,35,63,63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,82,59,59,52,64,34,64,84"
)
WIDTHS: Final[dict[str, float]] = {
    chr(32 + at): int(width) / 100 for at, width in enumerate(_ASCII.split(","))
}
BOLD: Final = 1.12  # DejaVu Sans Bold is at most this much wider


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Pixels that `text` takes at `size` px."""
    ems = sum(WIDTHS.get(ch, 1.0) for ch in text)
    return ems * size * (BOLD if bold else 1.0)
