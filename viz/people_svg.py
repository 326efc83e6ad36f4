"""The picture of the people around a child as inline SVG: no script, no library, every text escaped.

Children are circles (filled), adults squares, the child the picture is about larger and named in bold.
A line joins two people with a recorded relationship and names every relation between them once; a
relation with a direction (parent of, cares for) has an arrowhead at the person it points to. Each
element says who it is (`data-person`, `data-from`/`data-to`), so that a test can check the geometry.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Sequence

from jointchron.viz.model import Link, PersonNode
from jointchron.viz.palette import MUTED_TEXT, TEXT
from jointchron.viz.people_layout import Label, Picture, Point, picture

CHILD_FILL = "#1f4e9c"
ADULT_FILL = "#ffffff"
ARROW = 7.0  # px from an arrowhead's tip to its base


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _text(label: Label, colour: str) -> str:
    return (
        f'<text x="{label.x:.1f}" y="{label.y:.1f}" font-size="{label.size}" text-anchor="middle" '
        f'font-weight="{"bold" if label.bold else "normal"}" fill="{colour}" stroke="#ffffff" stroke-width="3" '
        f'paint-order="stroke">{html.escape(label.text)}</text>'
    )


def _towards(a: Point, b: Point, distance: float) -> Point:
    """The point `distance` px from `b` back towards `a`."""
    length = math.dist(a, b) or 1.0
    return b[0] + (a[0] - b[0]) * distance / length, b[1] + (a[1] - b[1]) * distance / length


def _person(name: str, at: Point, radius: float, is_child: bool, focus: bool) -> str:
    x, y = at
    who = f'data-person="{_attr(name)}"'
    if is_child:
        r = radius if focus else radius - 1
        return f'<circle {who} cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{CHILD_FILL}" stroke="{TEXT}" stroke-width="2"/>'
    half = radius / math.sqrt(2)  # the square's corners reach `radius`
    return (
        f'<rect {who} x="{x - half:.1f}" y="{y - half:.1f}" width="{2 * half:.1f}" height="{2 * half:.1f}" '
        f'fill="{ADULT_FILL}" stroke="{TEXT}" stroke-width="2"/>'
    )


def drawing_svg(drawn: Picture, roles: dict[str, str | None]) -> str:
    marker = "arrow-" + hashlib.sha1(drawn.focus.encode("utf-8")).hexdigest()[:10]
    label = _attr(f"People and relationships around {drawn.focus}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawn.width:.0f} {drawn.height:.0f}" '
        f'width="{drawn.width:.0f}" height="{drawn.height:.0f}" role="img" aria-label="{label}">',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="{ARROW}" '
        f'markerHeight="{ARROW}" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0L10,5L0,10Z" fill="{MUTED_TEXT}"/></marker></defs>',
    ]
    for tie in drawn.ties:
        a, b = drawn.at[tie.one], drawn.at[tie.other]
        # A line ends at a person's edge where an arrowhead points at them, else at their centre (hidden).
        start = _towards(b, a, drawn.radius[tie.one] + 1) if tie.one in tie.towards else a
        end = _towards(a, b, drawn.radius[tie.other] + 1) if tie.other in tie.towards else b
        heads = (f' marker-start="url(#{marker})"' if tie.one in tie.towards else "") + (
            f' marker-end="url(#{marker})"' if tie.other in tie.towards else ""
        )
        parts.append(
            f'<line data-from="{_attr(tie.one)}" data-to="{_attr(tie.other)}" x1="{start[0]:.1f}" '
            f'y1="{start[1]:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" stroke="{MUTED_TEXT}" stroke-width="1.5"{heads}/>'
        )
    for name, at in drawn.at.items():
        parts.append(_person(name, at, drawn.radius[name], roles.get(name) == "child", name == drawn.focus))
    parts += [_text(label, MUTED_TEXT) for label in drawn.relations]
    parts += [_text(label, TEXT) for label in drawn.names.values()]
    parts.append("</svg>")
    return "".join(parts)


def network_svg(child: str, people: Sequence[PersonNode], links: Sequence[Link]) -> str:
    """An SVG picture of `child` and everyone within two relationships, with the relations named."""
    return drawing_svg(picture(child, links), {p.shown: p.role for p in people})
