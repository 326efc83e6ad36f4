"""Where the people around a child are drawn, and where their names and relations are written.

networkx lays the graph out (seeded spring layouts, rings by distance from the child and, for a planar
graph, a planar layout are tried; of those that keep every line clear of the people it does not join,
the one with fewest crossing lines for its size wins). What no layout library promises is then made sure of here:

- no line passes within a person's radius (and a margin) of a person it does not join: a person too
  close to a line is moved away from it, and if that does not settle, everyone is put on a circle wide
  enough that no chord comes near a person;
- no name sits on a person and no two labels overlap: each label takes the first free place of a few
  around its person (names) or along its line (relations); when one finds none, the picture is spread
  out (labels keep their size) and labels are placed again;
- each pair of people has one line and one label, naming every relation recorded between them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from jointchron.viz.model import Link
from jointchron.viz.network import within
from jointchron.viz.text import text_width

FOCUS_RADIUS = 13.0
RADIUS = 11.0  # an adult's square reaches this far from its centre (its corners); a child's circle too
CLEARANCE = 6.0  # px kept between a line and a person it does not join, beyond the person's radius
SPACING = 110.0  # px between the two closest people
NAME_SIZE = 12
RELATION_SIZE = 10
LABEL_PAD = 2.0  # px of white around each label
MARGIN = 8.0
SEEDS = 8
ITERATIONS = 60  # a spring layout of a household (a few to a few dozen people) settles well before this
SETTLED = 2.5  # area per person (in SPACING squared) below which a layout with no crossing is taken
AREA_WEIGHT = 0.5  # how much a crossing is worth in picture area (in people's worth of room)
SPREADS = 8  # times the picture may be spread out to find room for every label
DIRECTED = frozenset({"parent_of", "cares_for"})
SHOWN_RELATION = {"resides_with": "lives with"}

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    x1: float
    y1: float
    x2: float
    y2: float

    def meets(self, other: Box) -> bool:
        return self.x1 < other.x2 and other.x1 < self.x2 and self.y1 < other.y2 and other.y1 < self.y2

    def near(self, centre: Point, radius: float) -> bool:
        """Whether a circle around `centre` reaches into the box."""
        dx = max(self.x1 - centre[0], 0.0, centre[0] - self.x2)
        dy = max(self.y1 - centre[1], 0.0, centre[1] - self.y2)
        return math.hypot(dx, dy) < radius


@dataclass(frozen=True)
class Label:
    text: str
    x: float  # the middle of the text
    y: float  # its baseline
    size: int
    bold: bool
    box: Box


@dataclass(frozen=True)
class Tie:
    """One line between two people, naming every relation recorded between them."""

    one: str
    other: str
    text: str
    towards: frozenset[str]  # the ends a directed relation points at (an arrowhead there)


@dataclass(frozen=True)
class Picture:
    focus: str
    at: dict[str, Point]
    radius: dict[str, float]
    ties: list[Tie]
    names: dict[str, Label]
    relations: list[Label]  # in the order of `ties`
    width: float
    height: float


def relation_text(relation: str) -> str:
    return SHOWN_RELATION.get(relation, relation.replace("_", " "))


def ties(members: Iterable[str], links: Sequence[Link]) -> list[Tie]:
    """One tie per pair of people among `members` with a relation recorded between them."""
    chosen = set(members)
    found: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for link in links:
        if link.source == link.target or link.source not in chosen or link.target not in chosen:
            continue
        pair = (min(link.source, link.target), max(link.source, link.target))
        texts, towards = found.setdefault(pair, ([], set()))
        text = relation_text(link.relation)
        if text not in texts:
            texts.append(text)
        if link.relation in DIRECTED:
            towards.add(link.target)
    return [
        Tie(a, b, ", ".join(texts), frozenset(towards)) for (a, b), (texts, towards) in sorted(found.items())
    ]


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _crossing(a: Point, b: Point, c: Point, d: Point) -> bool:
    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def too_close(at: dict[str, Point], radius: dict[str, float], found: Sequence[Tie]) -> list[tuple[str, Tie]]:
    """Each (person, tie) where the tie's line passes within the person's radius and the clearance."""
    return [
        (name, tie)
        for tie in found
        for name in at
        if name not in (tie.one, tie.other)
        and _distance_to_segment(at[name], at[tie.one], at[tie.other]) < radius[name] + CLEARANCE
    ]


def _crossings(at: dict[str, Point], found: Sequence[Tie]) -> int:
    return sum(
        1
        for s, t in itertools.combinations(found, 2)
        if not {s.one, s.other} & {t.one, t.other}
        and _crossing(at[s.one], at[s.other], at[t.one], at[t.other])
    )


def _scaled(layout: Mapping[str, Any]) -> dict[str, Point]:
    """Positions scaled so that the two closest people are SPACING apart."""
    raw = {name: (float(x), float(y)) for name, (x, y) in layout.items()}
    if len(raw) < 2:
        return {name: (0.0, 0.0) for name in raw}
    closest = min(math.dist(p, q) for p, q in itertools.combinations(raw.values(), 2))
    factor = SPACING / max(closest, 1e-9)
    return {name: (x * factor, y * factor) for name, (x, y) in raw.items()}


def _candidates(graph: nx.Graph, rings: list[list[str]]) -> Iterator[dict[str, Point]]:
    """Layouts to try, scaled to SPACING, made one at a time (most pictures settle on the first few)."""
    for seed in range(SEEDS):
        yield _scaled(nx.spring_layout(graph, seed=seed, iterations=ITERATIONS))
    yield _scaled(nx.shell_layout(graph, [ring for ring in rings if ring]))
    if len(graph) > 2 and nx.check_planarity(graph)[0]:
        yield _scaled(nx.planar_layout(graph))  # no crossing at all, though often sprawling


def _pushed(at: dict[str, Point], radius: dict[str, float], found: Sequence[Tie]) -> dict[str, Point]:
    """Moves each person that a line passes too near away from it, a step at a time."""
    at = dict(at)
    for _ in range(60):
        close = too_close(at, radius, found)
        if not close:
            break
        for name, tie in close:
            (px, py), (ax, ay), (bx, by) = at[name], at[tie.one], at[tie.other]
            dx, dy = bx - ax, by - ay
            normal = (-dy, dx)
            size = math.hypot(*normal) or 1.0
            side = 1.0 if (px - ax) * normal[0] + (py - ay) * normal[1] >= 0 else -1.0
            step = radius[name] + CLEARANCE + 2 - _distance_to_segment(at[name], at[tie.one], at[tie.other])
            at[name] = (px + side * normal[0] / size * step, py + side * normal[1] / size * step)
    return at


def _on_a_circle(order: Sequence[str], radius: dict[str, float]) -> dict[str, Point]:
    """Everyone on a circle wide enough that no chord comes within a person's reach of anyone else."""
    n = len(order)
    if n < 3:
        return {name: (i * SPACING, 0.0) for i, name in enumerate(order)}
    step = 2 * math.pi / n
    reach = max(radius.values()) + CLEARANCE + 1
    size = max(SPACING / (2 * math.sin(step / 2)), reach / (1 - math.cos(step)))
    return {name: (size * math.cos(i * step), size * math.sin(i * step)) for i, name in enumerate(order)}


