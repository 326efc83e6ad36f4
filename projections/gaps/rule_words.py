"""A rule in words, for `jointchron rules`: what sets it off, whom it judges, what it expects, by
when, what it needs the records to hold to be judged at all, and the guidance it comes from."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from jointchron.projections.gaps.explain import Explainer, _Blank, listed, sector_words
from jointchron.projections.gaps.rulebook import Evidence, Rule, Rulebook

PARTICIPANT_WORDS = {2: "two", 3: "three", 4: "four"}


def evidence_phrase(needed: Evidence, explainer: Explainer) -> str:
    """`a decision recorded by social care`, `a strategy discussion naming its participants (two or more agencies)`."""
    text = listed([explainer.kind(k) for k in needed.kinds], "or")
    if needed.tags_any:
        text += f" tagged {listed(list(needed.tags_any), 'or')}"
    if needed.recorded_by:
        text += f" recorded by {listed([sector_words(s) for s in needed.recorded_by], 'or')}"
    if needed.participants:
        count = PARTICIPANT_WORDS.get(needed.participants, str(needed.participants))
        text += f" naming its participants ({count} or more agencies)"
    return text


def evidence_words(rule: Rule, explainer: Explainer) -> str:
    return listed([evidence_phrase(e, explainer) for e in rule.evidence], "or")


def not_assessable_why(rule: Rule, rulebook: Rulebook) -> str:
    """One sentence: what no extract of the review records, so that the rule cannot be judged."""
    explainer = Explainer(rulebook, lambda p: p, {}, datetime.date.today())
    return f"No extract of this review records {evidence_words(rule, explainer)}, which this rule needs as evidence."


def describe_rule(rule: Rule, rulebook: Rulebook) -> dict[str, str]:
    """A rule in words, for `jointchron rules`."""
    explainer = Explainer(rulebook, lambda p: p, {}, datetime.date.today())

    def kinds(values: Sequence[str]) -> str:
        return listed([explainer.kind(k) for k in values], "or") or "any entry"

    triggers = []
    for trigger in rule.trigger:
        text = kinds(trigger.kinds)
        if trigger.tags_any:
            text += f" tagged {listed(list(trigger.tags_any), 'or')}"
        if trigger.tags_all:
            text += f" tagged {listed(list(trigger.tags_all))}"
        if trigger.recorded_by:
            text += f" recorded by {listed([sector_words(s) for s in trigger.recorded_by], 'or')}"
        if trigger.sent_to:
            text += f" sent to {listed([sector_words(s) for s in trigger.sent_to], 'or')}"
        if trigger.about != "any":
            text += f" about {'a child' if trigger.about == 'child' else 'an adult'}"
        triggers.append(text)
    if rule.check == "attendance":
        expected = f"{listed([sector_words(s) for s in rule.requires_sectors])} take part"
    elif rule.check == "pattern":
        assert rule.pattern is not None
        expected = f"pattern: {rule.pattern.count} or more in {rule.pattern.within}"
    else:
        expected = rule.expected_text.format_map(
            _Blank({"child": "the child", "adult": "the adult", "agency": "the agency"})
        ) or listed([explainer.kind(k) for e in rule.expect for k in e.kinds], "or")
    each = rule.for_each
    judged_for = {
        "subjects": "each child it is about",
        "connected": f"each child within {each.hops} relationship hops of the adult it is about",
        "entry": f"each {explainer.kind(rule.trigger[0].kinds[0]).split(' ', 1)[-1] if rule.trigger[0].kinds else 'entry'}",
    }[each.children]
    agencies = {
        "none": "",
        "participants": "each agency that took part",
        "knew_child": f"each agency whose own records show the child in the {each.knew_within} before",
        "referrer": "the agency that referred",
    }[each.agencies]
    if agencies:
        judged_for += f", and {agencies}"
    if each.exclude_sectors:
        judged_for += f" (not {listed([sector_words(s) for s in each.exclude_sectors], 'or')})"
    if each.exclude_trigger_agencies:
        judged_for += ", other than the agency that recorded the trigger"
    if each.once_per_pair:
        judged_for += "; judged once, from the first trigger that links them"
    within = explainer.window(rule) if rule.within else ""
    if rule.until:
        within = f"before {listed([explainer.the(k) for k in rule.until], 'or')}" + (
            f", else {within}" if within else ""
        )
    return {
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity,
        "check": rule.check,
        "trigger": "; or ".join(triggers),
        "judged_for": judged_for,
        "expected": expected,
        "within": within,
        "already_in_hand": str(rule.already_in_hand) if rule.already_in_hand else "",
        "evidence": evidence_words(rule, explainer),
        "basis": rule.basis,
    }
