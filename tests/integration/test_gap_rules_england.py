"""Each England rule (DESIGN §7) on a real store through the CLI: where it fires, and where it must not.

The `people` fixture is an England review of 2019 with Child A (born 2012), Child B (2015), Ms C and Mr D.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from gapcase import HEADER, evidence, of_rule, record, relate, row

from support import JC

Write = Callable[..., Path]


@pytest.fixture
def family(people: JC, write_csv: Write) -> JC:
    """Mr D has been Ms C's partner since 01/02/2019; Ms C is the mother of Child A and Child B."""
    relate(people, write_csv, [
        ("Mr D", "partner_of", "Ms C", "01/02/2019"),
        ("Ms C", "parent_of", "Child A"),
        ("Child B", "child_of", "Ms C"),
    ])  # fmt: skip
    return people


# -- strategy-after-harm --------------------------------------------------------------------------------


def test_a_disclosure_with_no_strategy_discussion_is_a_missing_gap(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure", tags="sexual_abuse")])
    evidence(people, write_csv, "strategy_discussion")  # the records could have shown one

    [gap] = of_rule(people, "strategy-after-harm")

    assert gap["status"] == "missing" and gap["child"] == "Child A" and gap["agency"] is None
    assert gap["due"] == "2019-05-23" and gap["follow_up"] is None and gap["days_late"] is None
    assert gap["trigger"]["kind"] == "disclosure" and gap["trigger"]["agency"] == "school"
    assert "20/05/2019" in gap["explanation"] and "23/05/2019" in gap["explanation"]
    assert "Working Together" in gap["basis"]


def test_a_strategy_discussion_after_the_deadline_is_late_by_working_days(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure")])
    # 27/05/2019 was the spring bank holiday: 28/05 is the second working day after 23/05.
    record(people, write_csv, "csc", [row("28/05/2019", "strategy_discussion", participants="police;gp")])

    [gap] = of_rule(people, "strategy-after-harm")

    assert gap["status"] == "late" and gap["days_late"] == 2 and gap["days_late_unit"] == "working days"
    assert gap["follow_up"]["date"] == "2019-05-28" and gap["follow_up"]["kind"] == "strategy_discussion"
    assert "2 working days late" in gap["explanation"]


@pytest.mark.parametrize(("when", "about", "agency"), [
    ("22/05/2019", "Child A", "csc"),  # timely
    ("23/05/2019", "Child A", "police"),  # on the last day, and recorded by the police: any agency counts
    ("16/05/2019", "Child A", "csc"),  # already in hand: held in the 3 working days before
])  # fmt: skip
def test_a_timely_or_already_held_strategy_discussion_leaves_no_gap(
    people: JC, write_csv: Write, when: str, about: str, agency: str
) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure")])
    record(people, write_csv, agency, [row(when, "strategy_discussion", about)])

    assert of_rule(people, "strategy-after-harm") == []


def test_a_strategy_discussion_about_another_child_does_not_answer_the_disclosure(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure")])
    record(people, write_csv, "csc", [row("21/05/2019", "strategy_discussion", "Child B")])

    assert [g["child"] for g in of_rule(people, "strategy-after-harm")] == ["Child A"]


def test_harm_tagged_police_records_about_a_child_trigger_but_untagged_or_adult_only_ones_do_not(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "police", [
        row("04/03/2019", "incident", "Child B;Mr D", tags="physical_abuse"),
        row("11/03/2019", "incident", "Child A"),
        row("18/03/2019", "arrest", "Mr D", tags="sexual_abuse"),
    ])  # fmt: skip
    evidence(people, write_csv, "strategy_discussion")

    found = of_rule(people, "strategy-after-harm")

    assert [(g["child"], g["trigger"]["date"]) for g in found] == [("Child B", "2019-03-04")]


# -- strategy-attendance --------------------------------------------------------------------------------


def test_a_strategy_discussion_without_health_is_incomplete(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [row("22/05/2019", "strategy_discussion", participants="police")])

    [gap] = of_rule(people, "strategy-attendance")

    assert gap["status"] == "incomplete" and gap["missing"] == ["health"] and gap["child"] == "Child A"
    assert gap["due"] is None and gap["follow_up"] is None
    assert "without health" in gap["explanation"]


def test_one_discussion_recorded_by_three_agencies_is_judged_once_with_all_their_participants(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "csc", [row("22/05/2019", "strategy_discussion")])
    record(people, write_csv, "police", [row("22/05/2019", "strategy_discussion")])
    record(people, write_csv, "gp", [row("22/05/2019", "strategy_discussion")])

    assert of_rule(people, "strategy-attendance") == []


def test_a_discussion_about_no_one_is_still_judged(people: JC, write_csv: Write, tmp_path: Path) -> None:
    # A record about no one is imported only where the mapping says so (issue 12 §8).
    mapping = tmp_path / "subjects-optional.toml"
    mapping.write_text("[source]\nsubjects_optional = true\n")
    extract = write_csv(
        "csc-no-one.csv", HEADER, [row("22/05/2019", "strategy_discussion", "", participants="gp")]
    )
    assert people("import", extract, "--agency", "csc", "--map", mapping).exit_code == 0

    [gap] = of_rule(people, "strategy-attendance")

    assert gap["child"] is None and gap["missing"] == ["police"]


# -- minutes-to-participants ----------------------------------------------------------------------------


def test_minutes_are_due_to_each_participant_outside_social_care(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [
        row("22/05/2019", "strategy_discussion", participants="police;gp;school"),
        row("24/05/2019", "minutes_shared", recipients="police"),
        row("31/05/2019", "minutes_shared", recipients="gp"),
        row("24/05/2019", "minutes_shared", "Child B", recipients="school"),  # another child's minutes
    ])  # fmt: skip

    found = {g["agency"]: g for g in of_rule(people, "minutes-to-participants")}

    assert set(found) == {"gp", "school"}
    assert found["gp"]["status"] == "late" and found["gp"]["days_late"] == 1
    assert found["school"]["status"] == "missing" and found["school"]["missing"] == ["school"]


def test_an_agency_that_records_receiving_the_minutes_has_them(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [row("22/05/2019", "strategy_discussion", participants="police")])
    record(people, write_csv, "police", [row("24/05/2019", "minutes_shared")])

    assert of_rule(people, "minutes-to-participants") == []


# -- referral-decision ----------------------------------------------------------------------------------


def test_a_referral_decided_after_one_working_day_is_late(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("21/05/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [row("24/05/2019", "decision")])

    [gap] = of_rule(people, "referral-decision")

    assert gap["status"] == "late" and gap["due"] == "2019-05-22" and gap["days_late"] == 2


@pytest.mark.parametrize(
    ("referred", "decided"), [("21/05/2019", "21/05/2019"), ("17/05/2019", "20/05/2019")]
)
def test_a_decision_the_same_or_next_working_day_leaves_no_gap(
    people: JC, write_csv: Write, referred: str, decided: str
) -> None:
    record(
        people,
        write_csv,
        "csc",
        [row(referred, "contact_received", sender="police"), row(decided, "decision")],
    )

    assert of_rule(people, "referral-decision") == []


def test_only_a_decision_by_social_care_about_that_child_answers_a_referral(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("21/05/2019", "referral", recipients="csc"),
        row("21/05/2019", "decision", summary="School decided to monitor"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [row("21/05/2019", "decision", "Child B")])

    [gap] = of_rule(people, "referral-decision")

    assert gap["status"] == "missing" and gap["child"] == "Child A"


def test_a_referral_to_another_service_is_not_for_social_care_to_decide(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "gp", [row("21/05/2019", "referral", recipients="camhs")])

    assert of_rule(people, "referral-decision") == []


# -- referrer-feedback ----------------------------------------------------------------------------------


def test_a_referrer_never_told_the_outcome_is_a_gap_for_that_agency(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("21/05/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [
        row("21/05/2019", "referral", sender="school"),
        row("22/05/2019", "decision"),
        row("23/05/2019", "information_shared", recipients="police"),
    ])  # fmt: skip

    [gap] = of_rule(people, "referrer-feedback")

    assert gap["agency"] == "school" and gap["status"] == "missing" and gap["missing"] == ["school"]
    assert gap["trigger"]["agencies"] == ["csc", "school"]  # the two records are one referral
    assert "School" in gap["explanation"]


def test_feedback_sent_to_the_referrer_in_time_leaves_no_gap(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("21/05/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [row("24/05/2019", "decision", recipients="school")])

    assert of_rule(people, "referrer-feedback") == []


def test_social_care_recording_its_own_referral_has_no_one_to_feed_back_to(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "csc", [row("21/05/2019", "referral")])

    assert of_rule(people, "referrer-feedback") == []


# -- assessment-timescale -------------------------------------------------------------------------------


def test_an_assessment_past_45_working_days_is_late(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [
        row("03/06/2019", "assessment_start", "Child A;Child B"),
        row("30/09/2019", "assessment_end", "Child A;Child B"),
    ])  # fmt: skip

    found = of_rule(people, "assessment-timescale")

    assert [(g["child"], g["due"], g["days_late"]) for g in found] == [
        ("Child A", "2019-08-05", 39), ("Child B", "2019-08-05", 39)
    ]  # fmt: skip


def test_an_assessment_ended_in_time_leaves_no_gap_but_another_childs_end_does_not_count(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "csc", [
        row("03/06/2019", "assessment_start", "Child A;Child B"),
        row("01/08/2019", "assessment_end", "Child B"),
    ])  # fmt: skip

    [gap] = of_rule(people, "assessment-timescale")

    assert gap["child"] == "Child A" and gap["status"] == "missing"


# -- assessment-multi-agency-input ----------------------------------------------------------------------


def test_an_assessment_that_never_asked_an_agency_that_knew_the_child_is_a_gap(
    people: JC, write_csv: Write
) -> None:
    record(
        people,
        write_csv,
        "gp",
        [row("10/01/2019", "appointment"), row("12/02/2019", "appointment", "Child B")],
    )
    record(people, write_csv, "school", [row("01/05/2018", "absence")])  # more than 12 months before
    record(people, write_csv, "csc", [
        row("03/06/2019", "assessment_start"),
        row("01/08/2019", "assessment_end"),
    ])  # fmt: skip
    evidence(people, write_csv, "information_request")

    [gap] = of_rule(people, "assessment-multi-agency-input")

    assert gap["agency"] == "gp" and gap["child"] == "Child A" and gap["status"] == "missing"
    assert gap["due"] == "2019-08-01"
    assert "before the assessment ended on 01/08/2019" in gap["explanation"]


@pytest.mark.parametrize("answer", [
    ("csc", row("10/06/2019", "information_request", recipients="gp")),
    ("gp", row("12/06/2019", "information_shared", recipients="csc")),
    ("csc", row("12/06/2019", "information_shared", sender="gp")),
])  # fmt: skip
def test_asking_the_agency_or_hearing_from_it_during_the_assessment_leaves_no_gap(
    people: JC, write_csv: Write, answer: tuple[str, tuple[str, ...]]
) -> None:
    record(people, write_csv, "gp", [row("10/01/2019", "appointment")])
    record(
        people, write_csv, "csc", [row("03/06/2019", "assessment_start"), row("01/08/2019", "assessment_end")]
    )
    record(people, write_csv, answer[0], [answer[1]])

    assert of_rule(people, "assessment-multi-agency-input") == []


# -- icpc-timescale -------------------------------------------------------------------------------------


def test_an_initial_conference_after_15_working_days_is_late(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [
        row("22/05/2019", "s47_start"),
        row("20/06/2019", "conference", tags="icpc"),
    ])  # fmt: skip

    [gap] = of_rule(people, "icpc-timescale")

    assert gap["due"] == "2019-06-13" and gap["status"] == "late" and gap["days_late"] == 5


@pytest.mark.parametrize("answer", [
    row("12/06/2019", "conference", tags="icpc"),
    row("05/06/2019", "s47_end", tags="no_icpc"),
])  # fmt: skip
def test_a_timely_conference_or_a_decision_not_to_hold_one_leaves_no_gap(
    people: JC, write_csv: Write, answer: tuple[str, ...]
) -> None:
    record(people, write_csv, "csc", [row("22/05/2019", "s47_start"), answer])

    assert of_rule(people, "icpc-timescale") == []


def test_a_conference_that_is_not_an_initial_one_does_not_count(people: JC, write_csv: Write) -> None:
    record(
        people,
        write_csv,
        "csc",
        [row("22/05/2019", "s47_start"), row("05/06/2019", "conference", tags="review")],
    )

    assert [g["status"] for g in of_rule(people, "icpc-timescale")] == ["missing"]


# -- connected-children ---------------------------------------------------------------------------------


def test_children_of_an_arrested_mans_partner_are_connected_and_must_be_considered(
    family: JC, write_csv: Write
) -> None:
    record(family, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="iioc")])
    record(family, write_csv, "csc", [row("18/04/2019", "referral", "Child A")])

    [gap] = of_rule(family, "connected-children")

    assert gap["child"] == "Child B" and gap["adult"] == "Mr D" and gap["status"] == "missing"
    assert gap["due"] == "2019-05-01"  # 10 working days over Easter
    assert "Mr D is partner of Ms C, who is parent of Child B" in gap["explanation"]


def test_a_child_linked_only_after_the_trigger_is_not_connected(people: JC, write_csv: Write) -> None:
    relate(people, write_csv, [("Mr D", "resides_with", "Child A", "01/05/2019")])
    record(people, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="iioc")])

    assert of_rule(people, "connected-children") == []


def test_the_triggers_own_subjects_and_young_adults_are_not_connected_children(
    family: JC, write_csv: Write
) -> None:
    young = write_csv("young.csv", ("person_id", "pseudonym", "role", "names", "dob", "identifiers"),
                      [("P5", "Young E", "", "Evie Smith", "01/03/2001", "")])  # fmt: skip
    assert family("people", "import", young).exit_code == 0
    relate(family, write_csv, [("Ms C", "parent_of", "Young E")])
    record(
        family, write_csv, "police", [row("15/04/2019", "incident", "Mr D;Child A", tags="domestic_abuse")]
    )
    evidence(family, write_csv, "decision")

    assert [g["child"] for g in of_rule(family, "connected-children")] == ["Child B"]


def test_each_adult_and_child_pair_is_judged_once_from_the_first_trigger(
    family: JC, write_csv: Write
) -> None:
    record(family, write_csv, "police", [
        row("15/04/2019", "arrest", "Mr D", tags="iioc"),
        row("15/07/2019", "charge", "Mr D", tags="iioc"),
    ])  # fmt: skip
    record(family, write_csv, "csc", [row("18/04/2019", "strategy_discussion", "Child A")])

    found = of_rule(family, "connected-children")

    assert [g["child"] for g in found] == ["Child B"]
    assert [t["date"] for t in found[0]["triggers"]] == ["2019-04-15", "2019-07-15"]


def test_an_untagged_arrest_does_not_set_off_the_connected_children_rule(
    family: JC, write_csv: Write
) -> None:
    record(family, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="theft")])

    assert of_rule(family, "connected-children") == []


# -- info-not-shared ------------------------------------------------------------------------------------


def test_a_school_that_knew_a_connected_child_but_was_never_told_is_a_gap(
    family: JC, write_csv: Write
) -> None:
    record(family, write_csv, "school", [row("10/01/2019", "absence")])
    record(family, write_csv, "police", [
        row("01/02/2019", "incident", "Child A"),  # the police knew the child too, but raised the trigger
        row("15/04/2019", "arrest", "Mr D", tags="sexual_abuse;iioc"),
    ])  # fmt: skip
    evidence(family, write_csv, "notification")

    [gap] = of_rule(family, "info-not-shared")

    assert (gap["child"], gap["adult"], gap["agency"], gap["status"]) == (
        "Child A",
        "Mr D",
        "school",
        "missing",
    )
    assert gap["missing"] == ["school"]
    assert "School had contact with Child A in the 12 months before" in gap["explanation"]


@pytest.mark.parametrize("answer", [
    ("police", row("17/04/2019", "notification", "Mr D", recipients="school")),
    ("csc", row("20/04/2019", "strategy_discussion", "Child A", participants="police;school;gp")),
    ("school", row("23/04/2019", "information_shared", "Child A", sender="csc")),
])  # fmt: skip
def test_an_agency_told_about_the_adult_or_the_child_in_time_leaves_no_gap(
    family: JC, write_csv: Write, answer: tuple[str, tuple[str, ...]]
) -> None:
    record(family, write_csv, "school", [row("10/01/2019", "absence")])
    record(family, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="iioc")])
    record(family, write_csv, answer[0], [answer[1]])

    assert of_rule(family, "info-not-shared") == []


