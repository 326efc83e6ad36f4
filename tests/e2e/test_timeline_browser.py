"""The timeline as a panel reads it on a shared screen, measured in real headless Chromium: the axis spans
the review period whatever is filtered, kinds are told apart, labels and the key stay inside the view
and never overlap, tooltips are whole, lanes are readable and the chart follows the page's width."""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Chromium, Opened, chromium, chromium_path
from vizcase import ENTRIES, GAPS, LANES, entry, gap, review

from jointchron.domain.vocabulary import KINDS
from jointchron.viz.model import Lane
from jointchron.viz.report import write_timeline

pytestmark = pytest.mark.browser

PERIOD = [
    datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC).timestamp() * 1000,
    datetime.datetime(2019, 12, 31, tzinfo=datetime.UTC).timestamp() * 1000,
]
SCALES = ("concat_0_x", "concat_1_x", "overview_x")  # lanes, gaps, overview
DOMAINS = """(names) => names.map(n => window.jointchron.views.timeline.scale(n).domain().map(Number))"""
# Each legend: its title, its labels' text and its symbols' (fill, path), as drawn.
LEGENDS = """() => Array.from(document.querySelectorAll('#chart-timeline g.role-legend')).map(g => ({
  title: (g.querySelector('.role-legend-title text') || {}).textContent || '',
  labels: Array.from(g.querySelectorAll('.role-legend-label text')).map(t => t.textContent),
  symbols: Array.from(g.querySelectorAll('.role-legend-symbol path')).map(p => [p.getAttribute('fill'),
    p.getAttribute('d')]),
  box: (({x, y, width, height}) => ({x, y, width, height}))(g.getBoundingClientRect()),
}))"""
# Every drawn text of the chart's own marks (key entries' names and the gaps' titles), the white halo
# copies left out, with its box on the page.
TEXTS = """() => Array.from(document.querySelectorAll('#chart-timeline g.mark-text.role-mark text'))
  .filter(t => (t.getAttribute('fill') || '').toLowerCase() !== '#ffffff' && t.textContent)
  .map(t => { const b = t.getBoundingClientRect();
    return {text: t.textContent, x1: b.left, x2: b.right, y1: b.top, y2: b.bottom}; })"""
# Each entry mark as drawn: its kind, fill and shape, read from Vega's scenegraph.
MARKS = """() => { const found = [];
  (function walk(node) {
    if (!node) { return; }
    if (node.marktype && (node.name || '').startsWith('entry_marks')) {
      node.items.forEach(i => found.push([i.datum.k, i.fill, i.shape])); return; }
    (node.items || []).forEach(walk);
  })(window.jointchron.views.timeline.scenegraph().root);
  return found; }"""
