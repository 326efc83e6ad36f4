"""The panel's work on the timeline, read through the spec: episodes as labelled bands, significant entries ringed."""

from __future__ import annotations

from typing import Any

from vizcase import LANES, entry

from jointchron.viz.timeline import timeline_chart

EPISODE = {
    "title": "Disclosure week",
    "summary": "Told her teacher",
    "from": "2019-03-11",
    "to": "2019-03-17",
}


def spec(entries: list[dict[str, Any]], episodes: list[dict[str, Any]]) -> dict[str, Any]:
    return timeline_chart(entries, [], LANES, episodes=episodes).to_dict()


def test_an_episode_is_a_band_over_every_lane_with_its_title_from_its_first_to_the_end_of_its_last_day() -> (
    None
):
    d = spec([entry(1, "2019-03-12", ["police"], "disclosure", ["Child A"])], [EPISODE])

    assert d["datasets"]["episodes"] == [
        {"from": "2019-03-11", "to": "2019-03-18", "title": "Disclosure week", "summary": "Told her teacher"}
    ]
    band, title = [layer for layer in d["vconcat"][0]["layer"] if layer["data"].get("name") == "episodes"]
    assert band["mark"]["type"] == "rect" and "y" not in band["encoding"]  # the whole height of the lanes
    assert band["encoding"]["x"]["field"] == "from" and band["encoding"]["x2"]["field"] == "to"
    assert title["mark"]["type"] == "text" and title["encoding"]["text"]["field"] == "title"
    assert d["vconcat"][0]["title"]["subtitle"][-1] == "Blue bands: the panel's key practice episodes."


def test_only_entries_marked_significant_are_ringed_in_each_lane_they_are_drawn_in() -> None:
    marked = entry(1, "2019-03-12", ["police", "school"], "disclosure", ["Child A"], significant=True,
                   significance="first disclosure")  # fmt: skip
    plain = entry(2, "2019-03-14", ["police"], "note", ["Child A"])

    d = spec([marked, plain], [])

    assert [(r["d"], r["lane"], r["why"]) for r in d["datasets"]["significant"]] == [
        ("2019-03-12", "Police", "first disclosure"), ("2019-03-12", "School", "first disclosure")]  # fmt: skip
    ring = d["vconcat"][0]["layer"][-1]
    assert ring["mark"]["filled"] is False and ring["encoding"]["y"]["field"] == "lane"
    assert d["datasets"]["episodes"] == []
    assert d["vconcat"][0]["title"]["subtitle"][-1] == "A dark ring: an entry the panel marked significant."
    assert "panel" not in " ".join(spec([plain], [])["vconcat"][0]["title"]["subtitle"])
