"""The timeline and the review pack opened in real headless Chromium: drawn, offline, inert, interactive."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Chromium, Opened, chromium, chromium_path
from click.testing import CliRunner
from vizcase import ENTRIES, GAPS, HOSTILE_IMG, HOSTILE_SCRIPT, many_entries, review

from jointchron.cli import main
from jointchron.viz.report import write_report, write_timeline
from support import JC

pytestmark = pytest.mark.browser

# Items drawn by the marks whose name starts with `prefix`, read from the Vega scenegraph (SVG or canvas).
DRAWN = """([view, prefix]) => {
  let count = 0;
  (function walk(node) {
    if (!node) { return; }
    if (node.marktype && node.name && node.name.startsWith(prefix)) { count += node.items.length; return; }
    (node.items || []).forEach(walk);
  })(window.jointchron.views[view].scenegraph().root);
  return count;
}"""
# The main chart's x-axis labels (its first labelled axis).
AXIS_LABELS = """() => Array.from(document.querySelector('#chart-timeline g.role-axis-label').querySelectorAll('text'))
  .map(t => t.textContent)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    if chromium_path() is None:
        message = "Chromium is needed for the HTML tests: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs it)")
        pytest.skip(message)
    with chromium() as opened:
        yield opened


def drawn(page: Opened, view: str = "timeline", prefix: str = "entry_marks") -> int:
    return int(page.page.evaluate(DRAWN, [view, prefix]))


def opened_cleanly(browser: Chromium, path: Path) -> Opened:
    page = browser.open(path)
    page.wait_until_drawn()
    assert page.console_errors == []
    assert page.outside_requests == []
    return page


def settle(page: Opened) -> None:
    page.page.evaluate("async () => { await window.jointchron.views.timeline.runAsync(); }")


def test_the_demo_review_pack_opens_offline_and_draws_every_section(
    browser: Chromium, tmp_path: Path
) -> None:
    built = CliRunner().invoke(main, ["demo", "--directory", str(tmp_path / "demo")], catch_exceptions=False)
    assert built.exit_code == 0, built.stderr
    page = opened_cleanly(browser, tmp_path / "demo" / "report.html")

    entries = page.page.evaluate("window.jointchron.data.shared.entries")
    assert len(entries) == 40
    assert drawn(page) == sum(len(row["a"]) for row in entries)  # merged entries in each of their lanes
    assert drawn(page, prefix="gap_bars") > 0  # a bar per finding
    assert page.page.locator("#chart-timeline svg path").count() > 40  # SVG below 10,000 marks
    assert drawn(page, "silences", "concat_0_layer_0") == 5 * 12  # every agency, every month of 2019
    for section in ("review", "gaps", "known-by", "timeline", "silences", "people", "chronology"):
        assert page.page.locator(f"section#{section}").count() == 1
    assert page.page.locator("table.gaps tbody tr").count() > 5  # every gap, inside its finding
    findings = page.page.locator("section#gaps details.finding")
    assert 0 < findings.count() < page.page.locator("table.gaps tbody tr").count()
    assert page.page.locator("section#gaps details.rules li").count() == 11  # the rules in force, with bases
    findings.first.locator("summary").click()
    assert findings.first.locator("table.gaps").is_visible()
    assert (
        page.page.locator("table.known-by tbody tr").count()
        == page.page.locator("table.gaps tbody tr").count()
    )
    assert page.page.locator(".networks figure svg").count() == 3  # Child Bk, Child Cx, Child E
    assert page.page.locator("#chronology-rows tr").count() == 40
    assert "Maggie" not in page.page.content()  # pseudonymised by default


def test_hostile_text_in_a_summary_shows_as_text_and_never_runs(
    people: JC, write_csv: Callable[..., Path], tmp_path: Path, browser: Chromium
) -> None:
    extract = write_csv(
        "gp.csv",
        ("date", "kind", "subjects", "summary"),
        [
            ("01/03/2019", "appointment", "Child A", HOSTILE_SCRIPT),
            ("02/03/2019", "missed_appointment", "Child A", HOSTILE_IMG),
        ],
    )
    assert people("import", extract, "--agency", "gp").exit_code == 0
    assert people("report", "-o", tmp_path / "report.html").exit_code == 0
    assert people("chart", "-o", tmp_path / "timeline.html").exit_code == 0

    report = opened_cleanly(browser, tmp_path / "report.html")
    assert report.page.evaluate("typeof window.pwned") == "undefined"
    assert report.page.locator("img").count() == 0
    cells = report.page.locator("#chronology-rows td").all_text_contents()
    assert HOSTILE_SCRIPT in cells and HOSTILE_IMG in cells
    timeline = opened_cleanly(browser, tmp_path / "timeline.html")
    assert timeline.page.evaluate("typeof window.pwned") == "undefined"
    assert drawn(timeline) == 2


