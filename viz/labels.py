"""Key entries named on the timeline: the triggers of findings (and, once the panel marks them,
significant entries), each with a label placed so that no two labels overlap.

Labels sit on tiers above and below the lane's centre line, where the marks are; a label takes the first
tier where it touches no other label. Places are worked out for the narrowest width the chart is drawn
at: a wider page or a zoom only moves marks further apart while labels keep their size, so labels that
do not overlap there never overlap. A key entry with no free tier keeps its emphasis (a larger mark
with a dark outline) without a label, and the chart's subtitle says how many are left unlabelled.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jointchron.viz.rows import Row
from jointchron.viz.text import text_width

LABEL_SIZE = 11
LINE = 14  # px a label's line takes (DejaVu Sans at 11 px draws 13)
MARK_ROOM = 8  # px from the lane's centre line to the nearest label: the largest mark's half-height, and 1


# Tiers in the order they are tried: above the marks, below, then further above and below. Each is the
# offset of the label's line edge nearest the marks (Vega's line-bottom baseline above, line-top below).
def tier_offsets(room: float) -> tuple[float, float, float, float]:
    return (-room, room, -room - LINE, room + LINE)


TIER_OFFSETS = tier_offsets(MARK_ROOM)
LABEL_SPACE = 8  # px kept clear between two labels on one tier
TITLE_INSET = 3  # px an episode's title starts after its first day (viz.panel_layers)


@dataclass(frozen=True)
class Labelled:
    names: list[Row]  # one per named key entry: d, lane, lbl (text), lt (offset), lb (baseline), la (align),
    # and the entry's k and f, so that the kind and person filters hide a name with its mark
    tiers: int  # how many tiers the lanes need room for (0 when nothing is labelled)
    unlabelled: int  # key entries with no room for a label
    room: float = MARK_ROOM  # px from the lane's centre line to the nearest name


def key_entries(entries: Sequence[Mapping[str, Any]], gaps: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Entry index -> the agency whose lane carries its label: each gap's trigger (in the lane of the
    agency that recorded it) and each entry marked `significant`."""
    by_id = {str(e.get("id")): at for at, e in enumerate(entries) if e.get("id")}
    by_contact = {
        str(s.get("contact_id")): at for at, e in enumerate(entries) for s in e.get("sources") or ()
    }
    found: dict[int, str] = {}
    for gap in gaps:
        trigger = gap.get("trigger") or {}
        at = by_id.get(str(trigger.get("entry_id")))
        if at is None:
            at = by_contact.get(str(trigger.get("contact_id")))
        if at is not None:
            found.setdefault(at, str(trigger.get("agency") or entries[at].get("agency") or ""))
    for at, entry in enumerate(entries):
        if entry.get("significant"):
            found.setdefault(at, str(entry.get("agency") or ""))
    return found


def _interval(x: float, width: float, plot: float) -> tuple[float, float, str]:
    """Where a label centred over `x` goes, moved to start or end at `x` where it would leave the plot."""
    if x - width / 2 < 0:
        return x, x + width, "left"
    if x + width / 2 > plot:
        return x - width, x, "right"
    return x - width / 2, x + width / 2, "center"


def label_key_entries(
    rows: Sequence[Row],
    keys: Mapping[int, str],
    lane_of: Mapping[str, str],
    span: tuple[datetime.date, datetime.date],
    plot_width: int,
    reserved: Sequence[tuple[str, int, float, float]] = (),
    room: float = MARK_ROOM,
) -> Labelled:
    """Gives each key entry's row `key` = 1 (drawn larger), and names those there is room for. Names are
    rows of their own, a few beside the many entries, so that drawing them never runs over every entry.
    `reserved`: (lane, tier, start px, end px) where a name may not go; `room`: px kept clear of the
    lane's centre line (more than MARK_ROOM where something wider than a mark is drawn round it)."""
    offsets = tier_offsets(room)
    first, days = span[0].toordinal(), max(1, (span[1] - span[0]).days)
    taken: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for lane, tier, start, end in reserved:  # room already used (by an episode's title, say)
        taken.setdefault((lane, tier), []).append((start, end))
    names: list[Row] = []
    used, unlabelled = 0, 0
    for at in sorted(keys, key=lambda i: (str(rows[i]["d"]), i)):
        row = rows[at]
        row["key"] = 1
        lane = lane_of.get(keys[at], "")
        if lane not in row["a"]:
            lane = row["a"][0]
        day = datetime.date.fromisoformat(str(row["d"])[:10]).toordinal()
        if not first <= day <= first + days:
            continue  # outside the chart's span: not drawn, so not labelled
        text = str(row["k"])
        x = (day - first) / days * plot_width
        start, end, align = _interval(x, text_width(text, LABEL_SIZE), plot_width)
        for tier in range(len(offsets)):
            placed = taken.setdefault((lane, tier), [])
            if all(end + LABEL_SPACE <= a or b + LABEL_SPACE <= start for a, b in placed):
                placed.append((start, end))
                offset = offsets[tier]
                names.append(
                    {"d": row["d"], "lane": lane, "lbl": text, "lt": offset, "la": align, "k": row["k"],
                     "lb": "line-bottom" if offset < 0 else "line-top", **({"f": row["f"]} if "f" in row else {})}
                )  # fmt: skip
                used = max(used, tier + 1)
                break
        else:
            unlabelled += 1
    return Labelled(names, used, unlabelled, room)


def under_titles(
    titles: Sequence[tuple[datetime.date, str]],
    top_lane: str,
    span: tuple[datetime.date, datetime.date],
    plot_width: int,
) -> list[tuple[str, int, float, float]]:
    """The room that titles written along the top of the lanes (the panel's episodes) take from the
    top lane's upper tiers: from the title's day, its bold text and a few px of margin."""
    first, days = span[0].toordinal(), max(1, (span[1] - span[0]).days)
    found = []
    for day, title in titles:
        x = max(0.0, (day.toordinal() - first) / days * plot_width)
        end = x + TITLE_INSET + text_width(title, LABEL_SIZE, bold=True)
        found += [(top_lane, tier, x, end) for tier, offset in enumerate(TIER_OFFSETS) if offset < 0]
    return found
