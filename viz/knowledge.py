"""Which agencies held a gap's trigger information by the date action was due.

A simple rule, stated so a panel can check it: an agency held an entry if it is among the
entry's recording agencies, recipients, participants or sender, and the entry is dated on or
before the due date. (A fuller "who knew what, when" view follows the chronology as each
agency held it; this table answers the narrower question for each gap.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def holders(entry: Mapping[str, Any]) -> set[str]:
    """The agencies that held an entry: its own, those it was sent to or by, those who took part."""
    found = set(entry.get("agencies") or [entry.get("agency")])
    found |= set(entry.get("recipients") or ())
    found |= set(entry.get("participants") or ())
    if entry.get("sender"):
        found.add(entry["sender"])
    return {a for a in found if a}


def entries_by_contact(entries: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Every contact id (and entry id) -> the entry that carries it."""
    found: dict[str, Mapping[str, Any]] = {}
    for entry in entries:
        if entry.get("id"):
            found[str(entry["id"])] = entry
        for source in entry.get("sources") or ():
            found[str(source.get("contact_id"))] = entry
    return found


def known_by(gaps: Sequence[Mapping[str, Any]], entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """For each gap: its id, due date (or trigger date when it has none) and the agencies that held
    any of its triggers by then (agency codes, sorted)."""
    index = entries_by_contact(entries)
    result = []
    for gap in gaps:
        trigger = gap.get("trigger") or {}
        triggers = list(gap.get("triggers") or []) or [trigger]
        by = str(gap.get("due") or trigger.get("date") or "")
        held: set[str] = set()
        for item in triggers:
            entry = index.get(str(item.get("contact_id")))
            if entry is not None:
                if str(entry["date"]) <= by:
                    held |= holders(entry)
            elif item.get("agency") and str(item.get("date") or "") <= by:
                held.add(str(item["agency"]))
        result.append({"gap": gap.get("id"), "by": by, "held": sorted(held)})
    return result
