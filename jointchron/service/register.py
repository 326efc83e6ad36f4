"""The people register and relationships between people: imported from their CSV files, into the event log.

A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from jointchron.domain.drafts import PersonDraft, RelationshipDraft
from jointchron.domain.extract import ImportCounts
from jointchron.domain.identifiers import identifier_key, identifier_name
from jointchron.importers.errors import RowError
from jointchron.importers.register_files import (
    PEOPLE_COLUMNS,
    RELATIONSHIP_COLUMNS,
    person_from,
    read_rows,
    relationship_from,
)
from jointchron.importers.report import ImportReport, Rejection
from jointchron.projections.people import people as registered_people
from jointchron.projections.people import register

if TYPE_CHECKING:
    from jointchron.service.application import ReviewApplication


class RegisterImports:
    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def _audited(self, command: str, by: str | None, *arguments: str) -> AbstractContextManager[None]: ...
        def _write_rejects(self, report: ImportReport, file: Path) -> None: ...

    def import_people(self, file: str | Path, dry_run: bool = False, by: str | None = None) -> ImportReport:
        """Imports the people register (`person_id,pseudonym,role,names,dob,identifiers`)."""
        file = Path(file)
        self.app.review()
        report = ImportReport(file=file.name, dry_run=dry_run)
        drafts: list[PersonDraft] = []
        # A pseudonym is unique in a review: `--person "Child Bk"` must find one person.
        held = registered_people(self.views())
        pseudonyms = {p.pseudonym.casefold(): p.source_id for p in held}
        # So is an identifier: two people with one NHS number would have each other's records.
        identifiers = {identifier_key(i): p.source_id for p in held if p.confirmed for i in p.identifiers}
        read = 0
        for row, values in read_rows(file, PEOPLE_COLUMNS, ("person_id", "pseudonym")):
            read += 1
            try:
                draft = person_from(row, values)
                owner = pseudonyms.setdefault(draft.pseudonym.casefold(), draft.source_id)
                if owner.casefold() != draft.source_id.casefold():
                    raise RowError("pseudonym", draft.pseudonym, f"pseudonym already given to person {owner}; "
                                   "a pseudonym names one person in a review")  # fmt: skip
                _claim_identifiers(identifiers, draft)
                drafts.append(draft)
            except RowError as error:
                report.rejections.append(Rejection(file.name, row.sheet, row.number, error.column, error.value,
                                                   error.reason))  # fmt: skip
        new = []
        if not dry_run:
            with self._audited("people import", by, file.name):
                new = self.app.register_people(drafts)
        return self._register_report(report, file, read, len(drafts), None if dry_run else len(new))

    def import_relationships(
        self, file: str | Path, dry_run: bool = False, by: str | None = None
    ) -> ImportReport:
        """Imports relationships (`from,relation,to,from_date,to_date,source,note`) between registered people."""
        file = Path(file)
        self.app.review()
        people_register = register(self.views())
        report = ImportReport(file=file.name, dry_run=dry_run)
        drafts: list[RelationshipDraft] = []
        read = 0
        for row, values in read_rows(file, RELATIONSHIP_COLUMNS, ("from", "relation", "to")):
            read += 1
            try:
                rel = relationship_from(row, values)
                ends = []
                for column, text in (("from", rel.from_text), ("to", rel.to_text)):
                    found = people_register.resolve(text)
                    if found is None:
                        why = (
                            "matches more than one person"
                            if people_register.is_ambiguous(text)
                            else "matches no one"
                        )
                        raise RowError(column, text, f"{why} in the register; import the people file first "
                                                     "or use a person_id")  # fmt: skip
                    ends.append(found)
                if rel.swapped:
                    ends.reverse()
                drafts.append(RelationshipDraft(from_person=ends[0], relation=rel.relation, to_person=ends[1],
                                                from_date=rel.from_date, to_date=rel.to_date, source=rel.source,
                                                note=rel.note))  # fmt: skip
            except RowError as error:
                report.rejections.append(Rejection(file.name, row.sheet, row.number, error.column, error.value,
                                                   error.reason))  # fmt: skip
        new = []
        if not dry_run:
            with self._audited("relationships import", by, file.name):
                new = self.app.record_relationships(drafts)
        return self._register_report(report, file, read, len(drafts), None if dry_run else len(new))

    def _register_report(self, report: ImportReport, file: Path, read: int, valid: int,
                         new: int | None) -> ImportReport:  # fmt: skip
        """Counts of a people or relationships file (`new` is None in a dry run), and its rejects file."""
        report.counts = ImportCounts(read=read, imported=valid if new is None else new,
                                     unchanged=0 if new is None else valid - new,
                                     rejected=len(report.rejections))  # fmt: skip
        self._write_rejects(report, file)
        return report


def _claim_identifiers(owners: dict[str, str], draft: PersonDraft) -> None:
    """Records the draft's identifiers as its own, or rejects it naming the person one already belongs to."""
    for identifier in draft.identifiers:
        owner = owners.get(identifier_key(identifier), draft.source_id)
        if owner.casefold() != draft.source_id.casefold():
            raise RowError("identifiers", identifier, f"{identifier_name(identifier)} already given to person "
                           f"{owner}; if they are one person, give them one row (or `jointchron people merge`)")  # fmt: skip
    owners.update(dict.fromkeys(map(identifier_key, draft.identifiers), draft.source_id))
