"""The panel's work on the timeline: key practice episodes as labelled bands, significant entries ringed.

Layers of the lanes' view, drawn from datasets of their own so that the timeline's rows stay as they
are: each band spans every lane from the episode's first day to the end of its last, with its title
at the top; each entry the panel marked significant gets a dark ring in every lane it is drawn in.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from jointchron.viz.model import Lane
from jointchron.viz.palette import TEXT
from jointchron.viz.rows import lane_labels

EPISODES = "episodes"
SIGNIFICANT = "significant"
EPISODE_FILL = "#4a7ab5"
RING_SIZE = 420  # px² (Vega's symbol size): a circle round the largest mark
RING_WIDTH = 2.2
# px from an entry's centre to the outside of its ring: key entries' names keep beyond it (viz.labels).
RING_REACH = math.ceil(math.sqrt(RING_SIZE / math.pi) + RING_WIDTH / 2)


def episode_rows(episodes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One band per episode: from its first day to the end of its last (`to` is inclusive)."""
    rows = []
    for e in episodes:
        start, end = str(e["from"]), str(e["to"])
        if len(end) == 10:  # a day: the band covers it whole
            end = (datetime.date.fromisoformat(end) + datetime.timedelta(days=1)).isoformat()
        rows.append(
            {"from": start, "to": end, "title": str(e["title"]), "summary": str(e.get("summary") or "")}
        )
    return rows


def significant_rows(entries: Sequence[Mapping[str, Any]], lanes: Sequence[Lane]) -> list[dict[str, Any]]:
    """Each significant entry in the lane of every agency that recorded it."""
    labels = lane_labels(lanes)
    return [
        {"d": e["date"], "lane": labels.get(agency, agency), "why": e.get("significance") or "significant"}
        for e in entries
        if e.get("significant")
        for agency in e["agencies"]
    ]


def panel_datasets(
    episodes: Sequence[Mapping[str, Any]], entries: Sequence[Mapping[str, Any]], lanes: Sequence[Lane]
) -> dict[str, list[dict[str, Any]]]:
    return {EPISODES: episode_rows(episodes), SIGNIFICANT: significant_rows(entries, lanes)}


def panel_legend(episodes: Sequence[Mapping[str, Any]], entries: Sequence[Mapping[str, Any]]) -> list[str]:
    """The line under the title that says what the panel's layers mean, when there are any."""
    parts = ["blue bands: the panel's key practice episodes"] if episodes else []
    if any(e.get("significant") for e in entries):
        parts.append("a dark ring: an entry the panel marked significant")
    return ["; ".join(parts).capitalize() + "."] if parts else []


def episode_layers(x: alt.X) -> list[alt.Chart]:
    """Drawn first, under everything: a pale band per episode and its title along the top."""
    shown = alt.Chart(alt.NamedData(name=EPISODES))
    band = shown.mark_rect(fill=EPISODE_FILL, fillOpacity=0.10, clip=True).encode(
        x=_on(x, "from:T"),
        x2="to:T",
        tooltip=[
            alt.Tooltip("title:N", title="Key practice episode"),
            alt.Tooltip("summary:N", title="Summary"),
        ],
    )
    title = shown.mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=11, fontWeight="bold",
                            color=EPISODE_FILL, clip=True).encode(x=_on(x, "from:T"), y=alt.value(0),
                                                                   text="title:N")  # fmt: skip
    return [band, title]


def significant_layers(x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Drawn last, over the marks: a ring round each entry the panel marked significant."""
    ring = (
        alt.Chart(alt.NamedData(name=SIGNIFICANT))
        .mark_point(
            shape="circle", filled=False, size=RING_SIZE, strokeWidth=RING_WIDTH, color=TEXT, clip=True
        )
        .encode(x=_on(x, "d:T"), y=y, tooltip=[alt.Tooltip("why:N", title="Significant")])
    )
    return [ring]


def _on(x: alt.X, field: str) -> alt.X:
    """The lanes' time axis, for another field: the same scale and axis, so the layers line up."""
    return alt.X(field, title=None, scale=x["scale"], axis=x["axis"])
