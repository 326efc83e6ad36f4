"""The timeline and the review pack as specs and markup: built from plain records, read through to_dict()."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

from vizcase import (
    ENTRIES,
    GAPS,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    LANES,
    LINKS,
    PEOPLE,
    entry,
    gap,
    many_entries,
    review,
)

from jointchron.viz.heatmap import heatmap_chart, monthly_counts
from jointchron.viz.html import EMBED_ACTIONS, Page, chart_payload, safe_json
from jointchron.viz.knowledge import known_by
from jointchron.viz.network import circles
from jointchron.viz.palette import TEXT
from jointchron.viz.people_svg import network_svg
from jointchron.viz.report import renderer_for, report_html, timeline_html, write_timeline
from jointchron.viz.rows import pack
from jointchron.viz.timeline import timeline_chart

SPAN = (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))


def spec(
    entries: list[dict[str, Any]] = ENTRIES, gaps: list[dict[str, Any]] = GAPS, interactive: bool = True
) -> dict[str, Any]:
    return timeline_chart(
        entries, gaps, LANES, circles(PEOPLE, LINKS), SPAN, interactive=interactive
    ).to_dict()


def layers(d: dict[str, Any], view: int = 0) -> list[dict[str, Any]]:
    return list(d["vconcat"][view]["layer"])


def marks_layer(d: dict[str, Any]) -> dict[str, Any]:
    return next(layer for layer in layers(d) if layer.get("name", "").startswith("entry_marks"))


def x_scales(d: dict[str, Any]) -> list[dict[str, Any]]:
    """Every x scale of the chart's panels (lanes, gaps, overview)."""
    found = []
    for view in d["vconcat"]:
        for part in view.get("layer", [view]):
            if "x" in part.get("encoding", {}) and "field" in part["encoding"]["x"]:
                found.append(part["encoding"]["x"]["scale"])
    return found


def test_lanes_are_ordered_by_sector_and_dates_read_day_first() -> None:
    d = spec()
    y = marks_layer(d)["encoding"]["y"]
    assert y["scale"]["domain"] == ["Police", "Children's Social Care", "GP", "School"]
    x = marks_layer(d)["encoding"]["x"]
    assert x["axis"]["format"] == "%d/%m/%Y" and x["scale"]["type"] == "utc"


def test_every_panel_spans_the_review_period_whatever_the_records_dates() -> None:
    d = spec()
    period = [
        {"year": 2019, "month": 1, "date": 1, "utc": True},
        {"year": 2019, "month": 12, "date": 31, "utc": True},
    ]
    scales = x_scales(d)
    assert len(scales) >= 3 and all(scale["domain"] == period for scale in scales)
    # The brush overrides the lanes' and the gaps' domain while it is set, never the overview's own.
    brushed = [scale for scale in scales if "domainRaw" in scale]
    assert brushed and all(scale["domainRaw"] == {"expr": 'brush["w"]'} for scale in brushed)
    overview = next(v for v in d["vconcat"] if v.get("name") == "overview")
    assert "domainRaw" not in overview["encoding"]["x"]["scale"]


def test_a_still_image_has_no_parameters_and_no_hint_to_click_or_drag() -> None:
    d = spec(interactive=False)
    assert "params" not in d and all("domainRaw" not in scale for scale in x_scales(d))
    text = json.dumps({key: value for key, value in d.items() if key != "datasets"}).lower()
    assert not re.search(r"click|drag|hover|zoom", text)
    assert "drag" in json.dumps(spec()).lower()  # the page's own chart does say how to zoom


def test_entries_outside_the_period_are_counted_not_drawn_silently() -> None:
    early = entry(9, "2018-11-02", ["gp"], "appointment", ["Child A"])
    d = spec([early, *ENTRIES])
    subtitle = " ".join(d["vconcat"][0]["title"]["subtitle"])
    assert "1 entry outside 01/01/2019 to 31/12/2019 is not drawn" in subtitle
    assert all(row["w"] >= "2019" or row["d"] >= "2019" for row in d["datasets"]["weeks"])


