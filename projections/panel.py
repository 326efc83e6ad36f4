"""The panel's work read back: notes, marks, episodes, judgements and questions, as they stand now.

The panel's events are kept in the read model as they came (`panel_events`, in log order) and
folded here: they are few beside the agencies' records, and a fold over plain events is the
whole of their logic. A note or mark names an entry by the id of one of its records; `entry_of`
finds the entry that record is in now, so that the panel's work follows its record when another
agency's record merges in, when an amendment moves it, and across `rebuild`.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from jointchron.projections.privacy import Pseudonymiser

PANEL_EVENTS = frozenset(
    {"NoteAdded", "EntryMarked", "AnnotationWithdrawn", "EpisodeAdded", "GapJudged", "QuestionAsked",
     "QuestionAnswered"}
)  # fmt: skip


def write_panel_events(
    con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[int, str, dict[str, Any]]]
) -> None:
    """Appends the panel's events of one page, in the caller's transaction."""
    table = pa.table(
        {
            "position": pa.array([r[0] for r in rows], type=pa.int64()),
            "originator_id": pa.array([str(r[2]["originator_id"]) for r in rows], type=pa.string()),
            "version": pa.array([r[2]["originator_version"] for r in rows], type=pa.int32()),
            "event": pa.array([r[1] for r in rows], type=pa.string()),
            "state": pa.array(
                [json.dumps(r[2], default=str, ensure_ascii=False) for r in rows], type=pa.string()
            ),
        }
    )
    con.register("_panel", table)
    try:
        con.execute("INSERT INTO panel_events BY NAME SELECT * FROM _panel")
    finally:
        con.unregister("_panel")


@dataclass
class Withdrawal:
    reason: str
    by: str
    at: str


@dataclass
class Note:
    id: str
    about: str
    about_kind: str
    text: str
    by: str
    at: str
    withdrawn: Withdrawal | None = None


@dataclass
class Mark:
    entry: str
    significant: bool
    reason: str
    by: str
    at: str


@dataclass
class Episode:
    id: str
    title: str
    date_from: datetime.date
    date_to: datetime.date
    entries: tuple[str, ...]
    summary: str
    by: str
    at: str
    withdrawn: Withdrawal | None = None


@dataclass
class Judgement:
    id: str
    target: str
    target_kind: str
    decision: str
    reason: str
    by: str
    at: str
    evidence: dict[str, str]
    # Earlier judgements of the same gap, oldest first: (decision, reason, by, at).
    earlier: list[tuple[str, str, str, str]] = field(default_factory=list)
    withdrawn: Withdrawal | None = None


@dataclass
class Answer:
    text: str
    by: str
    at: str


@dataclass
class Question:
    id: str
    agency: str
    text: str
    about: str | None
    about_kind: str | None
    by: str
    at: str
    answers: list[Answer] = field(default_factory=list)
    withdrawn: Withdrawal | None = None

    @property
    def open(self) -> bool:
        return not self.answers and self.withdrawn is None


@dataclass
class Panel:
    """Everything the panel recorded, withdrawn records included (each says so)."""

    notes: dict[str, Note] = field(default_factory=dict)
    marks: dict[str, Mark] = field(default_factory=dict)  # the latest, by the entry id it was given
    mark_history: list[Mark] = field(default_factory=list)  # every mark, oldest first
    episodes: dict[str, Episode] = field(default_factory=dict)
    judgements: dict[str, Judgement] = field(default_factory=dict)  # by the gap or finding id
    questions: dict[str, Question] = field(default_factory=dict)
    # What the panel's entry ids name now: the entry holding each record (see `entry_of`).
    entry_of: dict[str, str] = field(default_factory=dict)

    def entry(self, given: str) -> str:
        return self.entry_of.get(given, given)

    def notes_on(self, kind: str) -> list[Note]:
        return [n for n in self.notes.values() if n.about_kind == kind and n.withdrawn is None]

    def significant(self) -> set[str]:
        """The entries (as they are now) whose latest mark says significant."""
        return {self.entry(m.entry) for m in self.marks.values() if m.significant}

    def entry_ids(self) -> set[str]:
        """Every entry id the panel's work names, as given."""
        named = {n.about for n in self.notes.values() if n.about_kind == "entry"} | set(self.marks)
        named |= {e for ep in self.episodes.values() for e in ep.entries}
        named |= {q.about for q in self.questions.values() if q.about and q.about_kind == "entry"}
        return named