def layout(focus: str, links: Sequence[Link]) -> tuple[dict[str, Point], list[Tie], dict[str, float]]:
    """Positions (px, before margins) for `focus` and everyone within two relationships, and their ties."""
    distance = within(focus, links)
    found = ties(distance, links)
    radius = {name: FOCUS_RADIUS if name == focus else RADIUS for name in distance}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(distance))
    graph.add_edges_from((t.one, t.other) for t in found)
    rings = [sorted(n for n, d in distance.items() if d == hop) for hop in range(3)]
    best: tuple[float, dict[str, Point]] | None = None
    for tried, candidate in enumerate(_candidates(graph, rings)):
        if best is not None and best[0] < AREA_WEIGHT * SETTLED and tried >= 3:
            break  # no crossing and compact: good enough, and each layout costs time
        placed = _pushed(candidate, radius, found)
        if too_close(placed, radius, found):
            continue
        # Fewest crossing lines first; between layouts as clear, the more compact (a sprawling picture
        # shrinks on the page, and its names with it).
        xs, ys = [x for x, _ in placed.values()], [y for _, y in placed.values()]
        area = (max(xs) - min(xs) + SPACING) * (max(ys) - min(ys) + SPACING) / (len(placed) * SPACING**2)
        score = _crossings(placed, found) + AREA_WEIGHT * area
        if best is None or score < best[0]:
            best = (score, placed)
    at = best[1] if best else _on_a_circle([n for ring in rings for n in ring], radius)
    return at, found, radius


def _name_places(centre: Point, r: float, width: float) -> list[tuple[float, float]]:
    """(middle, baseline) places for a name: below its person, above, right, left, then the corners."""
    x, y = centre
    height = NAME_SIZE
    return [
        (x, y + r + height + 1),
        (x, y - r - 4),
        (x + r + 4 + width / 2, y + height / 3),
        (x - r - 4 - width / 2, y + height / 3),
        (x + r + width / 2, y + r + height),
        (x - r - width / 2, y + r + height),
        (x + r + width / 2, y - r - 2),
        (x - r - width / 2, y - r - 2),
    ]


