"""Patterns: three or more referrals of one child within 12 months (`repeat-referrals`).

A referral belongs to the pattern when it lies in some 12 months that hold three or more (dates that
are uncertain count together only when they are certainly within the window: the benefit of the doubt
goes to the agencies). The referrals of a pattern that follow each other within 12 months are one gap;
its trigger is the first referral of the review period that completed three. One referral recorded a
day apart by its sender and by the agency it went to is one referral; two agencies' own referrals a day
apart are two (issue 14).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jointchron.projections.entries import Entry
from jointchron.projections.gaps.casefile import Case
from jointchron.projections.gaps.outcomes import Gap
from jointchron.projections.gaps.rulebook import Rule
from jointchron.projections.gaps.workdays import Calendar, Window


def repeated(
    rule: Rule, per_child: Mapping[str, Sequence[Entry]], calendar: Calendar, case: Case
) -> list[Gap]:
    """The pattern gaps of each child, from their referrals in chronological order (before the period too)."""
    assert rule.pattern is not None
    gaps = []
    for child, triggers in per_child.items():
        referrals = distinct(triggers, case)
        for run, completed in _runs(referrals, rule.pattern.count, rule.pattern.within, calendar):
            trigger = next((r for r in completed if case.in_period(r)), None)
            if trigger is None:
                continue
            gaps.append(Gap(rule=rule, status="pattern", trigger=trigger, triggers=run, child=child,
                            children=(child,), date_uncertain=any(e.date.is_uncertain for e in run)))  # fmt: skip
    return gaps


def distinct(triggers: Sequence[Entry], case: Case) -> list[Entry]:
    """The referrals that are not another's record a day apart with the same sender (chains included)."""
    kept: list[Entry] = []
    recent: list[Entry] = []  # every referral seen, kept or not: a chain of near matches is one referral
    for trigger in triggers:
        senders = case.senders(trigger)
        if not any(e.id in trigger.near_matches and senders & case.senders(e) for e in recent[-4:]):
            kept.append(trigger)
        recent.append(trigger)
    return kept


def _runs(
    referrals: Sequence[Entry], count: int, within: Window, calendar: Calendar
) -> list[tuple[list[Entry], list[Entry]]]:
    """Runs of referrals each in some window holding `count`, with the referrals that completed one."""
    members: dict[str, Entry] = {}
    completing: set[str] = set()
    for position, referral in enumerate(referrals):
        since = calendar.before(referral.date.latest, within)
        window = [e for e in referrals[: position + 1] if e.date.earliest >= since]
        if len(window) >= count:
            members.update((e.id, e) for e in window)
            completing.add(referral.id)
    ordered = [r for r in referrals if r.id in members]
    runs: list[tuple[list[Entry], list[Entry]]] = []
    for referral in ordered:
        if runs and referral.date.latest <= calendar.after(runs[-1][0][-1].date.earliest, within):
            runs[-1][0].append(referral)
        else:
            runs.append(([referral], []))
        if referral.id in completing:
            runs[-1][1].append(referral)
    return runs
