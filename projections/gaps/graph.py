"""Who is connected to whom, on a given day: the relationship graph over the people register.

Relationships are stored one way (`Ms T parent_of Child Bk`) but connect both ways, and only
while they last: a partner who moved in on 01/04/2019 links nobody before that day. Whether a
person is a child is worked out from the date of birth on the day in question, so a 17-year-old
sibling is a connected child and the same sibling at 18 is not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from jointchron.domain.person import Person


@dataclass(frozen=True, slots=True)
class Link:
    """One recorded relationship: `person relation other`, valid from/to (open when None)."""

    person: str
    relation: str
    other: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def holds_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One hop on the way from an adult to a child: `relation` read from the earlier person's side."""

    relation: str
    to: str


# How a stored relation reads from its far end (`Ms T parent_of X` is `X child_of Ms T`).
_INVERSE = {"parent_of": "child_of", "cares_for": "cared_for_by"}


class RelationshipGraph:
    def __init__(self, links: Iterable[Link], people: Mapping[str, Person]) -> None:
        self.people = people
        self._edges: dict[str, list[tuple[Link, str, str]]] = {}
        for link in links:
            if link.person == link.other:
                continue
            back = _INVERSE.get(link.relation, link.relation)
            self._edges.setdefault(link.person, []).append((link, link.other, link.relation))
            self._edges.setdefault(link.other, []).append((link, link.person, back))

    def is_child(self, person: str, day: datetime.date) -> bool:
        found = self.people.get(person)
        return found is not None and found.role_on(day) == "child"

    def is_adult(self, person: str, day: datetime.date) -> bool:
        found = self.people.get(person)
        return found is not None and found.role_on(day) == "adult"

    def reachable(self, person: str, day: datetime.date, hops: int = 2) -> dict[str, tuple[Step, ...]]:
        """Everyone within `hops` relationships of `person` on `day`, with the shortest path to each."""
        paths: dict[str, tuple[Step, ...]] = {person: ()}
        frontier = [person]
        for _ in range(hops):
            next_frontier: list[str] = []
            for current in frontier:
                for link, other, relation in self._edges.get(current, ()):
                    if other in paths or not link.holds_on(day):
                        continue
                    paths[other] = (*paths[current], Step(relation, other))
                    next_frontier.append(other)
            frontier = sorted(next_frontier)
        del paths[person]
        return paths

    def connected_children(
        self, person: str, on: Iterable[datetime.date], hops: int = 2
    ) -> dict[str, tuple[Step, ...]]:
        """Children within `hops` of `person` on every one of the days `on`, with a path to each.

        An uncertain date is checked at both of its ends, so a link that may not yet have existed
        (or a child who may already have turned 18) gets the benefit of the doubt and is left out.
        """
        found: dict[str, tuple[Step, ...]] | None = None
        for day in on:
            here = {p: path for p, path in self.reachable(person, day, hops).items() if self.is_child(p, day)}
            found = here if found is None else {p: found[p] for p in found if p in here}
        return found or {}
