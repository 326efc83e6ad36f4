"""What became of every row of a file: the import report and the rejects CSV."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from jointchron.domain.extract import ImportCounts
from jointchron.domain.text import neutralise
from jointchron.importers.contradictions import DataProblem

# Rejections and changes kept in memory for the terminal; the CSV files next to the store hold all of them.
KEPT = 1000
REJECTS_HEADER = ("file", "sheet", "row", "column", "value", "reason")
CHANGES_HEADER = ("change", "contact_id", "reference", "file", "sheet", "row", "fields")


@dataclass(frozen=True)
class Rejection:
    file: str
    sheet: str | None
    row: int
    column: str
    value: str
    reason: str

    def line(self) -> str:
        """One line for the terminal: where and why, never the value (it is in the rejects file only,
        readable by its owner alone): a value shifted into the wrong column can be anyone's name."""
        where = f"{self.file}" + (f" sheet {self.sheet!r}" if self.sheet else "") + f" row {self.row}"
        column = f", column {self.column!r}" if self.column else ""
        return f"{where}{column}: {without_value(self.reason, self.value)}"


def without_value(reason: str, value: str) -> str:
    """A reason with the rejected value taken out: `'Maggie Turner' is not a date` → `the value is not a date`.

    Reasons quote the value (or its first 40 characters, or one end of a range) in single quotes."""

    def quoted(match: re.Match[str]) -> str:
        inner = match.group(1).removesuffix("…")
        return "the value" if inner and value and inner in value else match.group(0)

    shown = _QUOTED.sub(quoted, reason)
    if len(value.strip()) >= 3:
        shown = shown.replace(value.strip(), "the value")
    return shown


# A quoted span: from a quote after a space or the start, to a quote before a space, punctuation or the end.
_QUOTED = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())'(.*?)'(?=[\s;:,.)]|$)")


ChangeKind = Literal["amended", "no_longer_present", "reappeared"]


@dataclass(frozen=True)
class Change:
    """What a revised extract did to a contact held before: where to find the row, never its values."""

    change: ChangeKind
    contact_id: str
    reference: str
    file: str
    sheet: str | None
    row: int
    fields: tuple[str, ...] = ()

    def line(self) -> str:
        where = f"{self.file}" + (f" sheet {self.sheet!r}" if self.sheet else "") + f" row {self.row}"
        ref = f"reference {self.reference!r}, " if self.reference else ""
        if self.change == "amended":
            return f"amended: contact {self.contact_id} ({ref}{where}): {', '.join(self.fields)} changed"
        if self.change == "no_longer_present":
            return f"no longer present: contact {self.contact_id} ({ref}was {where})"
        return f"present again: contact {self.contact_id} ({ref}{where})"

    def cells(self) -> list[object]:
        return [self.change, self.contact_id, neutralise(self.reference), neutralise(self.file),
                neutralise(self.sheet or ""), self.row, ";".join(self.fields)]  # fmt: skip


class CsvSink:
    """A CSV report written row by row as an import goes, created at its first row (none, no file)."""

    def __init__(self, path: Path, header: tuple[str, ...]) -> None:
        self.path, self.header = path, header
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def write(self, cells: list[object]) -> None:
        if self._writer is None:
            self._handle = private_text(self.path)
            self._writer = csv.writer(self._handle)
            self._writer.writerow(self.header)
        self._writer.writerow(cells)

    @property
    def written(self) -> bool:
        return self._writer is not None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


