"""A CIN census return judged by the England rules (issues 12 and 14): several assessments and
section 47 enquiries per child, each answered only by its own end; referrals marked NFA;
`ICPCnotRequired` as true, false, 0, 1 and absent; a conference the episode records that no
enquiry does; windows over Easter 2019 and Christmas 2019; an assessment authorised before it
started; and the rules the census cannot support (it records no decisions and no participants).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import JC, PEOPLE_HEADER

Write = Callable[..., Path]

PEOPLE = (
    ("P1", "Child A", "child", "Amy Smith", "01/02/2012", "la:CH1"),
    ("P2", "Child B", "child", "Ben Smith", "03/04/2015", "la:CH2"),
    ("P3", "Child F", "child", "Fay Jones", "05/06/2010", "la:CH3"),
)


def assessment(start: str, authorised: str = "") -> str:
    end = f"<AssessmentAuthorisationDate>{authorised}</AssessmentAuthorisationDate>" if authorised else ""
    return f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>{end}</Assessments>"


def enquiry(start: str, icpc: str = "", not_required: str | None = None) -> str:
    conference = f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else ""
    flag = "" if not_required is None else f"<ICPCnotRequired>{not_required}</ICPCnotRequired>"
    return f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>{conference}{flag}</Section47>"


def episode(referral: str, source: str, *records: str, nfa: str | None = None, closed: str = "",
            icpc: str = "") -> str:  # fmt: skip
    return (
        f"<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>{source}</ReferralSource>"
        + ("" if nfa is None else f"<ReferralNFA>{nfa}</ReferralNFA>")
        + (f"<CINclosureDate>{closed}</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>" if closed else "")
        + (f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else "")
        + "\n" + "\n".join(records) + "\n</CINdetails>"
    )  # fmt: skip


def child(la_id: str, born: str, *episodes: str) -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{la_id}</LAchildID><PersonBirthDate>{born}</PersonBirthDate>"
            "</ChildIdentifiers>\n" + "\n".join(episodes) + "\n</Child>")  # fmt: skip


CHILD_A = child(
    "CH1", "2012-02-01",
    episode("2019-03-01", "6",
            assessment("2019-03-04"),  # never authorised: due 09/05/2019 over Easter
            enquiry("2019-04-15"),  # no conference of its own: the episode's of 10/05 is its, a day late
            enquiry("2019-06-03", "2019-06-20", "false"),
            assessment("2019-07-01", "2019-08-30"),  # on time; it does not answer the first
            "<ChildProtectionPlans><CPPstartDate>2019-06-20</CPPstartDate><CPPendDate>2019-10-30</CPPendDate>"
            "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
            "<Reviews><CPPreviewDate>2019-09-12</CPPreviewDate></Reviews></ChildProtectionPlans>",
            nfa="false", closed="2019-10-31", icpc="2019-05-10"),
    episode("2019-11-18", "2A",
            assessment("2019-11-19", "2020-01-24"),  # the 45th working day, over Christmas: on time
            enquiry("2019-12-16", "2020-01-10"),  # due 09/01/2020 over Christmas: a day late
            nfa="0"),
)  # fmt: skip
CHILD_B = child(
    "CH2", "2015-04-03",
    episode("2019-02-01", "2A", nfa="true", closed="2019-02-04"),
    episode("2019-06-03", "3A",
            enquiry("2019-06-04", not_required="0"),  # no conference, none decided against: missing
            enquiry("2019-06-05", not_required="1"),  # its own end, which does not answer the other
            nfa="0", closed="2019-09-30"),
    episode("2019-11-04", "6",
            assessment("2019-11-05", "2019-11-01")),  # authorised before it started: a data problem
)  # fmt: skip
CHILD_F = child(
    "CH3", "2010-06-05",
    episode("2019-04-01", "3A",
            assessment("2019-04-02", "2019-06-12"),  # due 10/06/2019: 2 working days late
            assessment("2019-04-03", "2019-04-30"),  # the other one's end is its own, not the first's
            enquiry("2019-09-02", not_required="true"),
            enquiry("2019-12-20", "2020-01-14", "false"),  # due 15/01/2020 over Christmas: on time
            nfa="false", icpc="2020-01-14"),  # the same conference as the enquiry's: recorded once
    episode("2019-10-07", "6", nfa="1", closed="2019-10-08"),
)  # fmt: skip
CENSUS = f"""<?xml version="1.0" encoding="utf-8"?>
<Message>
<Header><CollectionDetails><Collection>CIN</Collection><Year>2020</Year><ReferenceDate>2020-03-31</ReferenceDate>
</CollectionDetails></Header>
<Children>
{CHILD_A}
{CHILD_B}
{CHILD_F}
</Children>
</Message>
"""


@pytest.fixture
def census(jc: JC, write_csv: Write, tmp_path: Path) -> tuple[JC, Any]:
    opened = jc("init", "--title", "Child A", "--jurisdiction", "england", "--from", "01/01/2019",
                "--to", "31/03/2020")  # fmt: skip
    assert opened.exit_code == 0, opened.stderr
    assert jc("people", "import", write_csv("people.csv", PEOPLE_HEADER, PEOPLE)).exit_code == 0
    path = tmp_path / "cin_census.xml"
    path.write_text(CENSUS, encoding="utf-8")
    return jc, jc("import", path, "--profile", "cin-census")


def json_of(jc: JC, *args: str) -> Any:
    result = jc(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_census_gives_exactly_the_gaps_each_piece_of_work_left(census: tuple[JC, Any]) -> None:
    jc, imported = census
    assert imported.exit_code == 0, imported.stderr

    found = [
        (g["rule"], g["child"], g["trigger"]["date"], g["status"], g["days_late"],
         (g["follow_up"] or {}).get("date"), [t["date"] for t in g["triggers"]])
        for g in json_of(jc, "gaps")
    ]  # fmt: skip

    assert found == [
        ("assessment-timescale", "Child A", "2019-03-04", "missing", None, None, ["2019-03-04"]),
        ("assessment-timescale", "Child F", "2019-04-02", "late", 2, "2019-06-12", ["2019-04-02"]),
        ("icpc-timescale", "Child A", "2019-04-15", "late", 1, "2019-05-10", ["2019-04-15"]),
        ("icpc-timescale", "Child B", "2019-06-04", "missing", None, None, ["2019-06-04"]),
        ("repeat-referrals", "Child B", "2019-11-04", "pattern", None, None,
         ["2019-02-01", "2019-06-03", "2019-11-04"]),
        ("icpc-timescale", "Child A", "2019-12-16", "late", 1, "2020-01-10", ["2019-12-16"]),
    ]  # fmt: skip


def test_the_census_records_no_decisions_or_participants_so_those_rules_are_not_assessable(
    census: tuple[JC, Any],
) -> None:
    jc, _ = census

    rules = {r["id"]: r for r in json_of(jc, "rules")}
    table = jc("gaps")

    unjudged = sorted(r for r, about in rules.items() if not about["assessable"])
    assert unjudged == ["assessment-multi-agency-input", "minutes-to-participants", "referral-decision",
                        "referrer-feedback", "strategy-attendance"]  # fmt: skip
    assert rules["referral-decision"]["why"].startswith("No extract of this review records a decision")
    assert rules["assessment-timescale"]["assessable"] and rules["icpc-timescale"]["assessable"]
    assert table.stdout.count("not assessable") == 1 and "referral-decision" in table.stdout


def test_every_dated_element_of_the_census_is_an_entry_or_named_as_left_out(census: tuple[JC, Any]) -> None:
    jc, imported = census

    entries = json_of(jc, "chronology")
    conferences = [(e["date"], e["subjects"], e["tags"]) for e in entries if e["kind"] == "conference"]
    report = imported.stdout + imported.stderr

    # The episode's own conference (10/05) is not any enquiry's (20/06); Child F's is both, recorded once.
    assert conferences == [
        ("2019-05-10", ["Child A"], ["icpc"]),
        ("2019-06-20", ["Child A"], ["icpc"]),
        ("2019-09-12", ["Child A"], ["cp", "rcpc"]),
        ("2020-01-10", ["Child A"], ["icpc"]),
        ("2020-01-14", ["Child F"], ["icpc"]),
    ]
    closures = [(e["date"], e["kind"], e["tags"]) for e in entries if "cin_closed" in e["tags"]]
    assert closures[0] == ("2019-02-04", "plan_end", ["cin", "cin_closed"])
    assert "InitialCPCtarget" in report and "PersonBirthDate" in report and "ReferenceDate" in report
    assert "row" in report and "the assessment ends before it starts" in report
