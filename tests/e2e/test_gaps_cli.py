"""`jointchron gaps` and `jointchron rules` as a panel uses them: the demo review end to end, the
JSON contract of DESIGN §7, filters, other formats, a local rulebook, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from gapcase import evidence, gaps, record, row

from jointchron.cli import main
from support import JC

Write = Callable[..., Path]

FIELDS = {"id", "rule", "title", "severity", "status", "child", "agency", "trigger", "triggers", "due",
          "follow_up", "days_late", "missing", "date_uncertain", "explanation", "basis"}  # fmt: skip
REFERENCE = {"contact_id", "date", "agency", "kind"}
REAL_NAMES = ("Maggie", "Turner", "Darren", "Doyle", "Sarah", "Ellie", "Wendy", "Leo ")


def cli(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_the_demo_review_shows_the_gaps_a_panel_would_find(tmp_path: Path) -> None:
    built = cli("demo", "--directory", tmp_path / "demo")
    assert built.exit_code == 0, built.stderr
    result = cli("--store", tmp_path / "demo" / "store", "gaps", "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)

    def one(rule: str, **fields: Any) -> dict[str, Any]:
        matches = [g for g in found if g["rule"] == rule and all(g[k] == v for k, v in fields.items())]
        assert len(matches) == 1, (rule, fields, [(g["rule"], g["child"], g["agency"]) for g in found])
        return matches[0]

    # The IIOC investigation of Mr D: his own child (Child E) was never considered by anyone.
    iioc = one("connected-children", child="Child E", adult="Mr D")
    assert iioc["status"] == "missing" and iioc["trigger"]["date"] == "2019-02-12"
    assert len(iioc["triggers"]) > 1  # the arrest, bail and charge that followed joined the open gap
    assert one("info-not-shared", child="Child Bk", adult="Mr D", agency="school")["status"] == "late"
    # The school's referral after Child Bk's disclosure: the school was never told the outcome.
    assert one("referrer-feedback", agency="school")["status"] == "missing"
    # Strategy discussion minutes: sent to the police a day late, never to the GP.
    assert one("minutes-to-participants", agency="police")["days_late"] == 1
    assert one("minutes-to-participants", agency="gp")["status"] == "missing"
    assert one("icpc-timescale", child="Child Bk")["days_late"] == 5
    assert one("assessment-timescale", child="Child Bk")["due"] == "2019-08-05"
    # The school's later concern of sexual abuse (16/09/2019) had no strategy discussion at all.
    assert one("strategy-after-harm", child="Child Bk")["trigger"]["date"] == "2019-09-16"

    assert [g["trigger"]["date"] for g in found] == sorted(g["trigger"]["date"] for g in found)
    assert len({g["id"] for g in found}) == len(found)
    for gap in found:
        assert set(gap) >= FIELDS
        assert set(gap["trigger"]) >= REFERENCE and gap["trigger"] in gap["triggers"]
        assert gap["explanation"].endswith(".") and gap["explanation"].count(". ") == 0
        assert "/2019" in gap["explanation"] and "2019-" not in gap["explanation"]
    for real_name in REAL_NAMES:
        assert real_name not in result.stdout


def test_gap_ids_are_the_same_on_every_run(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure"), row("21/05/2019", "referral",
                                                                              recipients="csc")])  # fmt: skip
    evidence(people, write_csv, "strategy_discussion", "decision")

    first, again = gaps(people), gaps(people)

    assert [g["id"] for g in first] == [g["id"] for g in again] and len(first) >= 2


def test_gaps_filter_by_person_and_severity(people: JC, write_csv: Write) -> None:
    record(people, write_csv, "school", [
        row("20/05/2019", "disclosure"),
        row("21/05/2019", "disclosure", "Child B"),
        row("22/05/2019", "referral", recipients="csc"),
    ])  # fmt: skip
    evidence(people, write_csv, "strategy_discussion", "decision")

    assert {g["child"] for g in gaps(people, "--person", "Child B")} == {"Child B"}
    assert {g["severity"] for g in gaps(people, "--severity", "medium")} == {"medium"}
    assert {g["severity"] for g in gaps(people, "--severity", "high,medium")} == {"high", "medium"}
    wrong = people("gaps", "--severity", "urgent")
    assert wrong.exit_code == 1 and wrong.stderr.count("\n") == 1 and "high, medium, low" in wrong.stderr


def test_gaps_as_csv_and_as_a_table_written_to_files(people: JC, write_csv: Write, tmp_path: Path) -> None:
    record(people, write_csv, "school", [row("20/05/2019", "disclosure")])
    evidence(people, write_csv, "strategy_discussion")

    as_csv = people("gaps", "--format", "csv", "-o", tmp_path / "gaps.csv")
    table = people("gaps", "-o", tmp_path / "gaps.txt")

    assert as_csv.exit_code == 0 and table.exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "gaps.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["rule"], r["status"], r["child"], r["trigger_date"]) for r in rows] == [
        ("strategy-after-harm", "missing", "Child A", "2019-05-20")
    ]  # fmt: skip
    assert "strategy-after-harm" in (tmp_path / "gaps.txt").read_text(encoding="utf-8")


def test_rules_lists_the_rules_in_force_with_their_basis(review: JC) -> None:
    result = review("rules", "--format", "json")

    assert result.exit_code == 0, result.stderr
    rules = json.loads(result.stdout)
    assert len(rules) == 11 and all(r["basis"] for r in rules)
    assert rules[0]["id"] == "strategy-after-harm" and rules[0]["within"] == "3 working days"
    text = review("rules", "--rulebook", "scotland")
    assert "cppm-timescale" in text.stdout and "28 calendar days" in text.stdout


def test_a_local_rulebook_adds_a_rule_of_its_own(people: JC, write_csv: Write, tmp_path: Path) -> None:
    local = tmp_path / "encompass.toml"
    local.write_text("""
