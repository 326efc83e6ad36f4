"""Gaps in words: one plain-English sentence per gap that a panel can paste into its report.

Sentences name people by pseudonym only (real names only with `--named`), agencies by their
display names, and dates the way a UK report writes them (12/09/2019). They say what happened,
what the guidance expected and by when, and what came instead.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from jointchron.domain.dates import FuzzyDate
from jointchron.projections.entries import Entry
from jointchron.projections.gaps.engine import Gap
from jointchron.projections.gaps.graph import Step
from jointchron.projections.gaps.rulebook import Rule, Rulebook, Trigger
from jointchron.projections.gaps.workdays import Calendar

KIND_PHRASES: Final[dict[str, str]] = {
    "concern": "a concern",
    "disclosure": "a disclosure",
    "injury": "an injury",
    "incident": "an incident",
    "investigation": "an investigation",
    "arrest": "an arrest",
    "bail": "a bail decision",
    "charge": "a charge",
    "conviction": "a conviction",
    "notification": "a notification",
    "referral": "a referral",
    "contact_received": "a contact",
    "decision": "a decision",
    "strategy_discussion": "a strategy discussion",
    "minutes_shared": "minutes sent",
    "s47_start": "the start of a section 47 enquiry",
    "s47_end": "the end of a section 47 enquiry",
    "assessment_start": "the start of an assessment",
    "assessment_end": "the end of an assessment",
    "conference": "a conference",
    "plan_start": "the start of a plan",
    "plan_end": "the end of a plan",
    "visit": "a visit",
    "appointment": "an appointment",
    "missed_appointment": "a missed appointment",
    "information_shared": "information shared",
    "information_request": "a request for information",
    "escalation": "an escalation",
    "meeting": "a meeting",
    "absence": "an absence",
    "missing": "a missing episode",
    "note": "a note",
}
RELATION_WORDS: Final[dict[str, str]] = {
    "parent_of": "parent of",
    "child_of": "child of",
    "partner_of": "partner of",
    "sibling_of": "sibling of",
    "relative_of": "relative of",
    "resides_with": "living with",
    "cares_for": "carer of",
    "cared_for_by": "cared for by",
    "associate_of": "associate of",
}
# How a sentence says that the window closed: "before the assessment ended on 30/09/2019".
ENDINGS: Final[dict[str, str]] = {
    "assessment_end": "the assessment ended",
    "s47_end": "the section 47 enquiry ended",
    "plan_end": "the plan ended",
}
SECTOR_WORDS: Final[dict[str, str]] = {"social_care": "social care", "youth_justice": "youth justice"}


def uk(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def when(date: FuzzyDate) -> str:
    """A date as a sentence gives it: 12/09/2019, Aug 2019, c. 12/09/2019; never the time."""
    if date.precision == "day":
        return uk(date.earliest)
    return dataclasses.replace(date, time=None).display() if date.time else date.display()


def listed(items: Sequence[str], joiner: str = "and") -> str:
    items = list(dict.fromkeys(items))
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def sector_words(sector: str) -> str:
    return SECTOR_WORDS.get(sector, sector.replace("_", " "))


class Explainer:
    def __init__(
        self,
        rulebook: Rulebook,
        person: Callable[[str], str],
        agency_names: Mapping[str, str],
        period_end: datetime.date,
    ) -> None:
        self.rulebook = rulebook
        self.person = person
        self.names = agency_names
        self.period_end = period_end

    def agency(self, code: str) -> str:
        return self.names.get(code) or code.replace("_", " ").title()

    def kind(self, kind: str) -> str:
        return self.rulebook.labels.get(kind) or KIND_PHRASES.get(kind, f"a {kind.replace('_', ' ')}")

    def the(self, kind: str) -> str:
        phrase = self.kind(kind)
        for article in ("a ", "an ", "the "):
            if phrase.startswith(article):
                return "the " + phrase[len(article) :]
        return "the " + phrase

    def happened(self, entry: Entry, rule: Rule | None = None) -> str:
        """`Police recorded an arrest (iioc) about Mr D on 15/04/2019`."""
        who = listed([self.agency(a) for a in entry.agencies])
        what = self.kind(entry.kind)
        flagged = _flags(entry, rule.trigger if rule else ())
        if flagged:
            what += f" ({', '.join(flagged)})"
        about = listed([self.person(p) for p in entry.subjects])
        return f"{who} recorded {what}" + (f" about {about}" if about else "") + f" on {when(entry.date)}"

    def came(self, entry: Entry) -> str:
        """`22/05/2019 (a strategy discussion, recorded by GP and Police)`."""
        who = listed([self.agency(a) for a in entry.agencies])
        return f"{when(entry.date)} ({self.kind(entry.kind)}, recorded by {who})"

    def expected(self, gap: Gap) -> str:
        rule = gap.rule
        child = (
            self.person(gap.child)
            if gap.child
            else listed([self.person(c) for c in gap.children]) or "the child"
        )
        fields = {
            "child": child,
            "adult": self.person(gap.adult) if gap.adult else "the adult",
            "agency": self.agency(gap.agency) if gap.agency else "the agency",
        }
        if rule.expected_text:
            return rule.expected_text.format_map(_Blank(fields))
        kinds = listed([self.kind(k) for e in rule.expect for k in e.kinds], "or")
        return f"{kinds} about {child}" if gap.child else kinds

    def window(self, rule: Rule) -> str:
        """`45 working days from the start of the assessment, as the children in need census counts them`."""
        return f"{rule.within}" + (f" {rule.counted_from}" if rule.counted_from else "")

    def path(self, adult: str, steps: Sequence[Step]) -> str:
        """`Mr D is partner of Ms T, who is parent of Child Cx`."""
        text = ""
        for number, step in enumerate(steps):
            words = RELATION_WORDS.get(step.relation, step.relation.replace("_", " "))
            text += (
                f"{self.person(adult)} is " if number == 0 else ", who is "
            ) + f"{words} {self.person(step.to)}"
        return text

    def sentence(self, gap: Gap) -> str:
        if gap.status == "incomplete":
            text = self._incomplete(gap)
        elif gap.status == "pattern":
            text = self._pattern(gap)
        else:
            text = self._follow_up(gap)
        if gap.date_uncertain:
            text += "; some of these dates are uncertain and were read in the agencies' favour"
        return text[0].upper() + text[1:] + "."

    def _follow_up(self, gap: Gap) -> str:
        rule = gap.rule
        text = self.happened(gap.trigger, rule)
        later = gap.triggers[1:]
        if len(later) == 1:
            text += f" (and 1 further such record while this was outstanding, on {when(later[0].date)})"
        elif later:
            text += (
                f" (and {len(later)} further such records while this was outstanding, "
                f"the last on {when(later[-1].date)})"
            )
        context = []
        if gap.adult and gap.child:
            link = f" ({self.path(gap.adult, gap.path)})" if gap.path else ""
            context.append(f"{self.person(gap.child)} was connected to {self.person(gap.adult)}{link}")
        if gap.agency and gap.child and rule.for_each.agencies == "knew_child":
            knew = rule.for_each.knew_within
            context.append(
                f"{self.agency(gap.agency)} had contact with {self.person(gap.child)} in the {knew} before"
            )
        if context:
            text += ", when " + " and ".join(context)
        assert gap.due is not None
        if gap.closed_by is not None:
            ending = ENDINGS.get(gap.closed_by.kind) or self.the(gap.closed_by.kind)
            deadline = f"before {ending} on {when(gap.closed_by.date)}"
        else:
            deadline = f"by {uk(gap.due)}" + (f" ({self.window(rule)})" if rule.within else "")
        text += f"; {self.expected(gap)} was due {deadline}"
        if gap.follow_up is None:
            return text + f" but none was recorded before the review period ended on {uk(self.period_end)}"
        unit = "working day" if rule.within is None or rule.within.in_working_days else "day"
        late = f"{gap.days_late} {unit}{'' if gap.days_late == 1 else 's'} late"
        return text + f" but the first came on {self.came(gap.follow_up)}, {late}"

    def _incomplete(self, gap: Gap) -> str:
        trigger = gap.trigger
        about = listed([self.person(p) for p in trigger.subjects])
        who = listed([self.agency(a) for a in trigger.agencies])
        missing = listed([sector_words(s) for s in gap.missing])
        needed = listed([sector_words(s) for s in gap.rule.requires_sectors])
        return (
            f"{self.the(trigger.kind)}" + (f" about {about}" if about else "") + f" on {when(trigger.date)}"
            f" (recorded by {who}) went ahead without {missing}, though the guidance expects {needed} to take part"
        )

    def _pattern(self, gap: Gap) -> str:
        return self.pattern_of(gap, self.person(gap.child) if gap.child else "the child", "was")

    def pattern_of(self, gap: Gap, who: str, verb: str) -> str:
        """`Child A was the subject of 3 referrals within 12 months (on …), a pattern …`; a run longer
        than the window says so, rather than calling it one window."""
        rule = gap.rule
        assert rule.pattern is not None
        kinds = {t.kind for t in gap.triggers}
        noun = self.kind(next(iter(kinds))) if len(kinds) == 1 else "a trigger"
        noun = noun.split(" ", 1)[1] if noun.startswith(("a ", "an ")) else noun
        dates = listed([when(t.date) for t in gap.triggers])
        first, last = gap.triggers[0], gap.triggers[-1]
        within = rule.pattern.within
        if last.date.latest <= Calendar(self.rulebook.calendar).after(first.date.earliest, within):
            told = f"{len(gap.triggers)} {noun}s within {within} (on {dates})"
        else:
            told = (f"{len(gap.triggers)} {noun}s from {when(first.date)} to {when(last.date)} (on {dates}), "
                    f"each one of {rule.pattern.count} or more within {within}")  # fmt: skip
        return (
            f"{who} {verb} the subject of {told}, a pattern that calls for a review of the history rather "
            "than another single response"
        )


def _flags(entry: Entry, triggers: Sequence[Trigger]) -> list[str]:
    """The tags that made this entry a trigger, in words: `sexual abuse, iioc`."""
    wanted = {t for trigger in triggers for t in (*trigger.tags_any, *trigger.tags_all)}
    return [tag.replace("_", " ") for tag in entry.tags if tag in wanted]


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
