"""The review pack for the written review: what the Word and PDF packs hold, gathered once.

Title, period and agencies; the findings (the gaps the rules raised and the panel did not dismiss,
grouped by rule, each with its explanation, basis and the panel's judgement); the key practice
episodes with the panel's analysis; the joint chronology with the panel's notes; the timeline as an
image; the open questions to agencies; and the panel's notes on entries since withdrawn. Everything
passes through the same pseudonymiser as every other output.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jointchron.domain.errors import JointchronError
from jointchron.exports.documents import MODE_NOTES, Mode, mode_of, selection_text
from jointchron.projections.chronology import ChronologyQuery, agency_names
from jointchron.service.review_store import Store

SUFFIXES = (".html", ".docx", ".pdf")
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class UnwritableSuffix(JointchronError):
    pass


def pack_format(path: Path) -> str:
    """The format a pack is written in, by its file's suffix; any other suffix is refused."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnwritableSuffix(
            f"cannot write a review pack as {suffix or 'a file without a suffix'!r}; name it .html, .docx or .pdf "
            f"(e.g. -o {path.stem or 'report'}.pdf)"
        )
    return suffix[1:]


@dataclass(frozen=True)
class Finding:
    """The gaps one rule raised, with what the guidance says and what the panel made of each."""

    rule: str
    title: str
    severity: str
    basis: str
    gaps: list[dict[str, Any]]


@dataclass(frozen=True)
class ReviewPack:
    title: str
    jurisdiction: str
    period_start: datetime.date
    period_end: datetime.date
    mode: Mode
    selection: str
    agencies: dict[str, str]  # code -> name, of the agencies whose records are in the pack
    findings: list[Finding]
    episodes: list[dict[str, Any]]
    records: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    withdrawn_notes: list[dict[str, Any]]
    timeline_png: bytes | None = None
    made: datetime.date = field(default_factory=datetime.date.today)

    @property
    def period(self) -> str:
        return f"{self.period_start:%d/%m/%Y} to {self.period_end:%d/%m/%Y}"

    @property
    def note(self) -> str:
        return MODE_NOTES[self.mode]

    @property
    def open_questions(self) -> list[dict[str, Any]]:
        return [q for q in self.questions if q["open"]]

    @property
    def answered_questions(self) -> list[dict[str, Any]]:
        return [q for q in self.questions if not q["open"]]

    def agency(self, code: str) -> str:
        return self.agencies.get(code, code)


def findings(gaps: Sequence[Mapping[str, Any]]) -> list[Finding]:
    """Gaps grouped by rule, the most severe rules first, each rule's gaps in date order."""
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for gap in gaps:
        by_rule.setdefault(str(gap["rule"]), []).append(dict(gap))
    grouped = [
        Finding(rule, str(found[0]["title"]), str(found[0]["severity"]), str(found[0].get("basis") or ""),
                sorted(found, key=lambda g: str((g.get("trigger") or {}).get("date") or "")))
        for rule, found in by_rule.items()
    ]  # fmt: skip
    return sorted(grouped, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.title))


def _overlaps(episode: Mapping[str, Any], query: ChronologyQuery) -> bool:
    start, end = str(episode["from"]), str(episode["to"])
    if query.date_from and end < query.date_from.isoformat()[: len(end)]:
        return False
    return not (query.date_to and start > query.date_to.isoformat()[: len(start)])


def review_pack(store: Store, query: ChronologyQuery | None = None, with_timeline: bool = True,
                made: datetime.date | None = None) -> ReviewPack:  # fmt: skip
    """Everything the Word and PDF packs show, for `query`'s person and period (default: the whole review)."""
    query = query or ChronologyQuery()
    review = store.review()
    data = store.review_data(query)
    names = agency_names(store.views())
    shown_ids = {e["id"] for e in data.entries}
    episodes = [e for e in store.episodes(named=query.named) if _overlaps(e, query)]
    for episode in episodes:
        episode["records"] = [r for r in data.entries if r["id"] in set(episode["entries"])]
    questions = store.questions(named=query.named)
    if query.person or query.date_from or query.date_to:
        gap_ids = {g["id"] for g in data.gaps}
        questions = [q for q in questions if q["about"] is None or q["about"] in shown_ids | gap_ids]
    png = None
    if with_timeline:
        from jointchron.viz.report import timeline_png

        png = timeline_png(data)
    used = sorted({a for e in data.entries for a in e["agencies"]}) or sorted(names)
    return ReviewPack(
        title=data.facts.title,
        jurisdiction=review.jurisdiction,
        period_start=review.period_start,
        period_end=review.period_end,
        mode=mode_of(query.named, query.publish),
        selection=selection_text(replace(query, person=None), names)
        + (f"{'; ' if query.date_from or query.date_to else ''}about {data.focus} and the adults connected to them"
           if data.focus else ""),
        agencies={code: names.get(code, code) for code in used},
        findings=findings(data.gaps),
        episodes=episodes,
        records=data.entries,
        questions=questions,
        withdrawn_notes=store.notes_on_withdrawn(named=query.named),
        timeline_png=png,
        made=made or datetime.date.today(),
    )  # fmt: skip