def test_an_agency_that_never_knew_the_child_is_not_expected_to_be_told(family: JC, write_csv: Write) -> None:
    record(family, write_csv, "gp", [row("10/01/2019", "appointment", "Ms C")])  # the mother, not a child
    record(family, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="iioc")])

    assert of_rule(family, "info-not-shared") == []


def test_an_agency_unknown_to_the_vocabulary_is_judged_like_any_other(family: JC, write_csv: Write) -> None:
    added = family("agencies", "add", "harbour_trust", "--name", "Harbour Trust", "--sector", "other")
    assert added.exit_code == 0, added.stderr
    record(family, write_csv, "harbour_trust", [row("10/01/2019", "visit", "Child B")])
    record(family, write_csv, "police", [row("15/04/2019", "arrest", "Mr D", tags="iioc")])
    evidence(family, write_csv, "notification")

    [gap] = of_rule(family, "info-not-shared")

    assert gap["agency"] == "harbour_trust" and gap["child"] == "Child B"


# -- repeat-referrals -----------------------------------------------------------------------------------


def test_three_referrals_in_twelve_months_are_a_pattern(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [
        row("15/01/2019", "referral", recipients="csc"),
        row("20/06/2019", "referral", recipients="csc"),
    ])  # fmt: skip
    record(people, write_csv, "police", [row("10/12/2019", "referral", recipients="csc")])

    [gap] = of_rule(people, "repeat-referrals")

    assert gap["status"] == "pattern" and gap["child"] == "Child A" and gap["due"] is None
    assert gap["trigger"]["date"] == "2019-12-10"
    assert [t["date"] for t in gap["triggers"]] == ["2019-01-15", "2019-06-20", "2019-12-10"]
    assert "3 referrals within 12 months" in gap["explanation"]


def test_referrals_spread_over_more_than_twelve_months_or_to_other_services_are_no_pattern(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("15/12/2018", "referral", recipients="csc"),
        row("20/06/2019", "referral", recipients="csc"),
        row("20/07/2019", "referral", recipients="camhs"),
        row("20/12/2019", "referral", recipients="csc"),
    ])  # fmt: skip

    assert of_rule(people, "repeat-referrals") == []
