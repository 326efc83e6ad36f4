"""The panel's judgements on the gaps the rules raise: attached by the gap's id, checked against its evidence.

A gap's id is stable (its rule, trigger entry and whom it is about), so a judgement stays with its
gap through re-imports and rebuilds. What the gap showed when it was judged is kept with the
judgement; when a revised extract changes it (the follow-up now found, the status or due date
changed), the judgement is flagged `needs_review` and says what changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jointchron.projections.panel import Judgement, Panel, shown_by
from jointchron.projections.privacy import Pseudonymiser

# The parts of a gap a judgement was made on, by the names of the gap's JSON record (DESIGN §7).
EVIDENCE = ("status", "due", "days_late", "missing", "trigger", "triggers", "follow_up", "date_uncertain")


def _reference(value: Any) -> str:
    if isinstance(value, Mapping):
        return " ".join(str(value.get(k) or "") for k in ("entry_id", "date", "kind")).strip()
    return "" if value is None else str(value)


def evidence_of(gap: Mapping[str, Any]) -> dict[str, str]:
    """What a gap shows, in words that compare equal when nothing about it changed."""
    evidence = {}
    for key in EVIDENCE:
        value = gap.get(key)
        if isinstance(value, list):
            evidence[key] = "; ".join(_reference(v) for v in value)
        else:
            evidence[key] = _reference(value)
    return evidence


def changed(judgement: Judgement, gap: Mapping[str, Any]) -> list[str]:
    """The parts of the gap's evidence that differ from when it was judged."""
    now = evidence_of(gap)
    return [key for key in EVIDENCE if key in judgement.evidence and judgement.evidence[key] != now[key]]


def judgement_record(
    judgement: Judgement, gap: Mapping[str, Any] | None, privacy: Pseudonymiser
) -> dict[str, Any]:
    differs = changed(judgement, gap) if gap is not None else []
    return {
        "decision": judgement.decision,
        "reason": privacy.text(judgement.reason),
        "by": shown_by(judgement.by, privacy),
        "at": judgement.at,
        "needs_review": bool(differs) or gap is None,
        "changed": differs,
        "earlier": len(judgement.earlier),
    }


def judged(
    gaps: Sequence[dict[str, Any]], panel: Panel, privacy: Pseudonymiser, include_dismissed: bool = False
) -> list[dict[str, Any]]:
    """Each gap with the panel's judgement (or None); dismissed gaps only when `include_dismissed`."""
    shown = []
    for gap in gaps:
        judgement = panel.judgements.get(str(gap["id"]))
        if judgement is not None and judgement.withdrawn is not None:
            judgement = None
        record = judgement_record(judgement, gap, privacy) if judgement else None
        if record and record["decision"] == "dismissed" and not include_dismissed:
            continue
        shown.append({**gap, "judgement": record})
    return shown


def unmatched(gaps: Sequence[Mapping[str, Any]], panel: Panel) -> list[Judgement]:
    """Judgements whose gap the rules no longer raise (a revised extract answered it, say)."""
    raised = {str(g["id"]) for g in gaps}
    return [
        j for j in panel.judgements.values()
        if j.withdrawn is None and j.target_kind == "gap" and j.target not in raised
    ]  # fmt: skip
