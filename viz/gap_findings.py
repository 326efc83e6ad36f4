"""The review pack's gaps section: the rules in force, then one finding a line, each opening to its gaps.

A panel reads a finding ("Police did not tell School or GP about Mr D's arrest, for Child Cx and
Child Bk") rather than a row per child and agency; the gaps behind it are one click away, each
linked to the rows of the chronology it rests on. Each rule's basis is shown once, in the list of
rules in force, with whether this review's records can support it at all. Every piece of data
passes through `esc` on its way in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jointchron.viz.model import Lane, uk_date
from jointchron.viz.rows import gap_lane, lane_labels
from jointchron.viz.sections import _link, _table, entry_positions, esc

Record = Mapping[str, Any]


def gaps_section(
    gaps: Sequence[Record],
    findings: Sequence[Record],
    rules: Sequence[Record],
    problems: Sequence[Record],
    entries: Sequence[Record],
    lanes: Sequence[Lane],
) -> str:
    return (
        rules_in_force(rules)
        + data_problems(problems)
        + findings_list(gaps, findings or findings_of(gaps), entries, lanes)
    )


def rules_in_force(rules: Sequence[Record]) -> str:
    if not rules:
        return ""
    items = []
    for rule in rules:
        judged = (
            ""
            if rule.get("assessable", True)
            else f'<br><span class="status-missing">Not assessable: {esc(rule.get("why"))}</span>'
        )
        items.append(
            f'<li id="rule-{esc(rule["id"])}"><strong>{esc(rule.get("title"))}</strong> '
            f'<span class="muted">({esc(rule["id"])}, {esc(rule.get("severity"))})</span>{judged}'
            f'<br><span class="muted">{esc(rule.get("basis"))}</span></li>'
        )
    unjudged = [r for r in rules if not r.get("assessable", True)]
    note = (
        f"<p>{len(unjudged)} of these rules cannot be judged from this review's records: no extract records "
        "what they need, so they raise no gap. Not recorded is not the same as not done.</p>"
        if unjudged
        else ""
    )
    title = esc(rules[0].get("rulebook_title") or rules[0].get("rulebook") or "")
    return (
        f'<details class="rules"><summary>Rules in force: {title} ({len(rules)} rules)</summary>'
        f'<ul class="rules">{"".join(items)}</ul></details>{note}'
    )


def data_problems(problems: Sequence[Record]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{esc(p.get('explanation'))}</li>" for p in problems)
    return f'<h3>Data problems, not judged</h3><ul class="data-problems">{items}</ul>'


def findings_list(
    gaps: Sequence[Record], findings: Sequence[Record], entries: Sequence[Record], lanes: Sequence[Lane]
) -> str:
    if not gaps:
        return "<p>No gaps were found (or the gap rules have not been run on this store).</p>"
    index = entry_positions(entries)
    by_id = {str(g.get("id")): g for g in gaps}
    blocks = []
    for finding in findings:
        members = [by_id[i] for i in finding.get("gaps", ()) if i in by_id]
        if not members:
            continue
        count = f" · {len(members)} gaps" if len(members) > 1 else ""
        late = finding.get("days_late")
        longest = f" · up to {esc(late)} {esc(finding.get('days_late_unit') or 'days')} late" if late else ""
        blocks.append(
            f'<details class="finding" id="finding-{esc(finding.get("id"))}"><summary>'
            f'<span class="sev-{esc(finding.get("severity"))}">{esc(finding.get("severity"))}</span> · '
            f'<span class="status-{esc(finding.get("status"))}">{esc(finding.get("status"))}</span>{count}{longest} · '
            f'<a href="#rule-{esc(finding.get("rule"))}">{esc(finding.get("title"))}</a> · '
            f"{_link(index, finding.get('trigger'), entries)}"
            f"<br>{esc(finding.get('explanation'))}</summary>{_gap_rows(members, index, entries, lanes)}</details>"
        )
    return (
        f'<p class="muted">{len(blocks)} findings ({len(gaps)} gaps). Open a finding for its gaps.</p>'
        + "".join(blocks)
    )


def _gap_rows(
    gaps: Sequence[Record], index: Mapping[str, int], entries: Sequence[Record], lanes: Sequence[Lane]
) -> str:
    labels = lane_labels(lanes)
    rows = []
    for gap in gaps:
        status = str(gap.get("status") or "") + (" (date uncertain)" if gap.get("date_uncertain") else "")
        late = gap.get("days_late")
        rows.append([
            f'<span class="status-{esc(gap.get("status"))}">{esc(status)}</span>',
            esc(gap.get("child") or "—"),
            esc(labels.get(gap_lane(gap, lanes), gap_lane(gap, lanes))),
            esc(labels.get(str(gap.get("agency")), gap.get("agency")) if gap.get("agency") else "—"),
            _link(index, gap.get("trigger"), entries),
            esc(uk_date(gap.get("due")) or "—"),
            _link(index, gap.get("follow_up"), entries),
            esc("" if late is None else late),
            esc(gap.get("explanation")),
        ])  # fmt: skip
    headers = ["Status", "Child", "Agency to act", "Agency left out", "Trigger", "Due", "Follow-up", "Days late",
               "What is missing"]  # fmt: skip
    return _table(headers, rows, css="gaps")


def findings_of(gaps: Sequence[Record]) -> list[dict[str, Any]]:
    """Findings for gaps that came without them (a pack built from gap records alone): one per rule and
    trigger entry, in the gaps' order, said by their first gap's explanation."""
    found: dict[str, dict[str, Any]] = {}
    for gap in gaps:
        trigger = gap.get("trigger") or {}
        key = str(
            gap.get("finding") or f"{gap.get('rule')}|{trigger.get('entry_id') or trigger.get('contact_id')}"
        )
        if key not in found:
            found[key] = {**{k: gap.get(k) for k in ("rule", "title", "severity", "status", "trigger",
                                                     "explanation", "days_late", "days_late_unit")},
                          "id": key, "gaps": []}  # fmt: skip
        found[key]["gaps"].append(gap.get("id"))
    return list(found.values())
