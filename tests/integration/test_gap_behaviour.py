"""How gaps behave across rules: folding repeated triggers, uncertain dates, the review period's end,
merged people, and the rulebooks of Wales and Scotland."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gapcase import evidence, gaps, of_rule, record, row

from support import JC, PEOPLE, PEOPLE_HEADER

Write = Callable[..., Path]


def open_review(jc: JC, write_csv: Write, jurisdiction: str) -> JC:
    result = jc("init", "--title", "Review", "--jurisdiction", jurisdiction, "--from", "01/01/2019",
                "--to", "31/12/2019")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert jc("people", "import", write_csv("people.csv", PEOPLE_HEADER, PEOPLE)).exit_code == 0
    return jc


# -- folding --------------------------------------------------------------------------------------------


def test_a_later_trigger_while_a_gap_is_open_joins_it(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [
        row("20/05/2019", "disclosure"),
        row("21/05/2019", "concern", tags="sexual_abuse"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [row("30/05/2019", "strategy_discussion")])

    [gap] = of_rule(people, "strategy-after-harm")

    assert gap["status"] == "late" and gap["trigger"]["date"] == "2019-05-20"
    assert [t["date"] for t in gap["triggers"]] == ["2019-05-20", "2019-05-21"]
    assert "(and 1 further such record while this was outstanding, on 21/05/2019)" in gap["explanation"]


def test_a_trigger_after_the_gap_was_answered_is_judged_afresh(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure"), row("10/06/2019", "disclosure")])
    record(people, write_csv, "csc", [row("30/05/2019", "strategy_discussion")])

    found = of_rule(people, "strategy-after-harm")

    assert [(g["trigger"]["date"], g["status"]) for g in found] == [
        ("2019-05-20", "late"),
        ("2019-06-10", "missing"),
    ]
    assert [len(g["triggers"]) for g in found] == [1, 1]


def test_triggers_for_different_children_or_agencies_open_their_own_gaps(
    people: JC, write_csv: Write
) -> None:
    record(
        people,
        write_csv,
        "school",
        [row("20/05/2019", "disclosure"), row("21/05/2019", "disclosure", "Child B")],
    )
    evidence(people, write_csv, "strategy_discussion")

    assert [g["child"] for g in of_rule(people, "strategy-after-harm")] == ["Child A", "Child B"]


# -- uncertain dates ------------------------------------------------------------------------------------


def test_an_uncertain_trigger_runs_its_deadline_from_its_latest_day_and_marks_the_gap(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("Sep 2019", "disclosure")])
    record(people, write_csv, "csc", [row("10/10/2019", "strategy_discussion")])

    [gap] = of_rule(people, "strategy-after-harm")

    assert gap["due"] == "2019-10-03" and gap["days_late"] == 5
    assert gap["date_uncertain"] is True and gap["trigger"]["precision"] == "month"
    assert "Sep 2019" in gap["explanation"] and "uncertain" in gap["explanation"]


def test_an_uncertain_follow_up_counts_from_its_earliest_day(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("01/10/2019", "disclosure")])
    record(people, write_csv, "csc", [row("Oct 2019", "strategy_discussion")])

    assert of_rule(people, "strategy-after-harm") == []


def test_a_certain_gap_is_not_marked_uncertain(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("01/10/2019", "disclosure")])
    evidence(people, write_csv, "strategy_discussion")

    assert [g["date_uncertain"] for g in of_rule(people, "strategy-after-harm")] == [False]


# -- the review period ----------------------------------------------------------------------------------


def test_a_follow_up_after_the_review_period_is_not_seen(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("20/12/2019", "disclosure")])
    record(people, write_csv, "csc", [row("06/01/2020", "strategy_discussion")])

    [gap] = of_rule(people, "strategy-after-harm")

    assert gap["status"] == "missing" and gap["due"] == "2019-12-27"
    assert "before the review period ended on 31/12/2019" in gap["explanation"]


def test_a_trigger_not_yet_due_when_the_period_ends_is_not_a_gap(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("30/12/2019", "disclosure")])

    assert of_rule(people, "strategy-after-harm") == []


# -- people as the register finally resolves them -------------------------------------------------------


def test_a_subject_named_before_the_register_existed_is_the_same_child(review: JC, write_csv: Write) -> None:
    record(review, write_csv, "school", [row("20/05/2019", "disclosure", "Amy Smith")])
    assert review("people", "import", write_csv("people.csv", PEOPLE_HEADER, PEOPLE)).exit_code == 0
    record(review, write_csv, "csc", [row("22/05/2019", "strategy_discussion", "Child A")])

    assert of_rule(review, "strategy-after-harm") == []


def test_gaps_name_people_by_pseudonym_unless_asked_for_names(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure", "Amy Smith")])
    evidence(people, write_csv, "strategy_discussion")

    hidden = people("gaps", "--format", "json")
    named = of_rule(people, "strategy-after-harm", "--named")

    assert "Amy" not in hidden.stdout and "Child A" in hidden.stdout
    assert named[0]["child"] == "Amy Smith" and "Amy Smith" in named[0]["explanation"]


# -- jurisdictions --------------------------------------------------------------------------------------


def test_wales_asks_only_social_services_and_police_to_take_part_in_a_strategy_discussion(
    jc: JC, write_csv: Write
) -> None:
    wales = open_review(jc, write_csv, "wales")
    record(wales, write_csv, "csc", [row("22/05/2019", "strategy_discussion", participants="police")])

    assert of_rule(wales, "strategy-attendance") == []
    assert [g["missing"] for g in of_rule(wales, "strategy-attendance", "--rulebook", "england")] == [
        ["health"]
    ]


def test_scotland_uses_its_own_rulebook_and_bank_holidays(jc: JC, write_csv: Write) -> None:
    scotland = open_review(jc, write_csv, "scotland")
    # Easter Monday (22/04/2019) is a working day in Scotland: the IRD was due then, and came a day late.
    record(scotland, write_csv, "school", [row("18/04/2019", "disclosure")])
    record(scotland, write_csv, "csc", [row("23/04/2019", "strategy_discussion", participants="police;gp")])

    [gap] = of_rule(scotland, "ird-after-harm")

    assert gap["due"] == "2019-04-22" and gap["days_late"] == 1
    assert "National Guidance for Child Protection in Scotland" in gap["basis"]
    assert "inter-agency referral discussion" in gap["explanation"]
    assert of_rule(scotland, "strategy-after-harm", "--rulebook", "england") == []


def test_st_andrews_day_holiday_is_not_a_scottish_working_day(jc: JC, write_csv: Write) -> None:
    scotland = open_review(jc, write_csv, "scotland")
    # Friday 29/11/2019; Monday 02/12/2019 is St Andrew's Day (observed).
    record(scotland, write_csv, "school", [row("29/11/2019", "disclosure")])
    record(scotland, write_csv, "csc", [row("03/12/2019", "strategy_discussion", participants="police;gp")])

    assert of_rule(scotland, "ird-after-harm") == []
    assert [g["days_late"] for g in of_rule(scotland, "ird-after-harm", "--rulebook", "england")] == []


def test_a_scottish_planning_meeting_is_due_within_28_calendar_days(jc: JC, write_csv: Write) -> None:
    scotland = open_review(jc, write_csv, "scotland")
    record(scotland, write_csv, "csc", [
        row("01/03/2019", "s47_start", "Child A;Child B"),
        row("29/03/2019", "conference", "Child A"),
        row("30/03/2019", "conference", "Child B"),
    ])  # fmt: skip

    [gap] = of_rule(scotland, "cppm-timescale")

    assert gap["child"] == "Child B" and gap["due"] == "2019-03-29"
    assert gap["days_late"] == 1 and gap["days_late_unit"] == "calendar days"
    assert "1 day late" in gap["explanation"]


def test_every_gap_names_the_rulebook_that_found_it(jc: JC, write_csv: Write) -> None:
    wales = open_review(jc, write_csv, "wales")
    record(wales, write_csv, "school", [row("20/05/2019", "disclosure")])
    evidence(wales, write_csv, "strategy_discussion")

    found = gaps(wales)

    assert {g["rulebook"] for g in found} == {"wales"}
    assert all("Wales" in g["basis"] for g in found)