@dataclass
class ImportReport:
    file: str
    agency: str = ""
    counts: ImportCounts = field(default_factory=ImportCounts)
    rejections: list[Rejection] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # pseudonym given -> suggested pseudonyms
    new_agencies: list[str] = field(default_factory=list)
    already_imported: bool = False
    dry_run: bool = False
    strict: bool = False
    rejects_file: Path | None = None
    amended_ids: list[str] = field(default_factory=list)
    no_longer_present_ids: list[str] = field(default_factory=list)
    reappeared_ids: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # the first KEPT; all in changes_file
    changes_file: Path | None = None
    revises: list[str] = field(default_factory=list)  # earlier extracts this one was compared with
    # (sheet, header) of columns of a canonical file that are no canonical field, so were not read.
    unread_columns: list[tuple[str | None, str]] = field(default_factory=list)
    # What reading the file did besides its rows, as (kind, text): "read" and "skipped" name sheets, "note" is a
    # sentence (merged cells filled).
    notes: list[tuple[str, str]] = field(default_factory=list)
    rejected_rows: int = 0  # rows with at least one rejection, counted as they stream past
    rejections_total: int = 0  # every rejection streamed, kept in memory or not
    data_problems: list[DataProblem] = field(default_factory=list)  # records that contradict themselves
    skipped: dict[str, str] = field(default_factory=dict)  # dated elements the profile does not import, why
    _rejects: CsvSink | None = field(default=None, repr=False)
    _changes: CsvSink | None = field(default=None, repr=False)
    _last_rejected: tuple[str | None, int] | None = field(default=None, repr=False)

    @property
    def exit_code(self) -> int:
        """0 all rows imported, 3 imported with rejected rows, 1 nothing imported (DESIGN §6)."""
        if not self.rejections:
            return 0
        rejected = self.rejected_rows or len({(r.sheet, r.row) for r in self.rejections})
        if self.strict or self.counts.read <= rejected:
            return 1
        return 3

    def stream_to(self, rejects: Path, changes: Path) -> None:
        """Writes rejections and changes to these CSV files as they come, keeping only the first KEPT in memory."""
        self._rejects = CsvSink(rejects, REJECTS_HEADER)
        self._changes = CsvSink(changes, CHANGES_HEADER)

    def reject(self, rejection: Rejection) -> None:
        self.rejections_total += 1
        if (rejection.sheet, rejection.row) != self._last_rejected:
            self.rejected_rows += 1
            self._last_rejected = (rejection.sheet, rejection.row)
        if len(self.rejections) < KEPT or self._rejects is None:
            self.rejections.append(rejection)
        if self._rejects is not None:
            self._rejects.write(rejection_cells(rejection))

    def reading_lines(self) -> list[str]:
        """The notes, for the terminal: the sheets read, those not read and why, then each other note."""
        lines = []
        for kind, label in (("read", "Sheets read"), ("skipped", "Sheets not read")):
            named = [text for k, text in self.notes if k == kind]
            if named:
                lines.append(f"{label}: {', '.join(named)}")
        return lines + [text for kind, text in self.notes if kind == "note"]

    def change(self, change: Change) -> None:
        {"amended": self.amended_ids, "no_longer_present": self.no_longer_present_ids,
         "reappeared": self.reappeared_ids}[change.change].append(change.contact_id)  # fmt: skip
        if len(self.changes) < KEPT:
            self.changes.append(change)
        if self._changes is not None:
            self._changes.write(change.cells())

    def close(self) -> None:
        """Closes the streamed files, and names those that were written."""
        for sink, attribute in ((self._rejects, "rejects_file"), (self._changes, "changes_file")):
            if sink is not None:
                sink.close()
                if sink.written:
                    setattr(self, attribute, sink.path)


def private_text(path: Path) -> IO[str]:
    """A new CSV report readable by its owner only (it holds the rejected values), whatever the umask."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    os.fchmod(descriptor, 0o600)
    return open(descriptor, "w", encoding="utf-8-sig", newline="")


def write_rejects(path: Path, rejections: list[Rejection]) -> None:
    with private_text(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECTS_HEADER)
        for r in rejections:
            writer.writerow(rejection_cells(r))


def rejection_cells(r: Rejection) -> list[object]:
    return [neutralise(r.file), neutralise(r.sheet or ""), r.row, neutralise(r.column), neutralise(r.value),
            neutralise(r.reason)]  # fmt: skip
