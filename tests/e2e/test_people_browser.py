"""The people around each child as Chromium draws them: every line clear of the people it does not join,
no two labels overlapping and none on a person, measured in the rendered SVG (getBBox)."""

from __future__ import annotations

import dataclasses
import itertools
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Chromium, chromium, chromium_path
from vizcase import review

from jointchron.viz.model import Link, PersonNode
from jointchron.viz.report import write_report

pytestmark = pytest.mark.browser

# Every picture's people, lines and labels, in its own SVG coordinates.
GEOMETRY = """() => Array.from(document.querySelectorAll('.networks svg')).map(svg => ({
  people: Array.from(svg.querySelectorAll('[data-person]')).map(e => {
    const b = e.getBBox();
    const r = e.tagName === 'circle' ? Number(e.getAttribute('r')) : Math.hypot(b.width, b.height) / 2;
    return {name: e.getAttribute('data-person'), x: b.x + b.width / 2, y: b.y + b.height / 2, r: r}; }),
  lines: Array.from(svg.querySelectorAll('line')).map(e => ({from: e.getAttribute('data-from'),
    to: e.getAttribute('data-to'), x1: +e.getAttribute('x1'), y1: +e.getAttribute('y1'),
    x2: +e.getAttribute('x2'), y2: +e.getAttribute('y2')})),
  labels: Array.from(svg.querySelectorAll('text')).map(e => { const b = e.getBBox();
    return {text: e.textContent, x1: b.x, y1: b.y, x2: b.x + b.width, y2: b.y + b.height}; }),
  size: [svg.viewBox.baseVal.width, svg.viewBox.baseVal.height],
}))"""

NAMED = {
    "Amy": "Amy Oluwaseun-Fitzgerald",
    "Ben": "Benedict Oluwaseun-Fitzgerald",
    "Mum": "Margaret Oluwaseun-Fitzgerald",
    "Dad": "Dariusz Wiśniewski",
    "Gran": "Grandmother Ethel Fitzgerald",
    "Lodger": "Mr Lodger",
    "Friend": "Mr Friend of the Family",
    "Aunt": "Aunt Siobhán",
    "Cousin": "Cousin Jo",
}
LINKS = [
    ("Mum", "parent_of", "Amy"),
    ("Mum", "parent_of", "Ben"),
    ("Dad", "parent_of", "Amy"),
    ("Dad", "parent_of", "Ben"),
    ("Amy", "sibling_of", "Ben"),
    ("Mum", "partner_of", "Dad"),
    ("Gran", "relative_of", "Mum"),
    ("Gran", "cares_for", "Amy"),
    ("Lodger", "resides_with", "Mum"),
    ("Friend", "associate_of", "Dad"),
    ("Aunt", "relative_of", "Mum"),
    ("Aunt", "parent_of", "Cousin"),
    ("Cousin", "relative_of", "Amy"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if chromium_path() is None:
        message = "Chromium is needed for the HTML tests: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs it)")
        pytest.skip(message)
    with chromium() as opened:
        yield opened


def segment_distance(x: float, y: float, line: dict[str, Any]) -> float:
    dx, dy = line["x2"] - line["x1"], line["y2"] - line["y1"]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - line["x1"]) * dx + (y - line["y1"]) * dy) / length))
    return math.hypot(x - line["x1"] - t * dx, y - line["y1"] - t * dy)


def box_meets_circle(box: dict[str, Any], person: dict[str, Any]) -> bool:
    dx = max(box["x1"] - person["x"], 0.0, person["x"] - box["x2"])
    dy = max(box["y1"] - person["y"], 0.0, person["y"] - box["y2"])
    return math.hypot(dx, dy) < person["r"]


@pytest.mark.parametrize("named", [False, True], ids=["pseudonyms", "long real names"])
def test_no_line_passes_a_person_it_does_not_join_and_no_label_overlaps(
    browser: Chromium, tmp_path: Path, named: bool
) -> None:
    shown = NAMED if named else {key: key for key in NAMED}
    children = {"Amy", "Ben", "Cousin"}
    people = [PersonNode(shown[key], "child" if key in children else "adult") for key in NAMED]
    links = [Link(shown[a], relation, shown[b]) for a, relation, b in LINKS]
    data = dataclasses.replace(review([], []), people=people, links=links, named=named)
    write_report(data, tmp_path / "report.html")
    page = browser.open(tmp_path / "report.html", (1440, 900))
    page.wait_until_drawn()
    assert page.console_errors == [] and page.outside_requests == []
    page.page.locator("#people").scroll_into_view_if_needed()
    pictures = page.page.evaluate(GEOMETRY)
    assert len(pictures) == 3  # Amy, Ben and Cousin

    for picture in pictures:
        people_at = {p["name"]: p for p in picture["people"]}
        assert len(picture["lines"]) >= 5
        for line in picture["lines"]:
            for name, person in people_at.items():
                if name not in (line["from"], line["to"]):
                    assert segment_distance(person["x"], person["y"], line) > person["r"], (line, name)
        pairs = [frozenset((line["from"], line["to"])) for line in picture["lines"]]
        assert len(pairs) == len(set(pairs))  # a line per pair of people
        relations = [t for t in picture["labels"] if t["text"] not in people_at]
        assert len(relations) == len(pairs)  # and one label on each
        for a, b in itertools.combinations(picture["labels"], 2):
            overlap = a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]
            assert not overlap, (a, b)
        for label in picture["labels"]:
            assert not any(box_meets_circle(label, person) for person in picture["people"]), label
            assert label["x1"] >= 0 and label["x2"] <= picture["size"][0], label
            assert label["y1"] >= 0 and label["y2"] <= picture["size"][1], label
