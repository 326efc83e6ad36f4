"""The people around each child: who counts as connected (the person filter).

A child's circle is the child and every adult within two relationship hops (a parent, the
parent's partner, an adult living in the home, …), whatever the relationship's dates: the
panel filters the timeline to a child to see everything that touched that child's household.
`jointchron.viz.people_svg` draws the same people as a picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from jointchron.viz.model import Link, PersonNode

HOPS = 2


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