def _box(x: float, y: float, width: float, size: int) -> Box:
    # A line of text reaches about 0.8 of its size above the baseline and 0.25 below.
    return Box(
        x - width / 2 - LABEL_PAD,
        y - 0.8 * size - LABEL_PAD,
        x + width / 2 + LABEL_PAD,
        y + 0.25 * size + LABEL_PAD,
    )


def _free(box: Box, at: dict[str, Point], radius: dict[str, float], placed: Sequence[Label]) -> bool:
    return not any(box.near(at[n], radius[n] + 1) for n in at) and not any(box.meets(p.box) for p in placed)


def _crossed(box: Box, at: dict[str, Point], found: Sequence[Tie], own: Tie | None) -> int:
    """How many lines (other than its own) run through a label's box: a label on a line is harder to read."""
    count = 0
    for tie in found:
        if tie is own:
            continue
        a, b = at[tie.one], at[tie.other]
        centre = ((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2)
        half = math.hypot(box.x2 - box.x1, box.y2 - box.y1) / 2
        if _distance_to_segment(centre, a, b) < half:
            count += 1
    return count


def _labels(
    focus: str, at: dict[str, Point], radius: dict[str, float], found: Sequence[Tie], strict: bool = True
) -> tuple[dict[str, Label], list[Label]] | None:
    """Every name and relation placed where nothing else is; None if one finds no such place (with
    `strict=False`, it takes its first place instead)."""
    placed: list[Label] = []
    names: dict[str, Label] = {}
    for name in sorted(at, key=lambda n: (n != focus, n)):
        bold = name == focus
        width = text_width(name, NAME_SIZE, bold)
        options: list[tuple[int, Label]] = []
        for x, y in _name_places(at[name], radius[name], width):
            box = _box(x, y, width, NAME_SIZE)
            if _free(box, at, radius, placed) or (not strict and not options):
                options.append((_crossed(box, at, found, None), Label(name, x, y, NAME_SIZE, bold, box)))
        if not options:
            return None
        names[name] = min(options, key=lambda o: o[0])[1]
        placed.append(names[name])
    relations = []
    for tie in found:
        width = text_width(tie.text, RELATION_SIZE)
        (ax, ay), (bx, by) = at[tie.one], at[tie.other]
        chosen = None
        for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74):
            x, y = ax + (bx - ax) * t, ay + (by - ay) * t + RELATION_SIZE / 3
            box = _box(x, y, width, RELATION_SIZE)
            if _free(box, at, radius, placed) or (not strict and t == 0.5):
                chosen = Label(tie.text, x, y, RELATION_SIZE, False, box)
                if _free(box, at, radius, placed):
                    break
        if chosen is None:
            return None
        relations.append(chosen)
        placed.append(chosen)
    return names, relations


def picture(focus: str, links: Sequence[Link]) -> Picture:
    """The people within two relationships of `focus`, laid out with every name and relation placed."""
    at, found, radius = layout(focus, links)
    labelled = None
    for spread in range(SPREADS + 1):
        factor = 1.25**spread
        spread_at = {name: (x * factor, y * factor) for name, (x, y) in at.items()}
        # Spread far enough, every label finds room; the last try places any that still did not.
        labelled = _labels(focus, spread_at, radius, found, strict=spread < SPREADS)
        if labelled is not None:
            at = spread_at
            break
    assert labelled is not None  # the last try always places every label
    names, relations = labelled
    boxes = [label.box for label in (*names.values(), *relations)]
    boxes += [Box(x - radius[n], y - radius[n], x + radius[n], y + radius[n]) for n, (x, y) in at.items()]
    left, top = min(b.x1 for b in boxes) - MARGIN, min(b.y1 for b in boxes) - MARGIN
    right, bottom = max(b.x2 for b in boxes) + MARGIN, max(b.y2 for b in boxes) + MARGIN

    def moved(label: Label) -> Label:
        b = label.box
        return Label(
            label.text, label.x - left, label.y - top, label.size, label.bold,
            Box(b.x1 - left, b.y1 - top, b.x2 - left, b.y2 - top),
        )  # fmt: skip

    return Picture(
        focus,
        {name: (x - left, y - top) for name, (x, y) in at.items()},
        radius,
        found,
        {name: moved(label) for name, label in names.items()},
        [moved(label) for label in relations],
        right - left,
        bottom - top,
    )
