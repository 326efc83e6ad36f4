"""The timeline and the review pack as specs and markup: built from plain records, read through to_dict()."""

from __future__ import annotations

import json
import re
from typing import Any

from vizcase import ENTRIES, GAPS, HOSTILE_IMG, HOSTILE_SCRIPT, LANES, LINKS, PEOPLE, many_entries, review

from jointchron.viz.heatmap import heatmap_chart, monthly_counts
from jointchron.viz.html import EMBED_ACTIONS, Page, chart_payload, safe_json
from jointchron.viz.knowledge import known_by
from jointchron.viz.network import circles, network_svg
from jointchron.viz.palette import GAP_STROKE, HEAT_SCHEME, KIND_COLOURS, TEXT, contrast
from jointchron.viz.report import renderer_for, report_html, timeline_html
from jointchron.viz.rows import pack
from jointchron.viz.timeline import timeline_chart


def spec(entries: list[dict[str, Any]] = ENTRIES, gaps: list[dict[str, Any]] = GAPS) -> dict[str, Any]:
    return timeline_chart(entries, gaps, LANES, circles(PEOPLE, LINKS)).to_dict()


def layers(d: dict[str, Any]) -> list[dict[str, Any]]:
    return list(d["vconcat"][0]["layer"])


def marks_layer(d: dict[str, Any]) -> dict[str, Any]:
    return next(layer for layer in layers(d) if layer.get("name", "").startswith("entry_marks"))


def test_lanes_are_ordered_by_sector_and_dates_read_day_first() -> None:
    d = spec()
    y = marks_layer(d)["encoding"]["y"]
    assert y["scale"]["domain"] == ["Police", "Children's Social Care", "GP", "School"]
    x = marks_layer(d)["encoding"]["x"]
    assert x["axis"]["format"] == "%d/%m/%Y" and x["scale"]["type"] == "utc"


def test_a_merged_entry_is_drawn_in_each_agencys_lane_as_a_diamond() -> None:
    d = spec()
    meeting = d["datasets"]["entries"][3]
    assert meeting["a"] == ["Children's Social Care", "Police"] and meeting["m"] == 1
    layer = marks_layer(d)
    assert {"flatten": ["a"], "as": ["lane"]} in layer["transform"]
    assert layer["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]


def test_gap_bands_run_from_trigger_to_due_in_the_lane_of_the_agency_that_should_act() -> None:
    d = spec()
    bands = {row["id"]: row for row in d["datasets"]["gaps"]}
    # Police held the investigation and should have told the school; social care decides on referrals.
    assert bands["gap-0"]["lane"] == "Police" and bands["gap-0"]["who"] == "School"
    assert (bands["gap-0"]["d"], bands["gap-0"]["due"]) == ("2019-02-12", "2019-02-26")
    assert bands["gap-1"]["lane"] == "Children's Social Care"
    band_layer = layers(d)[0]
    assert band_layer["mark"]["type"] == "rect" and band_layer["mark"]["stroke"] == GAP_STROKE
    assert band_layer["encoding"]["x2"]["field"] == "due"


def test_tooltips_give_the_date_with_its_precision_agencies_kind_summary_and_sources() -> None:
    d = spec()
    titles = [t["title"] for t in marks_layer(d)["encoding"]["tooltip"]]
    assert titles == ["Date", "Agencies", "Kind", "About", "Summary", "Sources"]
    visit = d["datasets"]["entries"][6]
    assert visit["w"] == "06/2019 (month)" and visit["e"] == "2019-06-30"
    assert d["datasets"]["entries"][1]["src"] == "school.csv row 3 (R1)"


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


def test_the_overview_brush_is_the_main_charts_x_domain() -> None:
    d = spec()
    params = {p["name"]: p for p in d["params"]}
    assert params["brush"]["select"] == {"type": "interval", "encodings": ["x"]}
    assert params["brush"]["views"] == ["overview"]
    assert marks_layer(d)["encoding"]["x"]["scale"]["domain"] == {"param": "brush"}
    assert all(layer["mark"].get("clip") for layer in layers(d))


def test_kind_colours_and_heat_map_text_meet_wcag_aa_on_white() -> None:
    assert all(contrast(colour, "#ffffff") >= 4.5 for colour in KIND_COLOURS.values())
    assert contrast(GAP_STROKE, "#ffffff") >= 4.5 and contrast(TEXT, "#ffffff") >= 4.5
    assert all(max(contrast(c, "#ffffff"), contrast(c, TEXT)) >= 4.5 for c in HEAT_SCHEME)


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
    rows = [{"d": "2019-01-01", "k": "note", "s": f"text {i}"} for i in range(10)] + [
        {"d": "2019-01-02", "s": "x"}
    ]
    packed = pack(rows)
    columns = packed["columns"]
    assert packed["packed"] == 11 and "distinct" in columns["d"] and "values" in columns["s"]
    rebuilt = [
        {
            key: (col["distinct"][col["index"][i]] if col["index"][i] is not None else None)
            if "distinct" in col
            else col["values"][i]
            for key, col in columns.items()
        }
        for i in range(11)
    ]
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
