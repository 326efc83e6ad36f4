"""The people picture's geometry, checked with its own arithmetic (the browser test measures the drawn SVG):
no line near a person it does not join, no label on a person or on another label, one label per pair."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from jointchron.domain.vocabulary import RELATIONS
from jointchron.viz.model import Link, PersonNode
from jointchron.viz.people_layout import Picture, picture
from jointchron.viz.people_svg import network_svg


def segment_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    length = (bx - ax) ** 2 + (by - ay) ** 2
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay)) / length))
    )
    return math.dist(p, (ax + t * (bx - ax), ay + t * (by - ay)))


def problems(drawn: Picture) -> list[str]:
    found = []
    for tie in drawn.ties:
        for name, at in drawn.at.items():
            if name not in (tie.one, tie.other):
                gap = segment_distance(at, drawn.at[tie.one], drawn.at[tie.other])
                if gap < drawn.radius[name]:
                    found.append(f"{tie.one}-{tie.other} passes {gap:.1f} px from {name}")
    labels = [*drawn.names.values(), *drawn.relations]
    for a, b in itertools.combinations(labels, 2):
        if a.box.meets(b.box):
            found.append(f"{a.text!r} overlaps {b.text!r}")
    for label in labels:
        for name, at in drawn.at.items():
            if label.box.near(at, drawn.radius[name]):
                found.append(f"{label.text!r} sits on {name}")
        inside = label.box.x1 >= 0 and label.box.x2 <= drawn.width and label.box.y1 >= 0
        if not inside or label.box.y2 > drawn.height:
            found.append(f"{label.text!r} leaves the picture")
    return found


FAMILY = [
    Link("Mum", "parent_of", "Amy"),
    Link("Mum", "parent_of", "Ben"),
    Link("Dad", "parent_of", "Amy"),
    Link("Dad", "parent_of", "Ben"),
    Link("Amy", "sibling_of", "Ben"),
    Link("Mum", "partner_of", "Dad"),
    Link("Gran", "relative_of", "Mum"),
    Link("Gran", "cares_for", "Amy"),
    Link("Lodger", "resides_with", "Mum"),
]


def test_a_parent_of_two_children_is_two_lines_and_no_line_runs_through_a_person() -> None:
    drawn = picture("Amy", FAMILY)
    assert problems(drawn) == []
    pairs = {frozenset((t.one, t.other)) for t in drawn.ties}
    assert frozenset(("Mum", "Ben")) in pairs and frozenset(("Mum", "Amy")) in pairs
    assert len(drawn.ties) == len(pairs) == len(drawn.relations) == 9  # one line and one label per pair
    assert {t.text for t in drawn.ties} >= {"parent of", "sibling of", "lives with", "cares for"}


def test_every_relation_between_two_people_is_named_on_their_one_line() -> None:
    links = [
        Link("Mum", "parent_of", "Amy"),
        Link("Mum", "resides_with", "Amy"),
        Link("Amy", "resides_with", "Mum"),
    ]
    drawn = picture("Amy", links)
    assert [(t.text, sorted(t.towards)) for t in drawn.ties] == [("parent of, lives with", ["Amy"])]


def test_a_child_with_no_relationship_recorded_is_drawn_alone() -> None:
    drawn = picture("Amy", [])
    assert list(drawn.at) == ["Amy"] and drawn.ties == [] and problems(drawn) == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 11), st.sampled_from(RELATIONS), st.integers(0, 11)), min_size=1, max_size=24
    ),
    st.lists(
        st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz-'", min_size=1, max_size=28),
        min_size=12,
        max_size=12,
        unique=True,
    ),
)
def test_any_household_is_drawn_with_every_line_clear_and_no_label_on_anything(
    links: list[tuple[int, str, int]], names: list[str]
) -> None:
    drawn = picture(names[links[0][0]], [Link(names[a], relation, names[b]) for a, relation, b in links])
    assert problems(drawn) == []


def test_names_and_relations_are_escaped_in_the_picture() -> None:
    svg = network_svg(
        "Amy",
        [PersonNode("Amy", "child"), PersonNode('<b>"Eve"</b>', "adult")],
        [Link('<b>"Eve"</b>', "cares_for", "Amy")],
    )
    assert "&lt;b&gt;&quot;Eve&quot;&lt;/b&gt;" in svg and "<b>" not in svg
    assert 'data-from="&lt;b&gt;&quot;Eve&quot;&lt;/b&gt;"' in svg and "cares for" in svg
