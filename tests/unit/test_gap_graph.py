"""The relationship graph: links both ways, only while they last, and children by age on the day."""

from __future__ import annotations

import datetime as dt
import uuid

from jointchron.domain.person import Person
from jointchron.projections.gaps.graph import Link, RelationshipGraph

D = dt.date


def person(key: str, dob: dt.date | None, role: str | None = None) -> Person:
    return Person(id=uuid.uuid5(uuid.NAMESPACE_OID, key), source_id=key, pseudonym=key, role=role,  # type: ignore[arg-type]
                  names=(), dob=dob, identifiers=(), confirmed=True)  # fmt: skip


ADULT, MOTHER, CHILD, OLDER, OTHER = (
    person("Mr D", D(1980, 1, 1)),
    person("Ms C", D(1985, 1, 1)),
    person("Child A", D(2012, 2, 1)),
    person("Child Z", D(2001, 6, 1)),
    person("Child Q", None, "child"),
)
PEOPLE = {str(p.id): p for p in (ADULT, MOTHER, CHILD, OLDER, OTHER)}


def ids(found: dict[str, object]) -> set[str]:
    return {PEOPLE[p].pseudonym for p in found}


def graph(*links: Link) -> RelationshipGraph:
    return RelationshipGraph(links, PEOPLE)


def test_a_partners_children_are_two_hops_away_through_a_stored_parent_link_read_backwards() -> None:
    g = graph(
        Link(str(ADULT.id), "partner_of", str(MOTHER.id), D(2019, 2, 1)),
        Link(str(MOTHER.id), "parent_of", str(CHILD.id)),
    )
    found = g.connected_children(str(ADULT.id), [D(2019, 3, 1)])
    assert ids(found) == {"Child A"}
    steps = found[str(CHILD.id)]
    assert [s.relation for s in steps] == ["partner_of", "parent_of"]
    # From the child's side the same links read the other way.
    assert g.reachable(str(CHILD.id), D(2019, 3, 1))[str(MOTHER.id)][0].relation == "child_of"


def test_a_link_counts_only_while_it_lasts() -> None:
    g = graph(
        Link(str(ADULT.id), "partner_of", str(MOTHER.id), D(2019, 2, 1), D(2019, 6, 30)),
        Link(str(MOTHER.id), "parent_of", str(CHILD.id)),
    )
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 1, 31)])) == set()
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 6, 30)])) == {"Child A"}
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 7, 1)])) == set()


def test_three_hops_is_too_far_unless_asked() -> None:
    g = graph(
        Link(str(ADULT.id), "associate_of", str(MOTHER.id)),
        Link(str(MOTHER.id), "relative_of", str(OTHER.id)),
        Link(str(OTHER.id), "sibling_of", str(CHILD.id)),
    )
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 3, 1)])) == {"Child Q"}
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 3, 1)], hops=3)) == {"Child Q", "Child A"}


def test_a_child_is_a_child_by_date_of_birth_on_the_day() -> None:
    g = graph(Link(str(ADULT.id), "resides_with", str(OLDER.id)))
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 5, 31)])) == {"Child Z"}
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 6, 1)])) == set()  # 18 that day


def test_an_uncertain_day_must_connect_at_both_ends() -> None:
    g = graph(
        Link(str(ADULT.id), "partner_of", str(MOTHER.id), D(2019, 3, 15)),
        Link(str(MOTHER.id), "parent_of", str(CHILD.id)),
    )
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 3, 1), D(2019, 3, 31)])) == set()
    assert ids(g.connected_children(str(ADULT.id), [D(2019, 4, 1), D(2019, 4, 30)])) == {"Child A"}
