"""The panel's use cases: notes, marks, key practice episodes, judgements on gaps, questions and answers.

A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods.
Each use case checks what it names against the read model (an entry, a gap, an agency of the
review), then records one event through the application (panel_commands.py); ids may be given
in full or by their first 8 characters, as everywhere else.
"""

from __future__ import annotations

import datetime
import difflib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import duckdb

from jointchron.domain.errors import InvalidValue, JointchronError, NotFound
from jointchron.domain.question import QuestionAbout
from jointchron.domain.review import Review
from jointchron.domain.vocabulary import agency_code
from jointchron.projections.agencies import agency_codes
from jointchron.projections.chronology import pseudonymiser
from jointchron.projections.contact_ids import entries_of_contacts_starting_with
from jointchron.projections.entries import entry_dates
from jointchron.projections.panel import Panel, read_panel, shown_by
from jointchron.projections.privacy import Pseudonymiser
from jointchron.projections.verdicts import evidence_of
from jointchron.service.users import author

if TYPE_CHECKING:
    from jointchron.service.application import ReviewApplication

_ID = re.compile(r"^[0-9a-f-]{8,36}$")


class UnknownId(NotFound):
    pass


@dataclass(frozen=True)
class Recorded:
    """What a command of the panel recorded: the new record's id, and what it is about."""

    id: str
    about: str = ""
    version: int = 1


