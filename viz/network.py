"""The people around each child: who counts as connected (the person filter) and a small picture.

A child's circle is the child and every adult within two relationship hops (a parent, the
parent's partner, an adult living in the home, …), whatever the relationship's dates: the
panel filters the timeline to a child to see everything that touched that child's household.
The picture is plain inline SVG built here, every text escaped: no script, no library.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from jointchron.viz.model import Link, PersonNode
from jointchron.viz.palette import MUTED_TEXT, TEXT

HOPS = 2
SIZE = 440
CHILD_FILL = "#1f4e9c"
ADULT_FILL = "#ffffff"


def neighbours(links: Sequence[Link]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for link in links:
        if link.source == link.target:
            continue
        found.setdefault(link.source, set()).add(link.target)
        found.setdefault(link.target, set()).add(link.source)
    return found


def within(
    person: str, links: Sequence[Link], hops: int = HOPS, adjacent: dict[str, set[str]] | None = None
) -> dict[str, int]:
    """Everyone within `hops` relationships of `person`, with their distance (0 for the person)."""
    adjacent = neighbours(links) if adjacent is None else adjacent
    distance = {person: 0}
    frontier = [person]
    for hop in range(1, hops + 1):
        frontier = [n for p in frontier for n in sorted(adjacent.get(p, ())) if n not in distance]
        for n in frontier:
            distance.setdefault(n, hop)
    return distance


def circles(people: Sequence[PersonNode], links: Sequence[Link]) -> dict[str, list[str]]:
    """Child shown -> the adults within two relationship hops of that child (sorted)."""
    role = {p.shown: p.role for p in people}
    adjacent = neighbours(links)
    return {
        p.shown: sorted(
            n
            for n, d in within(p.shown, links, adjacent=adjacent).items()
            if d > 0 and role.get(n) == "adult"
        )
        for p in sorted(people, key=lambda p: p.shown)
        if p.role == "child"
    }


def _text(
    x: float,
    y: float,
    text: str,
    size: int = 12,
    anchor: str = "middle",
    weight: str = "normal",
    colour: str = TEXT,
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{html.escape(text)}</text>'
    )


def _point(angle: float, radius: float) -> tuple[float, float]:
    return SIZE / 2 + radius * math.cos(angle), SIZE / 2 + radius * math.sin(angle)


def layout(child: str, links: Sequence[Link]) -> dict[str, tuple[float, float]]:
    """The child in the middle, direct relations on an inner ring, their relations on an outer ring,
    each placed beside the inner-ring person it comes through so that lines rarely cross the middle."""
    distance = within(child, links)
    adjacent = neighbours(links)
    first = sorted(n for n, d in distance.items() if d == 1)
    angle = {name: 2 * math.pi * i / len(first) - math.pi / 2 for i, name in enumerate(first)}
    at = {child: (SIZE / 2, SIZE / 2)} | {name: _point(angle[name], 115) for name in first}
    through: dict[str, list[str]] = {}
    for name in sorted(n for n, d in distance.items() if d == 2):
        via = min((n for n in adjacent.get(name, ()) if n in angle), key=first.index)
        through.setdefault(via, []).append(name)
    spread = 2 * math.pi / max(1, len(first))
    for via, names in through.items():
        step = spread / (len(names) + 1)
        for i, name in enumerate(names):
            at[name] = _point(angle[via] - spread / 2 + step * (i + 1), 185)
    return at


def network_svg(child: str, people: Sequence[PersonNode], links: Sequence[Link]) -> str:
    """An SVG picture of `child` and everyone within two relationships, with the relations named."""
    role = {p.shown: p.role for p in people}
    at = layout(child, links)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'role="img" aria-label="{html.escape(f"People and relationships around {child}", quote=True)}">'
    ]
    labels = []
    seen: set[tuple[str, str, str]] = set()
    for link in links:
        if link.source not in at or link.target not in at or link.source == link.target:
            continue
        key = (link.source, link.relation, link.target)
        if key in seen:
            continue
        seen.add(key)
        (x1, y1), (x2, y2) = at[link.source], at[link.target]
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{MUTED_TEXT}" '
            'stroke-width="1.5"/>'
        )
        labels.append(
            _text((x1 + x2) / 2, (y1 + y2) / 2 + 4, link.relation.replace("_", " "), 10, colour=MUTED_TEXT)
        )
    for name, (x, y) in at.items():
        is_child = role.get(name) == "child"
        fill = CHILD_FILL if is_child else ADULT_FILL
        radius = 13 if name == child else 9
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}" stroke="{TEXT}" stroke-width="2"/>'
            if is_child
            else f'<rect x="{x - radius:.1f}" y="{y - radius:.1f}" width="{2 * radius}" height="{2 * radius}" '
            f'fill="{fill}" stroke="{TEXT}" stroke-width="2"/>'
        )
        parts.append(shape)
        labels.append(_text(x, y + radius + 14, name, 12, weight="bold" if name == child else "normal"))
    parts += labels
    parts.append("</svg>")
    return "".join(parts)
