"""Synthetic chronology entries and gaps for the chart and review-pack tests (plain dicts, as the
projections and the gap rules return them)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from jointchron.domain.vocabulary import KINDS
from jointchron.viz.data import ReviewData
from jointchron.viz.model import Lane, Link, PersonNode, ReviewFacts

HOSTILE_SCRIPT = "</script><script>window.pwned=1</script>"
HOSTILE_IMG = '"><img src=x onerror=window.pwned=1>'

LANES = [
    Lane("school", "School", "education"),
    Lane("gp", "GP", "health"),
    Lane("csc", "Children's Social Care", "social_care"),
    Lane("police", "Police", "police"),
]
PEOPLE = [
    PersonNode("Child A", "child"),
    PersonNode("Child B", "child"),
    PersonNode("Ms C", "adult"),
    PersonNode("Mr D", "adult"),
    PersonNode("Mr Z", "adult"),
]
LINKS = [
    Link("Ms C", "parent_of", "Child A"),
    Link("Mr D", "partner_of", "Ms C"),
    Link("Mr Z", "parent_of", "Child B"),
]


def entry(
    n: int, date: str, agencies: list[str], kind: str, subjects: list[str], summary: str = "", **more: Any
) -> dict[str, Any]:
    day = datetime.date.fromisoformat(date)
    return {
        "id": f"entry-{n}",
        "date": date,
        "end_date": None,
        "precision": "day",
        "time": None,
        "display_date": f"{day:%d/%m/%Y}",
        "agency": agencies[0],
        "agencies": agencies,
        "kind": kind,
        "tags": [],
        "summary": summary or f"{kind} number {n}",
        "subjects": subjects,
        "participants": [],
        "recipients": [],
        "sender": agencies[0],
        "sources": [
            {
                "agency": a,
                "file": f"{a}.csv",
                "sheet": None,
                "row": n + 2,
                "contact_id": f"c{n}-{a}",
                "reference": f"R{n}",
                "practitioner": "",
                "summary": summary,
            }
            for a in agencies
        ],
        "status": "recorded",
        "flags": [],
        **more,
    }


ENTRIES = [
    entry(0, "2019-02-12", ["police"], "investigation", ["Mr D"], "Mr D investigated."),
    entry(1, "2019-03-04", ["school"], "disclosure", ["Child A"], "Child A told her teacher."),
    entry(2, "2019-03-05", ["school"], "referral", ["Child A"], "School referred.", recipients=["csc"]),
    entry(
        3, "2019-03-06", ["csc", "police"], "strategy_discussion", ["Child A"], participants=["csc", "police"]
    ),
    entry(4, "2019-04-01", ["gp"], "appointment", ["Child B"], "Seen for a cough."),
    entry(5, "2019-05-20", ["gp"], "missed_appointment", ["Child A"], HOSTILE_SCRIPT + " and " + HOSTILE_IMG),
    entry(
        6,
        "2019-06-01",
        ["csc"],
        "note",
        ["Ms C"],
        "Home visit planned.",
        end_date="2019-06-30",
        precision="month",
        display_date="06/2019",
    ),
]


def gap(
    n: int,
    rule: str,
    trigger: dict[str, Any],
    due: str | None,
    agency: str | None,
    child: str | None,
    status: str = "missing",
    follow_up: dict[str, Any] | None = None,
) -> dict[str, Any]:
    reference = {
        "contact_id": trigger["sources"][0]["contact_id"],
        "date": trigger["date"],
        "agency": trigger["agency"],
        "kind": trigger["kind"],
    }
    return {
        "id": f"gap-{n}",
        "rule": rule,
        "title": f"{rule} title",
        "severity": "high",
        "status": status,
        "child": child,
        "agency": agency,
        "trigger": reference,
        "triggers": [reference],
        "due": due,
        "follow_up": follow_up,
        "days_late": None,
        "missing": [],
        "date_uncertain": False,
        "explanation": f"Explanation of {rule} <b>not bold</b>.",
        "basis": "Working Together 2023",
    }


GAPS = [
    gap(0, "info-not-shared", ENTRIES[0], "2019-02-26", "school", "Child A"),
    gap(
        1,
        "referral-decision",
        ENTRIES[2],
        "2019-03-06",
        None,
        "Child A",
        status="late",
        follow_up={
            "contact_id": "c3-csc",
            "date": "2019-03-06",
            "agency": "csc",
            "kind": "strategy_discussion",
        },
    ),
]


def review(
    entries: list[dict[str, Any]] | None = None, gaps: list[dict[str, Any]] | None = None
) -> ReviewData:
    return ReviewData(
        ReviewFacts(
            "Test review <i>x</i>", "england", datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
        ),
        list(LANES),
        ENTRIES if entries is None else entries,
        GAPS if gaps is None else gaps,
        list(PEOPLE),
        list(LINKS),
    )


def many_entries(n: int, seed: int = 5) -> list[dict[str, Any]]:
    """`n` entries spread over 2019 across the four lanes (for the canvas and size checks)."""
    rnd = random.Random(seed)
    days = sorted(datetime.date(2019, 1, 1) + datetime.timedelta(days=rnd.randrange(365)) for _ in range(n))
    return [
        entry(
            i,
            day.isoformat(),
            [rnd.choice(LANES).code],
            rnd.choice(KINDS),
            [rnd.choice(["Child A", "Child B"])],
        )
        for i, day in enumerate(days)
    ]