def fold(events: Iterable[tuple[str, dict[str, Any]]]) -> Panel:
    """The panel's work from its events (name, state), oldest first."""
    panel = Panel()
    judged: dict[str, str] = {}  # judgement record id -> its target
    for name, s in events:
        rid, at, by = str(s["originator_id"]), str(s["timestamp"]), str(s.get("by", ""))
        if name == "NoteAdded":
            panel.notes[rid] = Note(rid, s["about"], s["about_kind"], s["text"], by, at)
        elif name == "EntryMarked":
            panel.marks[s["entry"]] = Mark(s["entry"], s["significant"], s["reason"], by, at)
            panel.mark_history.append(panel.marks[s["entry"]])
        elif name == "EpisodeAdded":
            panel.episodes[rid] = Episode(rid, s["title"], _day(s["date_from"]), _day(s["date_to"]),
                                          tuple(s["entries"]), s["summary"], by, at)  # fmt: skip
        elif name == "GapJudged":
            held = panel.judgements.get(s["target"])
            earlier = [] if held is None else [*held.earlier, (held.decision, held.reason, held.by, held.at)]
            panel.judgements[s["target"]] = Judgement(rid, s["target"], s["target_kind"], s["decision"], s["reason"],
                                                      by, at, dict(s["evidence"]), earlier)  # fmt: skip
            judged[rid] = s["target"]
        elif name == "QuestionAsked":
            panel.questions[rid] = Question(rid, s["agency"], s["text"], s["about"], s["about_kind"], by, at)
        elif name == "QuestionAnswered" and rid in panel.questions:
            panel.questions[rid].answers.append(Answer(s["text"], by, at))
        elif name == "AnnotationWithdrawn":
            withdrawal = Withdrawal(s["reason"], by, at)
            for held_record in (panel.notes.get(rid), panel.episodes.get(rid), panel.questions.get(rid),
                                panel.judgements.get(judged.get(rid, ""))):  # fmt: skip
                if held_record is not None:
                    held_record.withdrawn = withdrawal
    return panel


def read_panel(con: duckdb.DuckDBPyConnection) -> Panel:
    """The panel's work as the read model holds it, with the entry each of its entry ids names now."""
    rows = con.execute("SELECT event, state FROM panel_events ORDER BY position").fetchall()
    panel = fold((name, json.loads(state)) for name, state in rows)
    panel.entry_of = entry_of(con, sorted(panel.entry_ids()))
    return panel


def entry_of(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> dict[str, str]:
    """The entry each record id is in now (an entry's id is the id of one of its records)."""
    if not ids:
        return {}
    rows = con.execute(
        "SELECT contact_id, entry_id FROM entry_members WHERE contact_id IN (SELECT unnest(?))", [list(ids)]
    ).fetchall()
    return {str(c): str(e) for c, e in rows}


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text[:10])


def episode_holds(episode: Episode, entry_id: str, day: datetime.date, panel: Panel) -> bool:
    """The episode's chosen entries, or (none chosen) every entry whose date falls in its period."""
    if episode.entries:
        return entry_id in {panel.entry(e) for e in episode.entries}
    return episode.date_from <= day <= episode.date_to


def shown_by(by: str, privacy: Pseudonymiser) -> str:
    """Who wrote a piece of the panel's work: left out of a published output, like a practitioner."""
    return privacy.practitioner(by)


def entry_annotations(
    entry_id: str, day: datetime.date, panel: Panel, privacy: Pseudonymiser
) -> dict[str, Any]:
    """What the panel recorded on one entry, as every chronology output shows it."""
    notes = [n for n in panel.notes_on("entry") if panel.entry(n.about) == entry_id]
    marks = [m for m in panel.marks.values() if panel.entry(m.entry) == entry_id]
    mark = max(marks, key=lambda m: m.at) if marks else None
    episodes = [
        e for e in panel.episodes.values() if e.withdrawn is None and episode_holds(e, entry_id, day, panel)
    ]
    return {
        "significant": bool(mark and mark.significant),
        "significance": privacy.text(mark.reason) if mark and mark.significant else "",
        "analysis": " | ".join(privacy.text(n.text) for n in notes),
        "notes": [
            {"id": n.id, "text": privacy.text(n.text), "by": shown_by(n.by, privacy), "at": n.at}
            for n in notes
        ],
        "episodes": [privacy.text(e.title) for e in sorted(episodes, key=lambda e: (e.date_from, e.title))],
    }
