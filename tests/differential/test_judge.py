"""The independent judge against DESIGN §7's own words, on small hand-written reviews (no engine): if the
judge drifted, the differential harness would compare the engine with the wrong thing."""

from __future__ import annotations

import datetime as dt

from differential.judge import Gap, Judge
from differential.synthetic import Link, Person, Record, Review

D = dt.date
PEOPLE = [Person("P1", "Child A", "child", "Amy Smith", D(2012, 2, 1)),
          Person("P2", "Child B", "child", "Ben Smith", D(2015, 4, 3)),
          Person("P3", "Ms C", "adult", "Carol Smith", D(1985, 6, 5)),
          Person("P4", "Mr D", "adult", "Dan Brown", D(1980, 8, 7))]  # fmt: skip
FAMILY = [Link("Ms C", "parent_of", "Child A"), Link("Ms C", "parent_of", "Child B"),
          Link("Mr D", "partner_of", "Ms C")]  # fmt: skip


def judged(rule: str, *records: Record) -> list[Gap]:
    review = Review(0, D(2019, 1, 1), D(2019, 12, 31), ["csc", "police", "school", "gp"], PEOPLE, FAMILY,
                    list(records))  # fmt: skip
    return [g for g in Judge(review).gaps() if g.rule == rule]


def rec(agency: str, day: D, kind: str, *subjects: str, **fields: object) -> Record:
    return Record(agency, day, kind, subjects or ("Child A",), **fields)  # type: ignore[arg-type]


def test_an_end_answers_the_earliest_open_start_and_never_a_second_one() -> None:
    found = judged("assessment-timescale",
                   rec("csc", D(2019, 3, 1), "assessment_start"), rec("csc", D(2019, 7, 1), "assessment_start"),
                   rec("csc", D(2019, 7, 20), "assessment_end"))  # fmt: skip

    # The first start is answered (late) by the only end; the second stays open: it joins the first's gap
    # because that gap was still open when the second started, and the second is itself unanswered.
    assert [(g.status, g.triggers, g.follow_up) for g in found] == [
        ("late", [D(2019, 3, 1), D(2019, 7, 1)], D(2019, 7, 20))
    ]


def test_a_trigger_handled_in_time_is_never_listed_in_an_older_gap() -> None:
    found = judged("strategy-after-harm",
                   rec("school", D(2019, 5, 1), "disclosure"), rec("school", D(2019, 6, 3), "disclosure"),
                   rec("csc", D(2019, 6, 4), "strategy_discussion"))  # fmt: skip

    # Due 07/05/2019 (the May Day bank holiday fell in between); 19 working days late.
    assert [(g.status, g.triggers, g.days_late) for g in found] == [("late", [D(2019, 5, 1)], 19)]


def test_a_referral_tagged_nfa_or_acted_on_in_time_needs_no_decision_but_late_action_does() -> None:
    assert judged("referral-decision", rec("csc", D(2019, 5, 1), "contact_received", sender="police",
                                           tags=("nfa",)), rec("csc", D(2019, 6, 1), "decision")) == []  # fmt: skip
    assert judged("referral-decision", rec("school", D(2019, 5, 1), "referral", recipients=("csc",)),
                  rec("csc", D(2019, 5, 2), "s47_start"), rec("csc", D(2019, 6, 1), "decision")) == []  # fmt: skip
    [late] = judged(
        "referral-decision",
        rec("school", D(2019, 5, 1), "referral", recipients=("csc",)),
        rec("csc", D(2019, 5, 7), "assessment_start"),
        rec("csc", D(2019, 6, 3), "decision"),
    )
    assert (late.status, late.follow_up) == ("late", D(2019, 6, 3))


def test_near_matches_are_one_referral_only_when_they_share_a_sender() -> None:
    school = [rec("school", D(2019, 2, 4), "referral", recipients=("csc",)),
              rec("csc", D(2019, 2, 5), "referral", sender="school"),
              rec("school", D(2019, 6, 3), "referral", recipients=("csc",))]  # fmt: skip
    assert judged("repeat-referrals", *school) == []
    [pattern] = judged(
        "repeat-referrals", *school[::2], rec("police", D(2019, 2, 5), "referral", recipients=("csc",))
    )
    assert pattern.triggers == [D(2019, 2, 4), D(2019, 2, 5), D(2019, 6, 3)]


def test_an_agency_told_since_the_pairs_first_trigger_already_knows() -> None:
    arrest = rec("police", D(2019, 3, 4), "arrest", "Mr D", tags=("iioc",))
    told = rec("police", D(2019, 3, 6), "notification", "Mr D", recipients=("gp",))
    gp_sees_child = rec("gp", D(2019, 4, 1), "appointment", "Child B")
    charge = rec("police", D(2019, 5, 7), "charge", "Mr D", tags=("iioc",))

    # The GP first knew Child B after the arrest, so its triple starts at the charge; it was told already.
    assert [
        g for g in judged("info-not-shared", arrest, told, gp_sees_child, charge) if g.agency == "gp"
    ] == []
    elsewhere = rec(
        "police", D(2019, 1, 10), "notification", recipients=("school",)
    )  # keeps the rule assessable
    [gap] = [
        g for g in judged("info-not-shared", arrest, gp_sees_child, charge, elsewhere) if g.agency == "gp"
    ]
    assert (gap.child, gap.adult, gap.triggers, gap.status) == ("Child B", "Mr D", [D(2019, 5, 7)], "missing")


def test_a_rule_whose_evidence_no_extract_records_raises_nothing() -> None:
    assert judged("referral-decision", rec("school", D(2019, 5, 1), "referral", recipients=("csc",))) == []
    assert judged("strategy-attendance", rec("csc", D(2019, 5, 1), "strategy_discussion")) == []
    [gap] = judged(
        "strategy-attendance", rec("csc", D(2019, 5, 1), "strategy_discussion", participants=("gp",))
    )
    assert gap.missing == ("police",)


def test_a_trigger_not_yet_due_when_the_period_ends_neither_opens_nor_joins_a_gap() -> None:
    found = judged("icpc-timescale", rec("csc", D(2019, 10, 1), "s47_start"), rec("csc", D(2019, 12, 20), "s47_start"),
                   rec("csc", D(2019, 12, 23), "conference", "Child B", tags=("icpc",)))  # fmt: skip

    assert [(g.status, g.triggers) for g in found] == [("missing", [D(2019, 10, 1)])]


def test_an_extract_that_records_a_kind_only_after_the_period_still_records_it() -> None:
    found = judged("assessment-timescale", rec("csc", D(2019, 3, 1), "assessment_start"),
                   rec("csc", D(2020, 1, 10), "assessment_end"))  # fmt: skip

    assert [(g.status, g.follow_up) for g in found] == [("missing", None)]
