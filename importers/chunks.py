"""An extract's rows, read and mapped a chunk at a time: drafts, rejections and what they name.

Everything an import learns from the file itself comes in `RowChunk`s, in file order: a chunk's
rows are mapped column by column where the mapping allows (importers/columnar.py), else row by
row (importers/contacts.py), and the import that records the chunks cannot tell the difference.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

from jointchron.domain.agencies import AgencyBook
from jointchron.domain.drafts import ContactDraft, PersonDraft
from jointchron.importers.columnar import ColumnarMapper, reads_columns
from jointchron.importers.columns import Columns
from jointchron.importers.contacts import row_reference
from jointchron.importers.errors import RowError
from jointchron.importers.mapping import Mapping
from jointchron.importers.report import Rejection
from jointchron.importers.sheets import mapped_sheets
from jointchron.importers.subjects import ExtractSubjects
from jointchron.importers.tabular import RawRow, Sheet

# Rows a chunk holds: mapped column by column together, few enough to show progress and keep memory flat.
CHUNK_ROWS = 1_000


@dataclass
class RowChunk:
    read: int  # rows of the file read so far, this chunk's included
    drafts: list[ContactDraft] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    # The source references of rejected rows, as written: a revision must not call those rows gone.
    rejected_references: list[str] = field(default_factory=list)
    # Unconfirmed people first named in this chunk, and close matches for each (by pseudonym).
    people: list[PersonDraft] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)
    # Agency codes first named in this chunk.
    agencies: list[str] = field(default_factory=list)
    # Rows naming no subject (rejected, or imported with [source] subjects_optional = true).
    without_subjects: int = 0
    # (sheet, header) of columns a file with canonical headers holds that are no canonical field.
    unread_columns: list[tuple[str | None, str]] = field(default_factory=list)
    # What the import report says about reading the file (Sheet.notes): in the last chunk.
    notes: list[tuple[str, str]] = field(default_factory=list)


def read_chunks(path: Path, mapping: Mapping, agency: str, subjects: ExtractSubjects, rows: int = CHUNK_ROWS,
                agencies: AgencyBook | None = None, by_columns: bool = True) -> Generator[RowChunk, None, None]:  # fmt: skip
    """The file's rows, mapped to drafts, a chunk of `rows` rows at a time (the last may hold fewer).

    A chunk of a sheet that importers/columnar.py reads is mapped column by column (its unusual rows
    by the row mapper), other sheets row by row; `by_columns=False` maps every row with the row
    mapper, the reference the columnar one is compared with.
    """
    read, chunk, named = 0, RowChunk(0), dict[str, None]()
    notes: list[
        list[tuple[str, str]]
    ] = []  # each sheet's, read when the file is done (a reader adds to them)
    for sheet, columns, mapper in mapped_sheets(path, mapping, agency, subjects, agencies):
        if not any(sheet.notes is seen for seen in notes):  # the sheets of one workbook may share theirs
            notes.append(sheet.notes)
        drafts = mapper.drafts
        if mapper.mapping.reads_canonical_headers:
            chunk.unread_columns += [(sheet.name, header) for header in columns.unread()]
        columnar = (
            ColumnarMapper(mapper, sheet, columns) if by_columns and reads_columns(mapper, columns) else None
        )
        pending: list[RawRow] = []
        for row in sheet.rows:
            read += 1
            if columnar is not None:
                pending.append(row)
            else:
                without = mapper.without_subjects
                try:
                    chunk.drafts += drafts(sheet, columns, row)
                except RowError as error:
                    _refused(chunk, path.name, sheet, columns, row, error)
                chunk.without_subjects += mapper.without_subjects - without
            if read % rows == 0:
                if pending:
                    _add(chunk, path.name, columnar, pending)  # type: ignore[arg-type]
                    pending = []
                yield _finished(chunk, read, subjects, named, (agency, *mapper.agencies_named))
                chunk = RowChunk(read)
        if pending:
            _add(chunk, path.name, columnar, pending)  # type: ignore[arg-type]
        if chunk.drafts or chunk.rejections:
            # A sheet's last rows go before the next sheet's mapper names its own agencies.
            yield _finished(chunk, read, subjects, named, (agency, *mapper.agencies_named))
            chunk = RowChunk(read)
    chunk.notes = [note for seen in notes for note in seen]
    yield _finished(chunk, read, subjects, named, (agency,))


def _add(chunk: RowChunk, file: str, columnar: ColumnarMapper, rows: list[RawRow]) -> None:
    """What rows mapped column by column give (the rows of no one are counted by the row mapper)."""
    without = columnar.mapper.without_subjects
    mapped = columnar.map(rows)
    chunk.drafts += mapped.drafts
    for row, error in mapped.refused:
        _refused(chunk, file, columnar.sheet, columnar.columns, row, error)
    chunk.without_subjects += columnar.mapper.without_subjects - without


def _refused(
    chunk: RowChunk, file: str, sheet: Sheet, columns: Columns, row: RawRow, error: RowError
) -> None:
    chunk.rejections.append(Rejection(file, sheet.name, row.number, error.column, error.value, error.reason))
    if reference := row_reference(columns, row):
        chunk.rejected_references.append(reference)


def _finished(chunk: RowChunk, read: int, subjects: ExtractSubjects, named: dict[str, None],
              codes: tuple[str, ...]) -> RowChunk:  # fmt: skip
    """The chunk, with the people and agencies its rows named first (the recording agency with the first)."""
    chunk.read = read
    chunk.people, chunk.suggestions = subjects.take_new()
    chunk.agencies = [code for code in codes if code not in named]
    named.update(dict.fromkeys(chunk.agencies))
    return chunk
