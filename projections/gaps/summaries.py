"""Findings and data problems in words: one sentence each that a panel can paste into its report.

A finding's sentence names every child, adult and agency its gaps concern, the worst that came of
them and the longest delay: "Police recorded an arrest (iioc) about Mr D on 15/04/2019, when Child
Cx and Child Bk were connected to Mr D; information for School and GP … was due by 01/05/2019 (10
working days) but none was recorded for School (about Child Cx and Child Bk) before the review
period ended on 31/12/2019, and for GP (about Child Bk) it came 5 working days late."
"""

from __future__ import annotations

from collections.abc import Sequence

from jointchron.projections.gaps.engine import DataProblem, Gap
from jointchron.projections.gaps.explain import ENDINGS, Explainer, _Blank, listed, uk, when
from jointchron.projections.gaps.findings import Finding

WORK = {"assessment_start": "assessment", "s47_start": "section 47 enquiry", "plan_start": "plan"}


def finding_sentence(finding: Finding, words: Explainer) -> str:
    if len(finding.gaps) == 1:
        return words.sentence(finding.gaps[0])
    if finding.rule.check != "follow_up":
        return _several(finding, words)
    rule, person = finding.rule, words.person
    text = words.happened(finding.trigger, rule)
    later = list({t.id: t for g in finding.gaps for t in g.triggers[1:]}.values())
    if later:
        last = max(later, key=lambda t: t.sort_key)
        text += (
            f" (and {len(later)} further such record{'s' if len(later) > 1 else ''} while this was "
            f"outstanding{', the last' if len(later) > 1 else ''} on {when(last.date)})"
        )
    children = listed([person(c) for c in finding.children])
    adults = listed([person(a) for a in finding.adults])
    agencies = [words.agency(a) for a in finding.agencies]
    context = []
    if finding.adults and finding.children:
        context.append(f"{children} {'was' if len(finding.children) == 1 else 'were'} connected to {adults}")
    if finding.agencies and rule.for_each.agencies == "knew_child":
        context.append(f"{listed(agencies)} had contact with them in the {rule.for_each.knew_within} before")
    if context:
        text += ", when " + " and ".join(context)
    fields = {"child": children or "the child", "adult": adults or "the adult",
              "agency": listed(agencies) or "the agency"}  # fmt: skip
    expected = (
        rule.expected_text.format_map(_Blank(fields))
        if rule.expected_text
        else listed([words.kind(k) for e in rule.expect for k in e.kinds], "or")
    )
    text += f"; {expected} was due {_deadline(finding.gaps, words)}"
    missing = [g for g in finding.gaps if g.status == "missing"]
    late = [g for g in finding.gaps if g.status == "late"]
    outcomes = []
    if missing:
        outcomes.append(
            f"none was recorded{_for(missing, finding, words)} before the review period ended on "
            f"{uk(words.period_end)}"
        )
    if late:
        longest = max(g.days_late or 0 for g in late)
        working = rule.within is None or rule.within.in_working_days
        unit = ("working day" if working else "day") + ("" if longest == 1 else "s")
        at_most = ", at the longest" if len(late) > 1 else ""
        who = _for(late, finding, words).strip()
        outcomes.append(f"{who + ' ' if who else ''}it came {longest} {unit} late{at_most}")
    text += " but " + ", and ".join(outcomes)
    if finding.date_uncertain:
        text += "; some of these dates are uncertain and were read in the agencies' favour"
    return text[0].upper() + text[1:] + "."


def _deadline(gaps: Sequence[Gap], words: Explainer) -> str:
    rule = gaps[0].rule
    closings = {g.closed_by.id: g.closed_by for g in gaps if g.closed_by is not None}
    dues = sorted({g.due for g in gaps if g.due is not None})
    if closings and len(closings) == len(gaps) and len(closings) == 1:
        closed = next(iter(closings.values()))
        ending = ENDINGS.get(closed.kind) or words.the(closed.kind)
        return f"before {ending} on {when(closed.date)}"
    window = f" ({words.window(rule)})" if rule.within else ""
    if not dues:
        return "by the end of the review period"
    if len(dues) == 1:
        return f"by {uk(dues[0])}{window}"
    return f"by {uk(dues[0])} to {uk(dues[-1])}{window}"


def _for(gaps: Sequence[Gap], finding: Finding, words: Explainer) -> str:
    """` for School (about Child Cx and Child Bk) and GP (about Child Bk)`, or ` for Child Cx`; empty when
    these gaps are all the finding has and there is nothing to tell them apart by."""
    person = words.person
    if (
        len(gaps) == len(finding.gaps)
        and len({g.child for g in gaps}) <= 1
        and len({g.agency for g in gaps}) <= 1
    ):
        return ""
    if any(g.agency for g in gaps):
        by_agency: dict[str, list[str]] = {}
        for gap in gaps:
            by_agency.setdefault(gap.agency or "", []).extend([gap.child] if gap.child else [])
        several_children = len(finding.children) > 1
        parts = [
            words.agency(code) + (f" (about {listed([person(c) for c in dict.fromkeys(kids)])})"
                                  if several_children and kids else "")
            for code, kids in by_agency.items()
        ]  # fmt: skip
        return " for " + listed(parts)
    return " for " + listed([person(g.child) for g in gaps if g.child])


def _several(finding: Finding, words: Explainer) -> str:
    """A pattern (or attendance) finding about several children: said once for them all."""
    children = listed([words.person(c) for c in finding.children])
    first = finding.gaps[0]
    if finding.rule.check == "pattern" and all(
        [t.id for t in g.triggers] == [t.id for t in first.triggers] for g in finding.gaps
    ):
        text = words.pattern_of(first, f"{children}", "were each")
    elif finding.rule.check == "pattern":
        text = words.pattern_of(first, words.person(first.child or ""), "was") + (
            f"; so were {listed([words.person(g.child) for g in finding.gaps[1:] if g.child])}, each with "
            "their own referrals"
        )
    else:
        text = "; ".join(words.sentence(g).rstrip(".") for g in finding.gaps)
    if finding.date_uncertain and "uncertain" not in text:
        text += "; some of these dates are uncertain and were read in the agencies' favour"
    return text[0].upper() + text[1:] + "."


def problem_sentence(problem: DataProblem, words: Explainer) -> str:
    """`The assessment of Child A started on 05/02/2019 (recorded by CSC) ends before it starts: its end
    is dated 01/02/2019. A data problem: it is not judged.`"""
    work = WORK.get(problem.start.kind, words.kind(problem.start.kind).split(" ", 1)[-1])
    who = listed([words.agency(a) for a in problem.start.agencies])
    child = f" of {words.person(problem.child)}" if problem.child else ""
    return (
        f"The {work}{child} started on {when(problem.start.date)} (recorded by {who}) ends before it starts: "
        f"its own record dates {words.the(problem.end.kind)} {when(problem.end.date)}. "
        "A data problem for the agency to check: the gap rules do not judge it."
    )