def test_a_merged_entry_is_drawn_in_each_agencys_lane_with_a_dark_outline() -> None:
    d = spec()
    meeting = d["datasets"]["entries"][3]
    assert meeting["a"] == ["Children's Social Care", "Police"] and meeting["m"] == 1
    layer = marks_layer(d)
    assert {"flatten": ["a"], "as": ["lane"]} in layer["transform"]
    assert layer["encoding"]["stroke"]["scale"] == {"domain": [0, 1], "range": ["#ffffff", TEXT]}


def test_each_kind_has_its_family_colour_and_its_own_shape_under_one_plain_english_key() -> None:
    d = spec(many_entries(400))
    encoding = marks_layer(d)["encoding"]
    labels = encoding["color"]["scale"]["domain"]
    assert labels == encoding["shape"]["scale"]["domain"]  # one key for both
    assert "Missed appointment" in labels and not any("_" in label for label in labels)
    pairs = list(zip(encoding["color"]["scale"]["range"], encoding["shape"]["scale"]["range"], strict=True))
    assert len(set(pairs)) == len(labels) == len({row["k"] for row in d["datasets"]["entries"]})
    assert encoding["color"]["title"] == encoding["shape"]["title"] == "Kind"


def test_a_finding_is_one_bar_from_its_trigger_to_the_latest_due_date_in_its_worst_status() -> None:
    trigger = ENTRIES[0]
    about_a = gap(5, "info-not-shared", trigger, "2019-02-26", "school", "Child A", status="late")
    about_b = gap(6, "info-not-shared", trigger, "2019-03-05", "gp", "Child B")
    other = gap(7, "info-not-shared", ENTRIES[1], "2019-03-08", "gp", "Child A")
    d = spec(gaps=[about_a, about_b, other])
    bars = d["datasets"]["gaps"]
    assert len(bars) == 2
    first = next(bar for bar in bars if bar["n"] == 2)
    assert (first["d"], first["due"], first["status"]) == ("2019-02-12", "2019-03-05", "missing")
    assert first["child"] == "Child A, Child B" and first["who"] == "School, GP"
    titles = d["datasets"]["gap_titles"]
    assert [t["t"] for t in titles] == ["info-not-shared title"]
    # The two findings overlap in time: they are drawn on separate tracks, under the rule's title.
    second = next(bar for bar in bars if bar["n"] == 1)
    assert first["y2"] <= second["y"] or second["y2"] <= first["y"]
    assert titles[0]["y"] < min(first["y"], second["y"])


def test_tooltips_give_the_date_with_its_precision_agencies_kind_summary_and_sources() -> None:
    d = spec()
    titles = [t["title"] for t in marks_layer(d)["encoding"]["tooltip"]]
    assert titles == ["Date", "Agencies", "Kind", "About", "Summary", "Sources"]
    visit = d["datasets"]["entries"][6]
    assert visit["w"] == "06/2019 (month)" and visit["e"] == "2019-06-30"
    assert d["datasets"]["entries"][1]["src"] == "school.csv row 3 (R1)"
    assert d["datasets"]["entries"][5]["k"] == "Missed appointment"


def test_a_very_long_summary_is_shortened_in_the_tooltip_only() -> None:
    long = entry(9, "2019-07-01", ["gp"], "note", ["Child A"], "word " * 400)
    d = spec([*ENTRIES, long])
    row = d["datasets"]["entries"][-1]
    assert row["s"] == "word " * 400 and len(row["tip"]) < 700 and row["tip"].endswith("in the chronology)")
    assert {"calculate": "datum.tip || datum.s", "as": "summary"} in marks_layer(d)["transform"]