class PanelWork:
    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def release_views(self) -> None: ...
        def review(self) -> Review: ...
        def gap_records(self, rulebook: str | None = None, person: str | None = None, severity: str | None = None,
                 named: bool = False, include_dismissed: bool = False) -> list[dict[str, Any]]: ...  # fmt: skip

    def panel(self) -> Panel:
        """Everything the panel recorded, as it stands (withdrawn records say so)."""
        self.review()
        return read_panel(self.views())

    # -- notes and marks ---------------------------------------------------------------------------

    def add_note(self, entry: str, text: str, by: str | None = None) -> Recorded:
        """The panel's note on an entry of the joint chronology; returns the note's id and the entry's."""
        about = resolve_entry(self.views(), entry)
        self.release_views()
        return Recorded(str(self.app.add_note(about, "entry", text, author(by))), about)

    def mark(self, entry: str, significant: bool, reason: str = "", by: str | None = None) -> Recorded:
        """Marks an entry of the joint chronology as significant (or no longer), with the panel's reason."""
        about = resolve_entry(self.views(), entry)
        self.release_views()
        version = self.app.mark_entry(about, significant, reason, author(by))
        return Recorded(about, about, version)

    # -- episodes ----------------------------------------------------------------------------------

    def add_episode(self, title: str, start: datetime.date, end: datetime.date, entries: Sequence[str] = (),
                    summary: str = "", by: str | None = None) -> Recorded:  # fmt: skip
        """A key practice episode: a named period and (optionally) the entries in it that the panel chose."""
        views = self.views()
        chosen = [resolve_entry(views, e) for e in entries if e.strip()]
        for entry in chosen:
            row = entry_dates(views, entry)
            if row is not None and (row[1] < start or row[0] > end):
                raise InvalidValue(
                    f"entry {entry[:8]} is dated {row[0]:%d/%m/%Y}, outside the episode ({start:%d/%m/%Y} to "
                    f"{end:%d/%m/%Y}); widen --from/--to or leave it out of --entries"
                )
        self.release_views()
        return Recorded(str(self.app.add_episode(title, start, end, chosen, summary, author(by))))

    def note_episode(self, episode: str, text: str, by: str | None = None) -> Recorded:
        """The panel's analysis of an episode (a note on it; several may follow)."""
        panel = self.panel()
        found = _resolve(
            episode, [e.id for e in panel.episodes.values()], "episode", "jointchron episode list"
        )
        self.release_views()
        return Recorded(str(self.app.add_note(found, "episode", text, author(by))), found)

    def episodes(self, named: bool = False, publish: bool = False) -> list[dict[str, Any]]:
        """Every episode not withdrawn, in date order, with its entries and the panel's analysis."""
        from jointchron.projections.chronology import ChronologyQuery, chronology

        panel = self.panel()
        views = self.views()
        privacy = pseudonymiser(views, named=named, publish=publish)
        records = chronology(views, ChronologyQuery(named=named, publish=publish))
        shown = []
        for episode in sorted(panel.episodes.values(), key=lambda e: (e.date_from, e.title)):
            if episode.withdrawn is not None:
                continue
            title = privacy.text(episode.title)
            notes = [n for n in panel.notes_on("episode") if n.about == episode.id]
            shown.append({
                "id": episode.id, "title": title,
                "from": _shown_day(episode.date_from, privacy), "to": _shown_day(episode.date_to, privacy),
                "summary": privacy.text(episode.summary),
                "chosen": bool(episode.entries),
                "entries": [r["id"] for r in records if title in r["episodes"]],
                "analysis": [{"id": n.id, "text": privacy.text(n.text), "by": shown_by(n.by, privacy), "at": n.at}
                             for n in notes],
                "by": shown_by(episode.by, privacy), "at": episode.at,
            })  # fmt: skip
        return shown

    # -- judgements --------------------------------------------------------------------------------

    def judge(self, target: str, decision: Literal["accept", "dismiss"], reason: str,
              by: str | None = None) -> Recorded:  # fmt: skip
        """The panel's judgement on a gap (by its id): a real gap, or dismissed (with the reason)."""
        if decision not in ("accept", "dismiss"):
            raise InvalidValue("a judgement is accept or dismiss")
        if not reason.strip():
            raise InvalidValue("say why: --reason 'what the panel found'")
        found = self.gap_records(include_dismissed=True)
        gap = _resolve(target, [g["id"] for g in found], "gap", "jointchron gaps --all")
        evidence = evidence_of(next(g for g in found if g["id"] == gap))
        self.release_views()
        version = self.app.judge(gap, "gap", "accepted" if decision == "accept" else "dismissed", reason,
                                 evidence, author(by))  # fmt: skip
        return Recorded(gap, gap, version)

    # -- questions ---------------------------------------------------------------------------------

    def ask(self, agency: str, text: str, about: str | None = None, by: str | None = None) -> Recorded:
        """A question to an agency of the review, about an entry or a gap, or about the case."""
        views = self.views()
        code = review_agency(views, agency)
        about_id: str | None = None
        about_kind: QuestionAbout | None = None
        if about:
            try:
                about_id, about_kind = resolve_entry(views, about), "entry"
            except UnknownId:
                gaps = [g["id"] for g in self.gap_records(include_dismissed=True)]
                try:
                    about_id, about_kind = _resolve(about, gaps, "gap", ""), "gap"
                except UnknownId:
                    raise UnknownId(
                        f"--about {about.strip()[:40]} is no entry or gap of this review; copy an id from "
                        "`jointchron chronology --format json` or `jointchron gaps --all`"
                    ) from None
        self.release_views()
        return Recorded(
            str(self.app.ask_question(code, text, about_id, about_kind, author(by))), about_id or ""
        )

    def answer(self, question: str, text: str, by: str | None = None) -> Recorded:
        """Records an agency's answer to a question the panel asked it."""
        panel = self.panel()
        found = _resolve(question, list(panel.questions), "question", "jointchron questions")
        self.release_views()
        return Recorded(found, found, self.app.answer_question(uuid.UUID(found), text, author(by)))

    def questions(
        self, open_only: bool = False, named: bool = False, publish: bool = False
    ) -> list[dict[str, Any]]:
        """The panel's questions to agencies, oldest first, each with its answers."""
        panel = self.panel()
        privacy = pseudonymiser(self.views(), named=named, publish=publish)
        return [
            {"id": q.id, "agency": q.agency, "text": privacy.text(q.text), "about": q.about and panel.entry(q.about)
             if q.about_kind == "entry" else q.about, "about_kind": q.about_kind,
             "asked_by": shown_by(q.by, privacy), "asked_at": q.at, "open": q.open,
             "answers": [{"text": privacy.text(a.text), "by": shown_by(a.by, privacy), "at": a.at}
                         for a in q.answers]}
            for q in panel.questions.values()
            if q.withdrawn is None and (q.open or not open_only)
        ]  # fmt: skip

    # -- withdrawing -------------------------------------------------------------------------------

    def retract(self, annotation: str, reason: str, by: str | None = None) -> Recorded:
        """Withdraws the panel's note, episode, question or judgement (never deleted); returns its kind."""
        panel = self.panel()
        ids = [*panel.notes, *panel.episodes, *panel.questions]
        ids += [j.id for j in panel.judgements.values()]
        judged_gaps = {j.target: j.id for j in panel.judgements.values()}
        given = annotation.strip().lower()
        found = next(
            (rid for gap, rid in judged_gaps.items() if gap.startswith(given) and len(given) >= 8), None
        )
        found = found or _resolve(annotation, ids, "note, episode, question or judgement",
                                  "jointchron chronology --format json, episode list, questions or gaps --all")  # fmt: skip
        self.release_views()
        kind = self.app.withdraw_annotation(uuid.UUID(found), reason, author(by))
        return Recorded(found, kind)

    def notes_on_withdrawn(self, named: bool = False, publish: bool = False) -> list[dict[str, Any]]:
        """The panel's notes on entries since withdrawn: they stay, and the report lists them."""
        from jointchron.projections.entries import joint_entries

        panel = self.panel()
        views = self.views()
        withdrawn = {e.id: e for e in joint_entries(views, include_withdrawn=True) if e.withdrawn}
        privacy = pseudonymiser(views, named=named, publish=publish)
        return [
            {"id": n.id, "entry": panel.entry(n.about), "date": privacy.date(withdrawn[panel.entry(n.about)].date).iso(),
             "kind": withdrawn[panel.entry(n.about)].kind, "text": privacy.text(n.text), "by": shown_by(n.by, privacy),
             "at": n.at}
            for n in panel.notes_on("entry")
            if panel.entry(n.about) in withdrawn
        ]  # fmt: skip