# The page box of a panel's plot: the background of its group, as drawn.
PLOT = """(name) => { const b = document.querySelector(`#chart-timeline g.${name} path.background`)
  .getBoundingClientRect(); return {x1: b.left, y1: b.top, x2: b.right, y2: b.bottom}; }"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if chromium_path() is None:
        message = "Chromium is needed for the HTML tests: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs it)")
        pytest.skip(message)
    with chromium() as opened:
        yield opened


def opened(browser: Chromium, path: Path, viewport: tuple[int, int] = (1440, 900)) -> Opened:
    page = browser.open(path, viewport)
    page.wait_until_drawn()
    assert page.console_errors == [] and page.outside_requests == []
    return page


def settle(page: Opened) -> None:
    page.page.evaluate("async () => { await window.jointchron.views.timeline.runAsync(); }")


def domains(page: Opened) -> list[list[float]]:
    settle(page)
    return list(page.page.evaluate(DOMAINS, list(SCALES)))


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]
    ]


def every_kind() -> list[dict[str, Any]]:
    """One entry of each kind of the vocabulary, spread over 2019 and the four lanes."""
    start = datetime.date(2019, 1, 7)
    return [
        entry(
            n, (start + datetime.timedelta(days=10 * n)).isoformat(), [LANES[n % 4].code], kind, ["Child A"]
        )
        for n, kind in enumerate(KINDS)
    ]


@pytest.fixture
def timeline(browser: Chromium, tmp_path: Path) -> Opened:
    write_timeline(review(), tmp_path / "timeline.html")
    return opened(browser, tmp_path / "timeline.html")


def test_the_axis_spans_the_review_period_before_and_after_every_filter_and_a_cleared_zoom(
    timeline: Opened,
) -> None:
    page = timeline.page
    assert domains(timeline) == [PERIOD] * 3  # the records only run from February to June
    page.locator("#chart-timeline g.role-legend-label text", has_text="Appointment").first.click()
    assert domains(timeline) == [PERIOD] * 3
    page.locator("#chart-timeline g.role-legend-label text", has_text="Note").first.click(modifiers=["Shift"])
    assert domains(timeline) == [PERIOD] * 3
    for person in ("Child B", "Child A", ""):
        page.select_option("#chart-timeline select[name=person]", person)
        assert domains(timeline) == [PERIOD] * 3, person
    for agency in ("School", "GP", ""):
        page.select_option("#chart-timeline select[name=agency]", agency)
        assert domains(timeline) == [PERIOD] * 3, agency

    strip = page.locator("#chart-timeline g.overview_marks").bounding_box()
    assert strip is not None
    y = strip["y"] + strip["height"] / 2
    page.mouse.move(strip["x"] + strip["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.5, y, steps=5)
    page.mouse.up()
    lanes, gaps, overview = domains(timeline)
    assert lanes == gaps and PERIOD[0] < lanes[0] < lanes[1] < PERIOD[1]  # zoomed, lanes and gaps alike
    assert overview == PERIOD
    page.mouse.dblclick(strip["x"] + strip["width"] * 0.35, y)
    assert domains(timeline) == [PERIOD] * 3


def test_each_kind_has_its_own_colour_and_shape_in_the_key_and_on_the_chart(
    browser: Chromium, tmp_path: Path
) -> None:
    write_timeline(review(every_kind(), []), tmp_path / "timeline.html")
    page = opened(browser, tmp_path / "timeline.html")
    key = next(legend for legend in page.page.evaluate(LEGENDS) if legend["title"] == "Kind")
    assert len(key["labels"]) == len(KINDS) == len(set(map(tuple, key["symbols"])))
    assert "Missed appointment" in key["labels"] and not any("_" in label for label in key["labels"])
    drawn = {kind: (fill, shape) for kind, fill, shape in page.page.evaluate(MARKS)}
    assert set(drawn) == set(key["labels"]) and len(set(drawn.values())) == len(KINDS)


def test_labels_and_the_key_stay_inside_the_view_and_never_overlap(browser: Chromium, tmp_path: Path) -> None:
    # Seven key entries, six of them within twelve days in one lane, and gaps of several rules.
    crowd = {
        "2019-03-01": "disclosure",
        "2019-03-03": "referral",
        "2019-03-05": "missed_appointment",
        "2019-03-08": "s47_start",
        "2019-03-09": "information_request",
        "2019-03-12": "assessment_start",
        "2019-12-30": "concern",
    }
    crowded = [
        entry(10 + n, day, ["school"], kind, ["Child A"]) for n, (day, kind) in enumerate(crowd.items())
    ]
    rules = ["info-not-shared", "referral-decision", "strategy-after-harm"]
    found = [gap(20 + n, rules[n % 3], e, None, "gp", "Child A") for n, e in enumerate(crowded)]
    entries = [*ENTRIES, *crowded, entry(40, "2019-01-01", ["police"], "arrest", ["Mr D"])]
    found.append(gap(40, "info-not-shared", entries[-1], "2019-01-10", "school", "Child A"))
    # The panel's key practice episode: its title runs along the top lane, over the police's named entries.
    episode = {"id": "e1", "title": "Police investigation of Mr D", "summary": "", "from": "2019-02-01",
               "to": "2019-03-31"}  # fmt: skip
    data = dataclasses.replace(review(entries, [*GAPS, *found]), episodes=[episode])
    write_timeline(data, tmp_path / "timeline.html")
    for viewport in ((1440, 900), (1280, 720)):
        page = opened(browser, tmp_path / "timeline.html", viewport)
        texts = page.page.evaluate(TEXTS)
        names = [
            t for t in texts if t["text"] in {"Disclosure", "Referral", "Concern", "Arrest", "Investigation"}
        ]
        assert len(names) >= 5 and any(t["text"] == episode["title"] for t in texts), texts
        assert overlapping(texts) == []
        lanes = page.page.evaluate(PLOT, "concat_0_group")
        gaps = page.page.evaluate(PLOT, "concat_1_group")
        for t in texts:
            inside = lanes if t["y2"] <= lanes["y2"] + 1 else gaps
            assert inside["x1"] - 1 <= t["x1"] and t["x2"] <= inside["x2"] + 1, t
            assert inside["y1"] - 1 <= t["y1"] and t["y2"] <= inside["y2"] + 1, t
        width = page.page.evaluate("document.documentElement.clientWidth")
        before = page.page.evaluate(LEGENDS)
        for legend in before:
            assert legend["box"]["x"] >= 0 and legend["box"]["x"] + legend["box"]["width"] <= width, legend
            assert not any(label.endswith("…") for label in legend["labels"]), legend
        page.page.locator("#chart-timeline g.role-legend-label text", has_text="Referral").first.click()
        settle(page)
        assert page.page.evaluate(LEGENDS) == before  # the key stays where it is, whole
        page.page.close()


def test_a_key_practice_episodes_title_and_the_names_under_it_never_overlap(
    browser: Chromium, tmp_path: Path
) -> None:
    arrest = entry(9, "2019-02-10", ["police"], "arrest", ["Mr D"], significant=True)  # and ringed
    episode = {"id": "e1", "title": "Police investigation of Mr D and his household", "summary": "",
               "from": "2019-02-01", "to": "2019-03-31"}  # fmt: skip
    found = [gap(9, "info-not-shared", arrest, "2019-02-20", "school", "Child A")]
    data = dataclasses.replace(review([*ENTRIES, arrest], found), episodes=[episode])
    write_timeline(data, tmp_path / "timeline.html")
    page = opened(browser, tmp_path / "timeline.html")
    texts = page.page.evaluate(TEXTS)
    shown = {t["text"] for t in texts}
    assert {"Arrest", episode["title"]} <= shown and overlapping(texts) == []
    rings = page.page.evaluate(
        """() => Array.from(document.querySelectorAll('#chart-timeline g.mark-symbol path'))
          .filter(p => p.getAttribute('stroke-width') === '2.2').map(p => { const b = p.getBoundingClientRect();
            return {text: 'ring', x1: b.left, x2: b.right, y1: b.top, y2: b.bottom}; })"""
    )
    assert len(rings) == 1 and overlapping([*rings, *texts]) == []  # the ring clear of every name


def test_a_tooltip_shows_its_whole_text_inside_the_window(browser: Chromium, tmp_path: Path) -> None:
    summary = " ".join(f"sentence {n} of what the health visitor saw at the home." for n in range(9))
    last = entry(9, "2019-12-28", ["school"], "visit", ["Child A"], summary + " THE END")
    write_timeline(review([*ENTRIES, last], GAPS), tmp_path / "timeline.html")
    page = opened(browser, tmp_path / "timeline.html")
    marks = page.page.evaluate(MARKS)
    assert marks
    # The mark in the bottom lane at the right-hand edge: the corner where a tooltip has least room.
    point = page.page.evaluate(
        """() => { const boxes = Array.from(document.querySelectorAll('#chart-timeline g.entry_marks_0_marks path'))
          .map(p => p.getBoundingClientRect());
          const b = boxes.reduce((best, box) => box.right > best.right ? box : best);
          return [(b.left + b.right) / 2, (b.top + b.bottom) / 2]; }"""
    )
    page.page.mouse.move(point[0], point[1])
    page.page.wait_for_selector("#vg-tooltip-element.visible")
    tip = page.page.evaluate(
        """() => { const el = document.getElementById('vg-tooltip-element'); const b = el.getBoundingClientRect();
        return {box: [b.left, b.top, b.right, b.bottom], text: el.textContent,
          cut: Array.from(el.querySelectorAll('td')).filter(td => td.scrollHeight > td.clientHeight + 1 ||
            td.scrollWidth > td.clientWidth + 1).length,
          window: [document.documentElement.clientWidth, document.documentElement.clientHeight]}; }"""
    )
    assert "THE END" in tip["text"] and tip["cut"] == 0
    left, top, right, bottom = tip["box"]
    assert left >= 0 and top >= 0 and right <= tip["window"][0] and bottom <= tip["window"][1], tip


def test_ten_lanes_are_readable_on_a_1440_by_900_screen_and_the_chart_follows_the_page(
    browser: Chromium, tmp_path: Path
) -> None:
    names = ["Police", "Children's Social Care", "Early Help", "GP", "Hospital", "Health Visiting",
             "School", "Nursery / Early Years", "Probation", "Housing"]  # fmt: skip
    sectors = ["police", "social_care", "social_care", "health", "health", "health", "education",
               "education", "probation", "housing"]  # fmt: skip
    lanes = [Lane(f"a{n}", name, sector) for n, (name, sector) in enumerate(zip(names, sectors, strict=True))]
    entries = [
        entry(n, f"2019-{1 + n % 12:02d}-{1 + (7 * n) % 28:02d}", [lanes[n % 10].code], KINDS[n % len(KINDS)],
              ["Child A"])
        for n in range(120)
    ]  # fmt: skip
    write_timeline(dataclasses.replace(review(entries, []), lanes=lanes), tmp_path / "timeline.html")
    page = opened(browser, tmp_path / "timeline.html")
    view = "window.jointchron.views.timeline"
    assert page.page.evaluate(f"{view}.scale('concat_0_y').domain().length") == 10
    assert page.page.evaluate(f"{view}.scale('concat_0_y').bandwidth()") >= 40
    lanes_box = page.page.evaluate(PLOT, "concat_0_group")
    assert lanes_box["y2"] - lanes_box["y1"] <= 600  # room for the title, axis and overview on one screen
    labels = page.page.locator("#chart-timeline g.role-axis-label text").all_text_contents()
    assert all(name in labels for name in names)  # lane names whole, not cut short

    def plot_width() -> float:
        settle(page)
        return float(page.page.evaluate(f"{view}.width()"))

    def scrolls_sideways() -> bool:
        return bool(
            page.page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        )

    wide = plot_width()
    assert wide >= 900 and not scrolls_sideways()
    page.page.set_viewport_size({"width": 1200, "height": 900})
    page.page.wait_for_function(f"{view}.width() < {wide - 200}")
    assert not scrolls_sideways()
    page.page.set_viewport_size({"width": 1900, "height": 900})
    page.page.wait_for_function(f"{view}.width() > {wide + 400}")
    assert not scrolls_sideways()