def test_the_legend_filters_kinds_and_the_person_filter_offers_each_child() -> None:
    d = spec()
    params = {p["name"]: p for p in d["params"]}
    assert params["kinds"]["bind"] == "legend" and params["kinds"]["views"] == ["entry_marks_0"]
    assert {"filter": {"param": "kinds"}} in marks_layer(d)["transform"]
    assert params["person"]["bind"]["options"] == ["", "Child A", "Child B"]
    # Child A's circle: the child, her mother and her mother's partner, but not Child B's father.
    assert circles(PEOPLE, LINKS)["Child A"] == ["Mr D", "Ms C"]
    rows = d["datasets"]["entries"]
    assert rows[0]["f"] == "|Child A|" and rows[4]["f"] == "|Child B|"


def test_the_overview_brush_drives_the_lanes_and_the_gaps() -> None:
    d = spec()
    params = {p["name"]: p for p in d["params"]}
    assert params["brush"]["select"] == {"type": "interval", "encodings": ["x"]}
    assert params["brush"]["views"] == ["overview"]
    assert marks_layer(d)["encoding"]["x"]["scale"]["domainRaw"] == {"expr": 'brush["w"]'}
    gap_bars = next(layer for layer in layers(d, 1) if layer.get("name", "").startswith("gap_bars"))
    assert gap_bars["encoding"]["x"]["scale"]["domainRaw"] == {"expr": 'brush["w"]'}
    # What the brush zooms is clipped to its panel (the gaps' titles stay put at the panel's left edge).
    zoomed = [layer for layer in layers(d) + layers(d, 1) if "field" in layer["encoding"].get("x", {})]
    assert len(zoomed) >= 5 and all(layer["mark"].get("clip") for layer in zoomed)


def test_the_entries_that_triggered_a_gap_are_larger_and_named() -> None:
    d = spec()
    keyed = [row["k"] for row in d["datasets"]["entries"] if row.get("key")]
    names = [(row["lbl"], row["lane"], row["d"]) for row in d["datasets"]["key_names"]]
    assert keyed == ["Investigation", "Referral"]
    assert names == [("Investigation", "Police", "2019-02-12"), ("Referral", "School", "2019-03-05")]
    assert marks_layer(d)["encoding"]["size"]["condition"]["test"] == "datum.key"
    # The names are filtered as the marks are: by person, agency and the key's kinds.
    named = [layer for layer in layers(d) if layer.get("data") == {"name": "key_names"}]
    assert len(named) == 2  # the name and its white halo
    assert all({"filter": {"param": "kinds"}} in layer["transform"] for layer in named)


def test_an_entry_the_panel_marks_significant_is_named_like_a_trigger() -> None:
    marked = entry(9, "2019-08-01", ["gp"], "visit", ["Child A"], significant=True)
    d = spec([*ENTRIES, marked], [])
    assert [row["k"] for row in d["datasets"]["entries"] if row.get("key")] == ["Visit"]
    assert [(row["lbl"], row["lane"]) for row in d["datasets"]["key_names"]] == [("Visit", "GP")]


def test_the_still_image_ends_at_the_periods_end_and_says_nothing_of_clicking(tmp_path: Path) -> None:
    write_timeline(review(), tmp_path / "t.html", svg=tmp_path / "t.svg")
    svg = (tmp_path / "t.svg").read_text("utf-8")
    assert "01/12/2019" in svg  # the records stop in June; the axis runs on to December
    assert not re.search(r"click|drag|hover|zoom", svg, re.IGNORECASE)
    assert "Missed appointment" in svg and "Joint chronology by agency" in svg


def test_the_heat_map_keeps_months_without_contact_so_silences_show() -> None:
    counts = monthly_counts(ENTRIES, LANES, *(review().facts.period_start, review().facts.period_end))
    assert len(counts) == 4 * 12
    school = {row["m"]: row["n"] for row in counts if row["lane"] == "School"}
    assert school["03/2019"] == 2 and school["05/2019"] == 0 and school["12/2019"] == 0
    police = {row["m"]: row["n"] for row in counts if row["lane"] == "Police"}
    assert police["03/2019"] == 1  # the merged strategy discussion counts in each agency's lane
    d = heatmap_chart(counts).to_dict()
    assert {row["lv"] for row in d["datasets"]["months"] if row["n"] == 0} == {"none"}