def resolve_entry(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """The entry an id names now: an entry id, the id of any of its records, or the first 8+ characters."""
    given = text.strip().lower()
    if not _ID.match(given):
        raise UnknownId(
            f"{text.strip()[:40]!r} is not an entry id; copy an id from `jointchron chronology --format json`"
        )
    entries = {e for _, e in entries_of_contacts_starting_with(con, given, limit=3)}
    if not entries:
        raise UnknownId(
            f"no entry has id {given[:40]}; copy an id from `jointchron chronology --format json`"
        )
    if len(entries) > 1:
        raise InvalidValue(f"more than one entry id starts with {given}; give more of the id")
    return entries.pop()


def review_agency(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """An agency of this review by code (or a name the vocabulary knows), or one line naming the closest."""
    codes = agency_codes(con)
    try:
        code = agency_code(text)
    except JointchronError:
        code = text.strip().lower()
    if code in codes:
        return code
    close = difflib.get_close_matches(code, codes, n=1)
    hint = f"did you mean {close[0]}?" if close else f"agencies: {', '.join(codes) or 'none imported yet'}"
    raise InvalidValue(f"no agency {text.strip()[:40]!r} in this review; {hint}")


def _resolve(text: str, ids: Sequence[str], what: str, where: str) -> str:
    given = text.strip().lower()
    found = sorted({i for i in ids if len(given) >= 8 and _ID.match(given) and i.startswith(given)})
    if len(found) > 1:
        raise InvalidValue(f"more than one {what} id starts with {given}; give more of the id")
    if not found:
        hint = f"; copy an id from `{where}`" if where else ""
        raise UnknownId(f"no {what} has id {given[:40]}{hint}")
    return found[0]


def _shown_day(day: datetime.date, privacy: Pseudonymiser) -> str:
    return day.strftime("%Y-%m") if privacy.publish else day.isoformat()
