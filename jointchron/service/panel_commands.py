"""The panel's commands on the event log: notes, marks, episodes, judgements, questions and answers.

A mixin of `ReviewApplication` (application.py): each command checks what it is given, saves one
event with the running command's audit entry, and returns the id or version it wrote. Whether an
entry, gap or agency exists is the service's to check (jointchron/service/panel.py): it has the
read model.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from jointchron.domain.annotation import (
    AnnotationWithdrawn,
    EntryMarked,
    NoteAbout,
    NoteAdded,
    mark_id,
    new_annotation_id,
)
from jointchron.domain.episode import EpisodeAdded, check_period
from jointchron.domain.errors import InvalidValue, NotFound
from jointchron.domain.events import DomainEvent, now
from jointchron.domain.judgement import Decision, GapJudged, JudgedKind, judgement_id
from jointchron.domain.question import QuestionAbout, QuestionAnswered, QuestionAsked
from jointchron.service.event_access import EventAccess

# The first event of each kind of the panel's records, and what a person calls it.
PANEL_RECORDS: dict[type[DomainEvent], str] = {
    NoteAdded: "note",
    EpisodeAdded: "episode",
    QuestionAsked: "question",
    GapJudged: "judgement",
    EntryMarked: "mark",
}


class PanelCommands(EventAccess):
    def add_note(self, about: str, about_kind: NoteAbout, text: str, by: str) -> uuid.UUID:
        note = new_annotation_id()
        self._save([NoteAdded(originator_id=note, originator_version=1, timestamp=now(), about=about,
                              about_kind=about_kind, text=_said(text, "the note"), by=by)])  # fmt: skip
        return note

    def mark_entry(self, entry: str, significant: bool, reason: str, by: str) -> int:
        """Marks an entry significant or not; returns the version of its marks."""
        mid = mark_id(entry)
        version = self._versions([mid]).get(mid, 0) + 1
        self._save([EntryMarked(originator_id=mid, originator_version=version, timestamp=now(), entry=entry,
                                significant=significant, reason=reason.strip(), by=by)])  # fmt: skip
        return version

    def add_episode(self, title: str, start: datetime.date, end: datetime.date, entries: Sequence[str],
                    summary: str, by: str) -> uuid.UUID:  # fmt: skip
        check_period(title, start, end)
        episode = new_annotation_id()
        self._save([EpisodeAdded(originator_id=episode, originator_version=1, timestamp=now(), title=title.strip(),
                                 date_from=start, date_to=end, entries=tuple(dict.fromkeys(entries)),
                                 summary=summary.strip(), by=by)])  # fmt: skip
        return episode

    def judge(self, target: str, kind: JudgedKind, decision: Decision, reason: str, evidence: dict[str, str],
              by: str) -> int:  # fmt: skip
        """Records the panel's judgement on a gap or finding; returns the judgement's version."""
        jid = judgement_id(target)
        version = self._versions([jid]).get(jid, 0) + 1
        self._save([GapJudged(originator_id=jid, originator_version=version, timestamp=now(), target=target,
                              target_kind=kind, decision=decision, reason=_said(reason, "--reason"), by=by,
                              evidence=evidence)])  # fmt: skip
        return version

    def ask_question(self, agency: str, text: str, about: str | None, about_kind: QuestionAbout | None,
                     by: str) -> uuid.UUID:  # fmt: skip
        question = new_annotation_id()
        self._save([QuestionAsked(originator_id=question, originator_version=1, timestamp=now(), agency=agency,
                                  text=_said(text, "the question"), about=about, about_kind=about_kind,
                                  by=by)])  # fmt: skip
        return question

    def answer_question(self, question: uuid.UUID, text: str, by: str) -> int:
        events = self._events(question)
        if not events or not isinstance(events[0], QuestionAsked):
            raise NotFound(f"no question has id {question}; copy an id from `jointchron questions`")
        if any(isinstance(e, AnnotationWithdrawn) for e in events):
            raise InvalidValue("this question was withdrawn; ask it again with `jointchron question`")
        version = events[-1].originator_version + 1
        self._save([QuestionAnswered(originator_id=question, originator_version=version, timestamp=now(),
                                     text=_said(text, "the answer"), by=by)])  # fmt: skip
        return version

    def withdraw_annotation(self, annotation: uuid.UUID, reason: str, by: str) -> str:
        """Withdraws a note, episode, question or judgement; returns which of them it was."""
        events = self._events(annotation)
        kind = PANEL_RECORDS.get(type(events[0])) if events else None
        if kind is None or kind == "mark":
            raise NotFound(
                f"no note, episode, question or judgement has id {annotation}; marks are changed with "
                "`jointchron mark ID --not-significant`"
            )
        if isinstance(events[-1], AnnotationWithdrawn):
            raise InvalidValue(f"this {kind} is already withdrawn")
        self._save([AnnotationWithdrawn(originator_id=annotation, originator_version=events[-1].originator_version + 1,
                                        timestamp=now(), reason=_said(reason, "--reason"), by=by)])  # fmt: skip
        return kind


def _said(text: str, what: str) -> str:
    if not text.strip():
        raise InvalidValue(f"{what} is empty; write what the panel wants recorded")
    return text.strip()
