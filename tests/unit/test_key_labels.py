"""Key entries' names on the timeline: placed so that none overlaps another or leaves the plot, at the
narrowest width the page draws and at any wider one (the browser test measures the drawn text too)."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from vizcase import LANES, entry, gap

from jointchron.domain.vocabulary import KINDS
from jointchron.viz.labels import LABEL_SIZE, TIER_OFFSETS, key_entries, label_key_entries
from jointchron.viz.rows import entry_rows, lane_labels
from jointchron.viz.text import text_width
from jointchron.viz.timeline import LABEL_WIDTH, timeline_chart

SPAN = (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))


def boxes(names: list[dict[str, Any]], width: float) -> list[tuple[str, int, float, float]]:
    """(lane, offset, left, right) of each drawn name, for a plot `width` px wide."""
    days = (SPAN[1] - SPAN[0]).days
    found = []
    for row in names:
        x = (datetime.date.fromisoformat(row["d"]) - SPAN[0]).days / days * width
        w = text_width(row["lbl"], LABEL_SIZE)
        left = {"left": x, "right": x - w, "center": x - w / 2}[row["la"]]
        found.append((row["lane"], row["lt"], left, left + w))
    return found


def placed(triggers: list[tuple[int, int, int]]) -> tuple[list[dict[str, Any]], Any]:
    entries = [
        entry(
            n,
            (SPAN[0] + datetime.timedelta(days=day)).isoformat(),
            [LANES[lane].code],
            KINDS[kind],
            ["Child A"],
        )
        for n, (day, lane, kind) in enumerate(triggers)
    ]
    gaps = [gap(n, "info-not-shared", e, None, "gp", "Child A") for n, e in enumerate(entries)]
    rows = entry_rows(entries, LANES, {})
    labelled = label_key_entries(rows, key_entries(entries, gaps), lane_labels(LANES), SPAN, LABEL_WIDTH)
    return rows, labelled


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 364), st.integers(0, 3), st.integers(0, len(KINDS) - 1)), max_size=40),
    st.sampled_from([1.0, 1.3, 2.0, 4.0]),
)
def test_names_never_overlap_or_leave_the_plot_at_any_width_from_the_narrowest(
    triggers: list[tuple[int, int, int]], wider: float
) -> None:
    _, labelled = placed(triggers)
    width = LABEL_WIDTH * wider
    drawn = boxes(labelled.names, width)
    for i, (lane, offset, left, right) in enumerate(drawn):
        assert left >= -0.5 and right <= width + 0.5
        for other_lane, other_offset, other_left, other_right in drawn[i + 1 :]:
            if (lane, offset) == (other_lane, other_offset):
                assert right <= other_left or other_right <= left


def test_a_crowded_lane_names_what_fits_and_says_how_many_it_could_not() -> None:
    rows, labelled = placed([(60, 0, kind) for kind in range(7)])  # seven triggers on one day, one lane
    assert labelled.tiers == len(TIER_OFFSETS) and labelled.unlabelled == 7 - len(TIER_OFFSETS)
    assert sum(1 for row in rows if row.get("key")) == 7 and len(labelled.names) == 4
    entries = [entry(n, "2019-03-02", ["police"], KINDS[n], ["Child A"]) for n in range(7)]
    chart = timeline_chart(entries, [gap(n, "info-not-shared", e, None, "gp", None) for n, e in enumerate(entries)],
                           LANES, span=SPAN).to_dict()  # fmt: skip
    assert "3 key entries are drawn larger without a name" in " ".join(
        chart["vconcat"][0]["title"]["subtitle"]
    )