@pytest.fixture
def timeline_page(browser: Chromium, tmp_path: Path) -> Opened:
    write_timeline(review(), tmp_path / "timeline.html")
    return opened_cleanly(browser, tmp_path / "timeline.html")


def test_the_legend_the_person_and_the_agency_filter_what_the_lanes_show(timeline_page: Opened) -> None:
    page = timeline_page
    everything = drawn(page)
    assert everything == len(ENTRIES) + 1  # the strategy discussion sits in two lanes

    page.page.locator("#chart-timeline g.role-legend-label text", has_text="Appointment").first.click()
    settle(page)
    assert drawn(page) == 1  # only the appointment
    page.page.reload()
    page.wait_until_drawn()

    page.page.select_option("#chart-timeline select[name=person]", "Child B")
    settle(page)
    assert drawn(page) == 1  # Child B's appointment; nothing of Child A's household
    assert drawn(page, prefix="gap_bars") == 0  # both gaps are about Child A
    page.page.select_option("#chart-timeline select[name=person]", "Child A")
    settle(page)
    assert drawn(page) == everything - 1  # Child A, her mother and Mr D (her mother's partner)

    page.page.select_option("#chart-timeline select[name=person]", "")
    page.page.select_option("#chart-timeline select[name=agency]", "School")
    settle(page)
    assert drawn(page) == 2  # the disclosure and the referral


def test_a_brush_on_the_overview_zooms_the_lanes(timeline_page: Opened) -> None:
    page = timeline_page
    before = page.page.evaluate(AXIS_LABELS)
    strip = page.page.locator("#chart-timeline g.overview_marks").bounding_box()
    assert strip is not None
    y = strip["y"] + strip["height"] / 2
    page.page.mouse.move(strip["x"] + strip["width"] * 0.2, y)
    page.page.mouse.down()
    page.page.mouse.move(strip["x"] + strip["width"] * 0.4, y, steps=5)
    page.page.mouse.up()
    settle(page)
    brush = page.page.evaluate("window.jointchron.views.timeline.signal('brush')")
    assert brush and len(next(iter(brush.values()))) == 2
    after = page.page.evaluate(AXIS_LABELS)
    assert after != before and after[0] != before[0]


def test_the_chronology_table_searches_filters_and_follows_gap_links(
    browser: Chromium, tmp_path: Path
) -> None:
    write_report(review(), tmp_path / "report.html")
    page = opened_cleanly(browser, tmp_path / "report.html")
    rows = page.page.locator("#chronology-rows tr")
    assert rows.count() == len(ENTRIES)

    page.page.fill("#filter-text", "teacher")
    page.page.wait_for_function("document.querySelectorAll('#chronology-rows tr').length === 1")
    assert "Child A told her teacher." in rows.first.inner_text()
    page.page.click("#filter-clear")
    page.page.select_option("#filter-agency", "Police")
    assert rows.count() == 2
    page.page.select_option("#filter-kind", "Note")
    assert rows.count() == 0
    page.page.click("#filter-clear")
    page.page.select_option("#filter-person", "Child B")
    assert rows.count() == 1

    trigger = page.page.locator("section#gaps details.finding summary a[data-entry]").first
    target = trigger.get_attribute("href")
    trigger.click()
    page.page.wait_for_function("document.querySelector('#chronology-rows tr.target') !== null")
    assert f"#{page.page.locator('#chronology-rows tr.target').get_attribute('id')}" == target
    assert rows.count() == len(ENTRIES)  # the link cleared the person filter to show its row


def test_a_large_timeline_draws_on_a_canvas(browser: Chromium, tmp_path: Path) -> None:
    entries: list[dict[str, Any]] = many_entries(12_000)
    write_timeline(review(entries, GAPS[:0]), tmp_path / "timeline.html")
    page = opened_cleanly(browser, tmp_path / "timeline.html")
    assert page.page.locator("#chart-timeline canvas").count() == 1
    assert page.page.locator("#chart-timeline svg.marks").count() == 0
    assert drawn(page) == 12_000


def test_a_review_with_nothing_imported_yet_still_opens_cleanly(browser: Chromium, tmp_path: Path) -> None:
    write_report(review([], []), tmp_path / "report.html")
    page = opened_cleanly(browser, tmp_path / "report.html")
    assert drawn(page) == 0
    assert "0 matching entries" in page.page.inner_text("#chronology-count")
