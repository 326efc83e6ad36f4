"""Chronology entries and gaps as the compact rows the page embeds once and every view shares.

Keys are short on purpose: at 100,000 entries every byte of a key is 100 kB of file.

entry row: d (ISO date), e (end date of an uncertain date), w (date as shown, with its precision),
k (kind, in plain English), a (lane labels of the agencies whose records it merges) and ag (the same as text),
s (summary), p (people it is about), f (`|child|…|` for the children whose circle it touches: the
person filter), src (sources), m (1 when merged from several agencies, else 0), st (status when not
simply recorded).

`pack` then stores the rows by column, each column with many repeats (dates, kinds, agencies)
as a list of its distinct values and an index per row: 100,000 entries fit in ~15 MB of page.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from jointchron.viz.kinds import kind_label
from jointchron.viz.model import Lane, uk_date

Row = dict[str, Any]


def lane_labels(lanes: Sequence[Lane]) -> dict[str, str]:
    """Agency code -> the label of its lane (the agency's name; code added if two share a name)."""
    names = Counter(lane.name for lane in lanes)
    return {lane.code: lane.name if names[lane.name] == 1 else f"{lane.name} ({lane.code})" for lane in lanes}


def children_by_person(circles: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Person shown -> the children whose circle (the child and connected adults) includes them."""
    found: dict[str, list[str]] = {}
    for child, members in circles.items():
        for person in (child, *members):
            if child not in found.setdefault(person, []):
                found[person].append(child)
    return found


def _when(entry: Mapping[str, Any]) -> str:
    shown = str(entry.get("display_date") or uk_date(entry.get("date")))
    precision = entry.get("precision") or "day"
    return shown if precision == "day" else f"{shown} ({precision})"


def _sources(entry: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """Where each record is: `gp.csv row 12 (GP-1001)`, led by the agency when several are merged."""
    sources = list(entry.get("sources") or ())
    parts = []
    for s in sources:
        where = (
            f"{s.get('file') or '?'}"
            + (f" [{s['sheet']}]" if s.get("sheet") else "")
            + f" row {s.get('row')}"
        )
        if s.get("reference"):
            where += f" ({s['reference']})"
        if len(sources) > 1:
            where = f"{labels.get(s.get('agency', ''), s.get('agency', ''))}: {where}"
        parts.append(where)
    return "; ".join(parts)


def entry_rows(
    entries: Sequence[Mapping[str, Any]], lanes: Sequence[Lane], circles: Mapping[str, Sequence[str]]
) -> list[Row]:
    labels = lane_labels(lanes)
    children = children_by_person(circles)
    rows: list[Row] = []
    for entry in entries:
        agencies = list(entry.get("agencies") or [entry["agency"]])
        subjects = list(entry.get("subjects") or [])
        touched = sorted({c for s in subjects for c in children.get(s, [])})
        row: Row = {
            "d": entry["date"],
            "w": _when(entry),
            "k": kind_label(str(entry["kind"])),
            "a": [labels.get(a, a) for a in agencies],
            "ag": ", ".join(labels.get(a, a) for a in agencies),
            "m": 1 if len(agencies) > 1 else 0,
            "s": entry.get("summary") or "",
            "p": ", ".join(subjects),
            "src": _sources(entry, labels),
        }
        if entry.get("end_date"):
            row["e"] = entry["end_date"]
        if touched:
            row["f"] = "|" + "|".join(touched) + "|"
        if entry.get("status") and entry["status"] != "recorded":
            row["st"] = entry["status"]
        rows.append(row)
    return rows


# Rules whose gap is about information the trigger's own agency held and should have passed on
# (DESIGN §7); every other rule expects social care to act (convene, decide, assess, send minutes,
# feed back), with the gap's `agency` naming who was left out.
TRIGGER_AGENCY_ACTS = frozenset({"info-not-shared", "connected-children"})


def gap_lane(gap: Mapping[str, Any], lanes: Sequence[Lane]) -> str:
    """The code of the lane a gap is drawn in: the agency that should have acted.

    For `info-not-shared` and `connected-children` that is the agency that recorded the trigger;
    for the other rules it is social care (the first social-care lane, `csc` if present); with no
    social-care lane, the trigger's agency.
    """
    trigger_agency = str((gap.get("trigger") or {}).get("agency") or "")
    if gap.get("rule") in TRIGGER_AGENCY_ACTS and trigger_agency:
        return trigger_agency
    social = [lane.code for lane in lanes if lane.sector == "social_care"]
    if social:
        return "csc" if "csc" in social else social[0]
    return trigger_agency or str(gap.get("agency") or "")


def weekly_counts(
    entries: Sequence[Mapping[str, Any]], span: tuple[datetime.date, datetime.date] | None = None
) -> list[Row]:
    """Entries per week (Monday's date) within `span`: the overview strip, pre-aggregated so it stays small."""
    weeks: Counter[str] = Counter()
    for entry in entries:
        day = datetime.date.fromisoformat(entry["date"][:10])
        if span is not None and not span[0] <= day <= span[1]:
            continue
        weeks[(day - datetime.timedelta(days=day.weekday())).isoformat()] += 1
    return [{"w": week, "n": n} for week, n in sorted(weeks.items())]


SPARSE = 4  # a column that fewer than one row in this many has is stored as positions and values


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def pack(rows: Sequence[Row]) -> dict[str, Any]:
    """Rows by column; a column with many repeats as its distinct values plus one index per row, and a
    column that few rows have (a key entry's label) as those rows' positions and values.

    `{"packed": n, "columns": {key: {"values": [...]} | {"distinct": [...], "index": [...]} |
    {"at": [...], "values": [...]}}}`; a row without a key has null there (or is left out of `at`).
    The page's script turns it back into rows.
    """
    keys = list(dict.fromkeys(key for row in rows for key in row))
    columns: dict[str, Any] = {}
    most = len(rows) // 2
    for key in keys:
        values = [row.get(key) for row in rows]
        present = [at for at, value in enumerate(values) if value is not None]
        if len(present) * SPARSE < len(rows):
            columns[key] = {"at": present, "values": [values[at] for at in present]}
            continue
        distinct: dict[Any, int] = {}
        first: list[Any] = []
        index: list[int | None] = []
        for value in values:
            if value is None:
                index.append(None)
                continue
            at = distinct.setdefault(_key(value), len(distinct))
            if at == len(first):
                first.append(value)
            index.append(at)
            if len(distinct) > most:
                break
        columns[key] = {"distinct": first, "index": index} if len(distinct) <= most else {"values": values}
    return {"packed": len(rows), "columns": columns}
