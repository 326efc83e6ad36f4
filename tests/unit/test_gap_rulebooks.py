"""Rulebooks: the built-in ones, the TOML format, and the errors a broken one gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointchron.projections.gaps.rulebook import RulebookError, load_rulebook, parse_rulebook

ENGLAND_IDS = [
    "strategy-after-harm",
    "strategy-attendance",
    "minutes-to-participants",
    "referral-decision",
    "referrer-feedback",
    "assessment-timescale",
    "assessment-multi-agency-input",
    "icpc-timescale",
    "connected-children",
    "info-not-shared",
    "repeat-referrals",
]

MINIMAL = """
[rulebook]
name = "local"
calendar = "england"

[[rules]]
id = "{id}"
title = "A local rule"
severity = "{severity}"
basis = "Local procedures"
within = "{within}"

[[rules.trigger]]
kinds = ["{kind}"]
about = "child"

[[rules.expect]]
kinds = ["strategy_discussion"]
"""


def minimal(**changes: str) -> str:
    values = {
        "id": "local-rule",
        "severity": "high",
        "within": "2 working days",
        "kind": "disclosure",
        **changes,
    }
    return MINIMAL.format(**values)


def test_the_england_rulebook_has_exactly_the_eleven_rule_ids_of_the_contract() -> None:
    england = load_rulebook("england", "england")
    assert [r.id for r in england.rules] == ENGLAND_IDS
    assert england.calendar == "england"
    assert all("Working Together to Safeguard Children 2023" in r.basis for r in england.rules)


@pytest.mark.parametrize(("name", "words"), [
    ("wales", "Wales Safeguarding Procedures"),
    ("scotland", "National Guidance for Child Protection in Scotland 2021"),
])  # fmt: skip
def test_the_wales_and_scotland_rulebooks_cite_their_own_guidance(name: str, words: str) -> None:
    rulebook = load_rulebook(name, "england")
    assert rulebook.calendar == name
    assert rulebook.rules and all(r.basis for r in rulebook.rules)
    assert words in rulebook.basis or any(words in r.basis for r in rulebook.rules)


def test_scottish_timescales_are_in_calendar_days_where_the_guidance_says_days() -> None:
    cppm = load_rulebook("scotland", "england").rule("cppm-timescale")
    assert str(cppm.within) == "28 calendar days"
    assert not cppm.within or not cppm.within.in_working_days


def test_the_jurisdiction_picks_the_rulebook_when_none_is_named() -> None:
    assert load_rulebook(None, "wales").name == "wales"
    assert load_rulebook(None, "scotland").name == "scotland"


def test_a_well_formed_local_rulebook_is_read() -> None:
    rulebook = parse_rulebook(minimal(), "local.toml")
    assert rulebook.name == "local"
    assert rulebook.rules[0].within is not None and rulebook.rules[0].within.amount == 2


@pytest.mark.parametrize(("text", "expected"), [
    (minimal(severity="urgent"), "rule 'local-rule', field severity"),
    (minimal(within="2 workdays"), "rule 'local-rule', field within: '2 workdays' is not a window"),
    (minimal(kind="disclosur"), "rule 'local-rule', field trigger[1].kinds: unknown kind 'disclosur'"),
    (minimal(id="Local Rule"), "rule 'Local Rule', field id"),
    (minimal().replace('basis = "Local procedures"\n', ""), "rule 'local-rule', field basis: missing"),
    (minimal().replace("kinds = [\"strategy_discussion\"]", "kind = [\"strategy_discussion\"]"),
     "rule 'local-rule', field expect[1].kind: unknown field"),
    (minimal().replace('within = "2 working days"\n', ""), "rule 'local-rule': field within: missing"),
    (minimal() + minimal().split("[rulebook]")[1].split('calendar = "england"')[1],
     "rule 'local-rule' is defined twice"),
    ("[[rules]\nid = 1", "is not valid TOML"),
])  # fmt: skip
def test_a_broken_rulebook_names_the_rule_and_the_field(text: str, expected: str) -> None:
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(text, "local.toml")
    message = str(caught.value)
    assert expected in message
    assert message.startswith("rulebook local.toml") and "\n" not in message


def test_a_rule_with_no_id_is_named_by_its_position() -> None:
    text = minimal().replace('id = "local-rule"\n', "")
    with pytest.raises(RulebookError, match=r"rule #1, field id: missing"):
        parse_rulebook(text)


def test_a_local_rulebook_extends_a_built_in_one(tmp_path: Path) -> None:
    local = tmp_path / "local.toml"
    local.write_text(
        '[rulebook]\nextends = "england"\ndisable = ["repeat-referrals"]\n'
        + minimal().split('calendar = "england"')[1]
        + '\n[[rules]]\nid = "strategy-after-harm"\ntitle = "Strategy within 1 day"\nseverity = "high"\n'
        'basis = "Local procedures"\nwithin = "1 working day"\n[[rules.trigger]]\nkinds = ["disclosure"]\n'
        'about = "child"\n[[rules.expect]]\nkinds = ["strategy_discussion"]\n',
        encoding="utf-8",
    )
    rulebook = load_rulebook(str(local), "england")
    ids = [r.id for r in rulebook.rules]
    assert "repeat-referrals" not in ids and ids[-1] == "local-rule"
    assert ids[:2] == ["strategy-after-harm", "strategy-attendance"]
    assert str(rulebook.rule("strategy-after-harm").within) == "1 working day"
    assert rulebook.calendar == "england" and rulebook.name == "local"


def test_disabling_a_rule_the_parent_does_not_have_is_an_error(tmp_path: Path) -> None:
    local = tmp_path / "local.toml"
    local.write_text('[rulebook]\nextends = "england"\ndisable = ["no-such-rule"]\n', encoding="utf-8")
    with pytest.raises(RulebookError, match="disable names 'no-such-rule'"):
        load_rulebook(str(local), "england")


def test_an_unknown_rulebook_says_what_can_be_given() -> None:
    with pytest.raises(RulebookError, match="england, wales, scotland"):
        load_rulebook("narnia", "england")