[rulebook]
name = "encompass"
extends = "england"
disable = ["repeat-referrals"]

[[rules]]
id = "school-told-of-domestic-abuse"
title = "School told of a domestic abuse incident by the next school day (Operation Encompass)"
severity = "medium"
basis = "Local protocol: Operation Encompass"
within = "1 working day"
expected_text = "a notification to {agency} about {child}"

[rules.for_each]
agencies = "knew_child"
exclude_sectors = ["police", "social_care", "health"]

[[rules.trigger]]
kinds = ["incident"]
tags_any = ["domestic_abuse"]
about = "child"

[[rules.expect]]
kinds = ["notification", "information_shared"]
agency_as = "recipient"
""", encoding="utf-8")  # fmt: skip
    record(people, write_csv, "school", [row("10/01/2019", "absence", "Child B")])
    record(
        people,
        write_csv,
        "police",
        [row("09/03/2019", "incident", "Ms C;Child A;Child B", tags="domestic_abuse")],
    )
    evidence(people, write_csv, "notification")

    found = gaps(people, "--rulebook", str(local))
    [gap] = [g for g in found if g["rule"] == "school-told-of-domestic-abuse"]

    assert gap["child"] == "Child B" and gap["agency"] == "school" and gap["due"] == "2019-03-11"
    assert gap["rulebook"] == "encompass" and gap["basis"] == "Local protocol: Operation Encompass"
    assert "a notification to School about Child B" in gap["explanation"]


def test_a_broken_rulebook_is_one_line_naming_the_rule_and_field(review: JC, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[rulebook]\nextends = "england"\n\n[[rules]]\nid = "mine"\ntitle = "Mine"\n'
                      'severity = "high"\nbasis = "Local"\nwithin = "two days"\n[[rules.trigger]]\n'
                      'kinds = ["disclosure"]\n[[rules.expect]]\nkinds = ["decision"]\n', encoding="utf-8")  # fmt: skip

    for command in (("gaps", "--rulebook", broken), ("rules", "--rulebook", broken)):
        result = review(*command)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "rule 'mine', field within" in result.stderr


def test_gaps_in_a_store_with_no_review_says_how_to_start(jc: JC) -> None:
    result = jc("gaps")

    assert result.exit_code != 0 and "jointchron init" in result.stderr
