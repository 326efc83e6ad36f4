"""Gaps as the timeline draws them: one thin bar per finding, in rows under a title per rule.

A finding is one rule's failure about one trigger entry (issue 14): its gaps, across children, adults
and agencies, make one bar from the trigger to the latest date action was due, drawn in the worst
status of its gaps. Bars of one rule sit under that rule's title; bars that would touch are put on
separate tracks, so no two overlap and none hides another. Positions are worked out here, in pixels
from the top of the gaps panel, so that filters hide bars without moving the rest.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jointchron.viz.model import Lane, uk_date
from jointchron.viz.rows import Row, gap_lane, lane_labels

STATUS_ORDER = ("missing", "late", "incomplete", "pattern")
STATUS_LABELS = {
    "missing": "Missing: not recorded",
    "late": "Late",
    "incomplete": "Incomplete: not everyone took part",
    "pattern": "Pattern",
}
TITLE_HEIGHT = 17  # a rule's title line
TRACK_HEIGHT = 11  # one track of bars
BAR_HEIGHT = 7
GROUP_GAP = 5
MIN_BAR_PX = 5  # the shortest a bar is drawn (a gap with no deadline), in pixels at the narrowest width


@dataclass(frozen=True)
class GapPanel:
    bars: list[Row]  # one per finding
    titles: list[Row]  # one per rule: t (title), y (baseline, px)
    height: int


def finding_key(gap: Mapping[str, Any]) -> str:
    """The finding a gap belongs to: the one it names, else its rule and trigger entry."""
    if gap.get("finding"):
        return str(gap["finding"])
    trigger = gap.get("trigger") or {}
    return f"{gap.get('rule')}|{trigger.get('entry_id') or trigger.get('contact_id')}"


def _day(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(str(iso)[:10])


def _day_after(iso: str) -> str:
    return (_day(iso) + datetime.timedelta(days=1)).isoformat()


def _worst(statuses: Sequence[str]) -> str:
    known = [s for s in STATUS_ORDER if s in statuses]
    return known[0] if known else (sorted(statuses)[0] if statuses else "")


def _joined(values: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(v for v in values if v))


def _bar(key: str, gaps: Sequence[Mapping[str, Any]], lanes: Sequence[Lane]) -> Row | None:
    labels = lane_labels(lanes)
    first = gaps[0]
    trigger = first.get("trigger") or {}
    start = trigger.get("date")
    if not start:
        return None
    dues = sorted(str(g["due"]) for g in gaps if g.get("due"))
    due = dues[-1] if dues else None
    children = [str(c) for g in gaps for c in (g.get("children") or [g.get("child")]) if c]
    left_out = [labels.get(str(g["agency"]), str(g["agency"])) for g in gaps if g.get("agency")]
    acting = [labels.get(gap_lane(g, lanes), gap_lane(g, lanes)) for g in gaps]
    trigger_lane = labels.get(str(trigger.get("agency")), str(trigger.get("agency") or ""))
    involved = list(dict.fromkeys([trigger_lane, *acting, *left_out]))
    status = _worst([str(g.get("status") or "") for g in gaps])
    explanation = str(first.get("explanation") or "")
    if len(gaps) > 1:
        explanation = f"{len(gaps)} gaps. First: {explanation}"
    return {
        "id": key,
        "title": str(first.get("title") or first.get("rule") or ""),
        "status": status,
        "sl": STATUS_LABELS.get(status, status.capitalize()),
        "n": len(gaps),
        "d": str(start)[:10],
        "due": due if due and due > str(start)[:10] else _day_after(str(start)[:10]),
        "wd": uk_date(start),
        "wdue": uk_date(due) if due else "no deadline",
        "child": _joined(children),
        "who": _joined(left_out),
        "act": _joined(acting),
        "f": "|" + "|".join(dict.fromkeys(children)) + "|" if children else "",
        "ln": "|" + "|".join(v for v in involved if v) + "|",
        "x": explanation,
    }


def gap_panel(
    gaps: Sequence[Mapping[str, Any]],
    lanes: Sequence[Lane],
    span: tuple[datetime.date, datetime.date],
    width: int,
) -> GapPanel:
    """Bars and titles for `gaps`, packed for a panel `width` pixels wide over `span`."""
    findings: dict[str, list[Mapping[str, Any]]] = {}
    for gap in gaps:
        findings.setdefault(finding_key(gap), []).append(gap)
    by_rule: dict[str, list[Row]] = {}
    for key, members in findings.items():
        bar = _bar(key, members, lanes)
        if bar is not None:
            by_rule.setdefault(bar["title"], []).append(bar)
    shortest = MIN_BAR_PX * max(1, (span[1] - span[0]).days) / max(1, width)  # in days
    bars: list[Row] = []
    titles: list[Row] = []
    top = 0
    for title in sorted(by_rule, key=lambda t: (min(b["d"] for b in by_rule[t]), t)):
        titles.append({"t": title, "y": top + TITLE_HEIGHT - 5})
        top += TITLE_HEIGHT
        ends: list[float] = []  # where each track's last bar ends, in days
        for bar in sorted(by_rule[title], key=lambda b: (b["d"], b["due"], b["id"])):
            start = _day(bar["d"]).toordinal()
            end = max(_day(bar["due"]).toordinal(), start + max(1.0, shortest))
            track = next((at for at, last in enumerate(ends) if last < start), len(ends))
            if track == len(ends):
                ends.append(end)
            ends[track] = end
            bar["y"] = top + track * TRACK_HEIGHT
            bar["y2"] = bar["y"] + BAR_HEIGHT
            bars.append(bar)
        top += len(ends) * TRACK_HEIGHT + GROUP_GAP
    return GapPanel(bars, titles, top)
