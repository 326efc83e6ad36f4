"""Records that contradict themselves: one row whose end is dated before its start.

A wide row (an Annex A row, one CIN census `<Assessments>` element) gives a piece of work's start
and end together. An assessment authorised before it started is a data problem, not a gap: both
contacts are kept as the extract gives them, the import report names the row, and the gap rules
leave that piece of work unjudged (DESIGN §7).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass

from jointchron.domain.drafts import ContactDraft

# The kind that ends a piece of work -> the kind that starts it.
STARTS = {"assessment_end": "assessment_start", "s47_end": "s47_start", "plan_end": "plan_start",
          "conference": "s47_start"}  # fmt: skip
WORDS = {"assessment_start": "assessment", "s47_start": "section 47 enquiry", "plan_start": "plan"}


@dataclass(frozen=True)
class DataProblem:
    """Where a self-contradicting record is, and what is wrong with it (no personal values)."""

    file: str
    sheet: str | None
    row: int
    reason: str

    def line(self) -> str:
        where = f"{self.file}" + (f" sheet {self.sheet!r}" if self.sheet else "") + f" row {self.row}"
        return f"data problem: {where}: {self.reason}"


class RecordChecks:
    """Looks at drafts in the order a file gives them; the drafts of one row are adjacent."""

    def __init__(self) -> None:
        self._row: tuple[str, str | None, int] | None = None
        self._drafts: list[ContactDraft] = []

    def see(self, drafts: Iterable[ContactDraft]) -> list[DataProblem]:
        found: list[DataProblem] = []
        for draft in drafts:
            where = (draft.file, draft.sheet, draft.row)
            if where != self._row:
                found += self._check()
                self._row, self._drafts = where, []
            self._drafts.append(draft)
        return found

    def finish(self) -> list[DataProblem]:
        found = self._check()
        self._row, self._drafts = None, []
        return found

    def _check(self) -> list[DataProblem]:
        if len(self._drafts) < 2:
            return []  # one contact a row: nothing to contradict (the usual case costs nothing more)
        contents = [json.loads(d.content_json) for d in self._drafts]
        starts = {c["kind"]: c for c in contents if c["kind"] in WORDS}
        found = []
        for end in contents:
            start = starts.get(STARTS.get(end["kind"], ""))
            if start is None or (end["kind"] == "conference" and "icpc" not in end["tags"]):
                continue
            ended = datetime.date.fromisoformat(end["end_date"] or end["date"])
            if ended < datetime.date.fromisoformat(start["date"]):
                draft = self._drafts[0]
                found.append(DataProblem(draft.file, draft.sheet, draft.row, (
                    f"the {WORDS[start['kind']]} ends before it starts ({end['kind']} {ended:%d/%m/%Y}, "
                    f"{start['kind']} {start['date'][8:10]}/{start['date'][5:7]}/{start['date'][:4]}); "
                    "both are kept as the extract gives them, and the gap rules do not judge it"
                )))  # fmt: skip
        return found