def test_known_by_lists_the_agencies_that_held_the_trigger_by_its_due_date() -> None:
    held = {k["gap"]: k["held"] for k in known_by(GAPS, ENTRIES)}
    assert held["gap-0"] == ["police"]
    assert held["gap-1"] == ["csc", "school"]  # the school sent the referral to social care


def test_embedded_json_cannot_end_its_script_element() -> None:
    text = safe_json({"s": HOSTILE_SCRIPT + HOSTILE_IMG + "&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["s"] == HOSTILE_SCRIPT + HOSTILE_IMG + "&\u2028"


def test_pages_carry_no_hostile_markup_no_network_address_and_no_editor_action() -> None:
    for page in (report_html(review()), timeline_html(review())):
        assert HOSTILE_SCRIPT not in page and "<img src=x" not in page and "<i>x</i>" not in page
        assert "window.pwned" in page  # the text is there, escaped
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)
        assert "default-src 'none'" in page and "connect-src 'none'" in page
    assert EMBED_ACTIONS == {"export": True, "source": False, "compiled": False, "editor": False}
    payload = chart_payload(timeline_chart(ENTRIES, GAPS, LANES))
    assert payload["options"]["actions"]["editor"] is False


def test_a_page_allows_only_its_own_scripts() -> None:
    page = Page(title="t", body="<p>body</p>", scripts=["window.x = 1;"]).render()
    policy = re.search(r'content="(default-src[^"]+)"', page)
    assert policy is not None
    assert policy.group(1).count("'sha256-") == 3  # Vega bundle, embed script, this script
    assert "'unsafe-inline'" not in policy.group(1).split("style-src")[0]


def test_large_charts_draw_on_canvas() -> None:
    assert renderer_for(timeline_chart(ENTRIES, [], LANES)) == "svg"
    big = timeline_chart(many_entries(10_001), [], LANES)
    assert renderer_for(big) == "canvas"
    assert "stroke" not in marks_layer(big.to_dict())["mark"]


def test_packed_rows_keep_every_value() -> None:
    rows: list[dict[str, Any]] = [{"d": "2019-01-01", "k": "note", "s": f"text {i}"} for i in range(10)]
    rows += [{"d": "2019-01-02", "s": "x", "lbl": "Referral"}]
    packed = pack(rows)
    columns = packed["columns"]
    assert packed["packed"] == 11 and "distinct" in columns["d"] and "index" in columns["d"]
    assert "values" in columns["s"] and "index" not in columns["s"]
    assert columns["lbl"] == {"at": [10], "values": ["Referral"]}  # a key entry's label: only where it is

    def value(col: dict[str, Any], i: int) -> Any:
        if "at" in col:
            return col["values"][col["at"].index(i)] if i in col["at"] else None
        if "distinct" in col:
            return None if col["index"][i] is None else col["distinct"][col["index"][i]]
        return col["values"][i]

    rebuilt = [{key: value(col, i) for key, col in columns.items()} for i in range(11)]
    assert [{k: v for k, v in row.items() if v is not None} for row in rebuilt] == rows


def test_the_network_picture_escapes_names_and_names_relations() -> None:
    svg = network_svg(
        "Child A",
        [*PEOPLE, type(PEOPLE[0])("<b>Eve</b>", "adult")],
        [*LINKS, type(LINKS[0])("<b>Eve</b>", "cares_for", "Child A")],
    )
    assert "&lt;b&gt;Eve&lt;/b&gt;" in svg and "<b>" not in svg
    assert "parent of" in svg and "partner of" in svg and "cares for" in svg
    assert "Mr Z" not in svg  # Child B's father is not around Child A
