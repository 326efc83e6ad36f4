"""Gaps a panel can sign (issue 14): each work item answers itself, a trigger handled in time is never
part of a gap, no verdict the records cannot support, decisions recorded as flags or shown by action,
two referrers are two referrals, and a data error is not a gap.

The `people` fixture is an England review of 2019 with Child A (born 2012), Child B (2015), Ms C and Mr D.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gapcase import of_rule, record, relate, row

from support import JC

Write = Callable[..., Path]

# An extract whose rows say which piece of work they belong to (a mapping may name this column).
EPISODE_HEADER = ("date", "kind", "subjects", "summary", "reference", "episode", "tags")
# One row per assessment, as Annex A List 4 and the CIN census give them: both dates on one record.
WIDE_HEADER = ("Child", "Started", "Authorised")
WIDE_MAPPING = """
[source]
agency = "csc"

[columns]
subjects = "Child"

[[events]]
date = "Started"
kind = "assessment_start"
summary = "Assessment started"

[[events]]
date = "Authorised"
kind = "assessment_end"
summary = "Assessment authorised"
"""


def import_wide(jc: JC, write_csv: Write, tmp_path: Path, rows: list[tuple[str, ...]]) -> Any:
    mapping = tmp_path / "assessments.toml"
    mapping.write_text(WIDE_MAPPING, encoding="utf-8")
    return jc("import", write_csv("assessments.csv", WIDE_HEADER, rows), "--map", mapping)


def rules_json(jc: JC) -> dict[str, dict[str, Any]]:
    result = jc("rules", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {r["id"]: r for r in json.loads(result.stdout)}


# -- 1. one work item answers itself, not its neighbour ------------------------------------------------


def test_an_assessment_never_authorised_is_missing_though_a_later_one_on_the_same_row_layout_was_on_time(
    people: JC, write_csv: Write, tmp_path: Path
) -> None:
    result = import_wide(people, write_csv, tmp_path, [
        ("Child A", "07/01/2019", ""),
        ("Child A", "07/05/2019", "01/07/2019"),
    ])  # fmt: skip
    assert result.exit_code == 0, result.stderr

    [gap] = of_rule(people, "assessment-timescale")

    assert gap["status"] == "missing" and gap["follow_up"] is None and gap["days_late"] is None
    assert [t["date"] for t in gap["triggers"]] == ["2019-01-07"]


def test_an_episode_column_ties_an_end_to_its_own_start(people: JC, write_csv: Write) -> None:
    extract = write_csv("csc.csv", EPISODE_HEADER, [
        ("07/01/2019", "assessment_start", "Child A", "first", "R1", "EP-1", ""),
        ("07/05/2019", "assessment_start", "Child A", "second", "R2", "EP-2", ""),
        ("01/07/2019", "assessment_end", "Child A", "second ends", "R3", "EP-2", ""),
        ("01/03/2019", "s47_start", "Child A", "first enquiry", "R4", "S-1", ""),
        ("01/06/2019", "s47_start", "Child A", "second enquiry", "R5", "S-2", ""),
        ("14/06/2019", "conference", "Child A", "ICPC after the second", "R6", "S-2", "icpc"),
    ])  # fmt: skip
    assert people("import", extract, "--agency", "csc").exit_code == 0

    chronology = json.loads(people("chronology", "--format", "json").stdout)
    [assessment] = of_rule(people, "assessment-timescale")
    [enquiry] = of_rule(people, "icpc-timescale")

    assert {e["kind"]: e for e in chronology}["assessment_end"]["sources"][0]["episode"] == "EP-2"
    assert (assessment["trigger"]["date"], assessment["status"]) == ("2019-01-07", "missing")
    assert (enquiry["trigger"]["date"], enquiry["status"]) == ("2019-03-01", "missing")
    assert [t["date"] for t in enquiry["triggers"]] == ["2019-03-01"]


def test_without_a_link_an_end_answers_the_earliest_start_still_open(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [
        row("07/01/2019", "assessment_start"),
        row("01/03/2019", "assessment_end"),  # the first one's, on time
        row("07/05/2019", "assessment_start"),
        row("01/10/2019", "assessment_end"),  # the second one's, 45 working days ran out on 09/07
    ])  # fmt: skip

    [gap] = of_rule(people, "assessment-timescale")

    assert (gap["trigger"]["date"], gap["status"], gap["follow_up"]["date"]) == (
        "2019-05-07", "late", "2019-10-01"
    )  # fmt: skip
    assert [t["date"] for t in gap["triggers"]] == ["2019-05-07"]


def test_an_end_answers_only_one_start_and_the_other_start_is_judged_on_its_own(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "csc", [
        row("07/01/2019", "s47_start"),
        row("08/01/2019", "s47_start"),
        row("21/01/2019", "conference", tags="icpc"),
    ])  # fmt: skip

    [gap] = of_rule(people, "icpc-timescale")

    assert (gap["trigger"]["date"], gap["status"]) == ("2019-01-08", "missing")


def test_the_window_of_an_assessment_closes_at_its_own_end(
    people: JC, write_csv: Write, tmp_path: Path
) -> None:
    record(people, write_csv, "gp", [row("10/01/2019", "appointment")])
    # The first assessment has no end; the second ended on 15/02, before the GP was asked on 01/03.
    assert import_wide(people, write_csv, tmp_path, [
        ("Child A", "04/02/2019", ""),
        ("Child A", "11/02/2019", "15/02/2019"),
    ]).exit_code == 0  # fmt: skip
    record(people, write_csv, "csc", [row("01/03/2019", "information_request", recipients="gp")])

    [gap] = of_rule(people, "assessment-multi-agency-input")

    assert (gap["trigger"]["date"], gap["due"], gap["status"]) == ("2019-02-11", "2019-02-15", "late")
    assert [t["date"] for t in gap["triggers"]] == ["2019-02-11"]


# -- 2. a trigger handled in time is never part of a gap ----------------------------------------------


def test_a_disclosure_answered_the_next_day_is_not_listed_in_an_older_late_gap(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("01/03/2019", "disclosure"),
        row("20/03/2019", "disclosure"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [row("21/03/2019", "strategy_discussion", participants="police;gp")])

    [gap] = of_rule(people, "strategy-after-harm")

    assert gap["status"] == "late" and [t["date"] for t in gap["triggers"]] == ["2019-03-01"]
    assert "further such record" not in gap["explanation"]


def test_a_referral_decided_the_next_day_does_not_join_a_referral_gap_six_weeks_old(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("01/04/2019", "referral", recipients="csc"),
        row("13/05/2019", "referral", recipients="csc"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [row("14/05/2019", "decision")])

    [gap] = of_rule(people, "referral-decision")

    assert (gap["status"], gap["follow_up"]["date"]) == ("late", "2019-05-14")
    assert [t["date"] for t in gap["triggers"]] == ["2019-04-01"]


def test_a_later_trigger_unanswered_in_its_own_window_still_joins_the_open_gap(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("01/03/2019", "disclosure"),
        row("05/03/2019", "disclosure"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [row("20/03/2019", "strategy_discussion", participants="police;gp")])

    [gap] = of_rule(people, "strategy-after-harm")

    assert [t["date"] for t in gap["triggers"]] == ["2019-03-01", "2019-03-05"]


def test_an_agency_told_since_the_pairs_first_trigger_already_knows(people: JC, write_csv: Write) -> None:
    relate(people, write_csv, [("Mr D", "partner_of", "Ms C"), ("Ms C", "parent_of", "Child A")])
    record(people, write_csv, "police", [
        row("15/04/2019", "arrest", "Mr D", tags="iioc"),
        row("17/04/2019", "notification", "Mr D", recipients="school"),
        row("15/07/2019", "charge", "Mr D", tags="iioc"),
    ])  # fmt: skip
    # The school first knew Child A after the arrest, and before the charge.
    record(people, write_csv, "school", [row("01/05/2019", "absence")])

    assert of_rule(people, "info-not-shared") == []


# -- 3. no verdict the records cannot support -----------------------------------------------------------


def test_a_rule_whose_evidence_no_extract_records_is_not_assessable_and_raises_nothing(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [row("03/04/2019", "strategy_discussion")])

    rules = rules_json(people)
    table = people("gaps")

    assert rules["referral-decision"]["assessable"] is False
    assert "decision" in rules["referral-decision"]["why"]
    assert rules["strategy-attendance"]["assessable"] is False
    assert "participants" in rules["strategy-attendance"]["why"]
    assert rules["strategy-after-harm"]["assessable"] is True and rules["strategy-after-harm"]["why"] == ""
    assert of_rule(people, "referral-decision") == [] and of_rule(people, "strategy-attendance") == []
    assert table.exit_code == 0 and table.stdout.count("not assessable") == 1
    assert "referral-decision" in table.stdout and "strategy-attendance" in table.stdout


def test_one_recorded_decision_anywhere_in_the_review_makes_the_rule_assessable(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [row("10/09/2019", "decision", "Child B")])

    assert rules_json(people)["referral-decision"]["assessable"] is True
    assert [g["status"] for g in of_rule(people, "referral-decision")] == ["missing"]


def test_without_a_review_every_rule_that_needs_evidence_is_not_assessable(jc: JC) -> None:
    result = jc("rules", "--format", "json")

    assert result.exit_code == 0, result.stderr
    found = {r["id"]: r for r in json.loads(result.stdout)}
    assert found["referral-decision"]["assessable"] is False
    assert found["repeat-referrals"]["assessable"] is True  # a pattern needs nothing but its triggers


# -- 4. a decision recorded as a flag, or shown by action, is a decision --------------------------------


def test_a_referral_tagged_nfa_was_decided(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "csc", [
        row("01/04/2019", "referral", sender="school", tags="nfa"),
        row("10/09/2019", "decision", "Child B"),
    ])  # fmt: skip

    assert of_rule(people, "referral-decision") == []


def test_timely_action_by_social_care_answers_a_referral(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [
        row("01/04/2019", "referral", recipients="csc"),
        row("06/06/2019", "referral", "Child B", recipients="csc"),
        row("10/06/2019", "referral", recipients="csc"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [
        row("02/04/2019", "assessment_start"),
        row("07/06/2019", "strategy_discussion", "Child B"),
        row("11/06/2019", "s47_start"),
        row("10/09/2019", "decision", "Child B"),
    ])  # fmt: skip

    assert of_rule(people, "referral-decision") == []


def test_late_action_proves_nothing_and_the_gap_is_answered_by_the_recorded_decision(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [row("08/04/2019", "assessment_start"), row("10/04/2019", "decision")])

    [gap] = of_rule(people, "referral-decision")

    assert (gap["status"], gap["follow_up"]["kind"], gap["follow_up"]["date"]) == (
        "late", "decision", "2019-04-10"
    )  # fmt: skip


def test_action_by_another_agency_is_not_a_social_care_decision(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "police", [row("02/04/2019", "strategy_discussion")])
    record(people, write_csv, "csc", [row("10/09/2019", "decision", "Child B")])

    assert [g["status"] for g in of_rule(people, "referral-decision")] == ["missing"]


def test_a_case_closure_is_not_a_decision_on_a_referral_made_months_before(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [
        row("20/08/2019", "decision", tags="case_closed"),
        row("10/09/2019", "decision", "Child B"),
    ])  # fmt: skip

    [gap] = of_rule(people, "referral-decision")

    assert gap["status"] == "missing" and gap["follow_up"] is None


# -- 5. two referrers are two referrals -------------------------------------------------------------------


def test_near_referrals_from_two_agencies_are_two_referrals(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "police", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "school", [
        row("02/04/2019", "referral", recipients="csc"),
        row("01/09/2019", "referral", recipients="csc"),
    ])  # fmt: skip

    [gap] = of_rule(people, "repeat-referrals")

    assert [t["date"] for t in gap["triggers"]] == ["2019-04-01", "2019-04-02", "2019-09-01"]


def test_one_referral_recorded_by_its_sender_and_by_social_care_a_day_apart_is_one(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("01/04/2019", "referral", recipients="csc"),
        row("01/09/2019", "referral", recipients="csc"),
    ])  # fmt: skip
    record(people, write_csv, "csc", [row("02/04/2019", "referral", sender="school")])

    assert of_rule(people, "repeat-referrals") == []


def test_a_chain_of_records_of_one_referral_a_day_apart_is_one_referral(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("01/04/2019", "referral", recipients="csc")])
    record(people, write_csv, "csc", [row("02/04/2019", "referral", sender="school")])
    record(people, write_csv, "gp", [row("03/04/2019", "referral", sender="school", recipients="csc")])
    record(people, write_csv, "police", [row("01/07/2019", "referral", recipients="csc")])

    assert of_rule(people, "repeat-referrals") == []


def test_a_pattern_lists_only_referrals_that_lie_in_some_twelve_months_holding_three(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row("01/02/2018", "referral", recipients="csc"),
        row("10/03/2018", "referral", recipients="csc"),
        row("15/01/2019", "referral", recipients="csc"),
        row("20/11/2019", "referral", recipients="csc"),  # only one other within 12 months
    ])  # fmt: skip

    [gap] = of_rule(people, "repeat-referrals")

    assert [t["date"] for t in gap["triggers"]] == ["2018-02-01", "2018-03-10", "2019-01-15"]
    assert "3 referrals within 12 months" in gap["explanation"]


def test_a_pattern_longer_than_twelve_months_does_not_say_it_was_within_them(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "school", [
        row(day, "referral", recipients="csc")
        for day in ("01/02/2018", "10/03/2018", "15/01/2019", "10/05/2019", "20/11/2019")
    ])  # fmt: skip

    [gap] = of_rule(people, "repeat-referrals")

    assert len(gap["triggers"]) == 5 and "within 12 months (on" not in gap["explanation"]
    assert "5 referrals from 01/02/2018 to 20/11/2019" in gap["explanation"]


def test_a_pattern_about_several_children_is_one_finding_said_once(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [
        row(day, "referral", "Child A;Child B", recipients="csc") for day in ("06/02/2019", "06/05/2019", "06/08/2019")
    ])  # fmt: skip

    result = people("gaps", "--by", "finding", "--format", "json")

    assert result.exit_code == 0, result.stderr
    [finding] = [f for f in json.loads(result.stdout) if f["rule"] == "repeat-referrals"]
    assert len(finding["gaps"]) == 2 and finding["status"] == "pattern"
    assert finding["explanation"].startswith("Child A and Child B were each the subject of 3 referrals")


# -- 6. the basis says what the rule does ---------------------------------------------------------------


def test_the_assessment_timescale_says_it_counts_from_the_assessments_start(
    people: JC, write_csv: Write
) -> None:
    record(people, write_csv, "csc", [
        row("03/06/2019", "assessment_start"),
        row("30/09/2019", "assessment_end"),
    ])  # fmt: skip

    [gap] = of_rule(people, "assessment-timescale")
    basis = rules_json(people)["assessment-timescale"]["basis"]

    assert "from the start of the assessment" in basis and "children in need census" in basis
    assert "from the start of the assessment" in gap["explanation"]


# -- 7. data errors are not gaps --------------------------------------------------------------------------


def test_an_assessment_authorised_before_it_started_is_a_data_problem_not_a_gap(
    people: JC, write_csv: Write, tmp_path: Path
) -> None:
    imported = import_wide(people, write_csv, tmp_path, [("Child A", "05/02/2019", "01/02/2019")])
    table = people("gaps")

    assert imported.exit_code == 0, imported.stderr
    assert "ends before it starts" in imported.stdout + imported.stderr
    assert of_rule(people, "assessment-timescale") == []
    assert "data problem" in table.stdout and "ends before it starts" in table.stdout
