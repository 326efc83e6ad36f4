"""The kinds' colours and shapes, measured: WCAG contrast, and distinctness in simulated colour blindness.

Colour-blindness is simulated with coloraide: Machado et al. (2009) at full severity for protanopia and
deuteranopia, Brettel et al. (1997) for tritanopia (Machado's model is weakest there); distance is
CIEDE2000, where about 2 is just noticeable and 10 or more reads as a different colour at a glance.
"""

from __future__ import annotations

import itertools

from coloraide import Color

from jointchron.domain.vocabulary import KINDS
from jointchron.viz.kinds import FAMILIES, SHAPES, kind_label, kind_style
from jointchron.viz.palette import GAP_STATUS

VISIONS = (None, "protan", "deutan", "tritan")
APART = 15.0  # CIEDE2000 between any two family colours, in every vision
GRAPHICS_CONTRAST = 3.0  # WCAG 2.1 AA, SC 1.4.11 (non-text contrast) against the white page


def seen(colour: str, vision: str | None) -> Color:
    shown = Color(colour)
    if vision is None:
        return shown
    return shown.filter(vision, method="brettel" if vision == "tritan" else "machado")


def closest(one: str, other: str) -> float:
    """The smallest CIEDE2000 distance between two colours across normal and simulated vision."""
    return min(seen(one, v).delta_e(seen(other, v), method="2000") for v in VISIONS)


def test_every_kind_of_the_vocabulary_belongs_to_exactly_one_family() -> None:
    listed = [kind for _, kinds in FAMILIES.values() for kind in kinds]
    assert sorted(listed) == sorted(KINDS) and len(listed) == len(set(listed))


def test_no_two_kinds_are_drawn_alike() -> None:
    drawn = {(kind_style(k).colour, kind_style(k).shape) for k in KINDS}
    assert len(drawn) == len(KINDS)
    assert all(kind_style(k).shape in SHAPES for k in KINDS)


def test_family_colours_stay_apart_in_normal_and_colour_blind_vision() -> None:
    colours = {family: colour for family, (colour, _) in FAMILIES.items()}
    nearest = min((closest(colours[a], colours[b]), a, b) for a, b in itertools.combinations(colours, 2))
    assert nearest[0] >= APART, nearest


def test_two_kinds_that_share_a_shape_differ_in_colour_for_every_reader() -> None:
    for one, other in itertools.combinations(KINDS, 2):
        a, b = kind_style(one), kind_style(other)
        if a.shape == b.shape:
            assert closest(a.colour, b.colour) >= APART, (one, other)


def test_kind_and_gap_colours_meet_wcag_aa_for_graphics_on_white() -> None:
    for colour, _ in FAMILIES.values():
        assert Color(colour).contrast("#ffffff", method="wcag21") >= GRAPHICS_CONTRAST, colour
    # A gap's outline carries its contrast (the pale fill of a late gap is drawn inside it).
    for _, outline in GAP_STATUS.values():
        assert Color(outline).contrast("#ffffff", method="wcag21") >= 4.5, outline
    fills = {status: fill for status, (fill, _) in GAP_STATUS.items()}
    assert closest(fills["missing"], fills["late"]) >= APART  # solid and pale: apart for every reader


def test_kinds_read_in_plain_english() -> None:
    assert kind_label("missed_appointment") == "Missed appointment"
    assert kind_label("s47_start") == "Section 47 enquiry started"
    assert kind_label("referral") == "Referral"
    assert all("_" not in kind_label(k) and kind_label(k)[0].isupper() for k in KINDS)
    assert len({kind_label(k) for k in KINDS}) == len(KINDS)
