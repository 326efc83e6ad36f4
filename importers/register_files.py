"""The people register and relationships files (DESIGN §6).

People: `person_id,pseudonym,role,names,dob,identifiers` (names and identifiers `;`-separated,
identifiers `scheme:value`). Relationships: `from,relation,to,from_date,to_date,source,note`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.drafts import PersonDraft
from jointchron.domain.errors import InvalidDate, InvalidValue
from jointchron.domain.identifiers import identifier_problem
from jointchron.domain.vocabulary import ROLES, agency_code, relation
from jointchron.importers.errors import FileError, RowError
from jointchron.importers.mapping import Mapping, Pattern
from jointchron.importers.sheet_files import open_sheets
from jointchron.importers.tabular import RawRow, undecodable

PEOPLE_COLUMNS = ("person_id", "pseudonym", "role", "names", "dob", "identifiers")
RELATIONSHIP_COLUMNS = ("from", "relation", "to", "from_date", "to_date", "source", "note")
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*:\S.*$")


@dataclass(frozen=True)
class RelationshipRow:
    number: int
    sheet: str | None
    from_text: str
    relation: str
    swapped: bool
    to_text: str
    from_date: datetime.date | None
    to_date: datetime.date | None
    source: str
    note: str


def read_rows(
    path: Path, columns: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[RawRow, dict[str, str]]]:
    """Each row as {column: text}, for a file whose headers are `columns` (any case)."""
    mapping = Mapping(columns={c: (Pattern(c),) for c in columns})
    for sheet in open_sheets(path, mapping, (Pattern(required[0]),)):
        index = {h.strip().casefold(): i for i, h in enumerate(sheet.headers)}
        missing = [c for c in required if c not in index]
        if missing:
            raise FileError(f"{path.name}: no {missing[0]!r} column; the header must be {','.join(columns)}")
        for row in sheet.rows:
            values = {c: _cell(row, index.get(c)) for c in columns}
            yield row, values


def person_from(row: RawRow, values: dict[str, str]) -> PersonDraft:
    if row.problem:
        raise RowError("", "", row.problem)
    for column, value in values.items():
        if byte := undecodable(value):
            raise RowError(column, "", f"byte {byte} cannot be read; save the file as UTF-8")
    if not values["person_id"]:
        raise RowError("person_id", "", "every person needs a person_id")
    if not values["pseudonym"]:
        raise RowError("pseudonym", "", "every person needs a pseudonym (e.g. Child A, Mr D)")
    role = values["role"].lower() or None
    if role not in (None, *ROLES):
        raise RowError("role", values["role"], "role must be child or adult (or empty)")
    dob = None
    if values["dob"]:
        try:
            dob = FuzzyDate.parse(values["dob"]).earliest
        except InvalidDate as error:
            raise RowError("dob", values["dob"], str(error)) from None
    identifiers = _split(values["identifiers"])
    for identifier in identifiers:
        if not _IDENTIFIER.match(identifier):
            raise RowError(
                "identifiers", identifier, "an identifier is written scheme:value, e.g. nhs:9434765919"
            )
        scheme, _, value = identifier.partition(":")
        problem = identifier_problem(scheme, value.strip())
        if problem is not None:
            raise RowError("identifiers", identifier, problem)
    return PersonDraft(source_id=values["person_id"], pseudonym=values["pseudonym"],
                       role=role, names=tuple(_split(values["names"])), dob=dob,
                       identifiers=tuple(identifiers))  # fmt: skip


def relationship_from(row: RawRow, values: dict[str, str]) -> RelationshipRow:
    if row.problem:
        raise RowError("", "", row.problem)
    for column in ("from", "relation", "to"):
        if not values[column]:
            raise RowError(column, "", f"every relationship needs {column}")
    try:
        stored, swapped = relation(values["relation"])
    except InvalidValue as error:
        raise RowError("relation", values["relation"], str(error)) from None
    dates: dict[str, datetime.date | None] = {}
    for column in ("from_date", "to_date"):
        dates[column] = None
        if values[column]:
            try:
                date = FuzzyDate.parse(values[column])
            except InvalidDate as error:
                raise RowError(column, values[column], str(error)) from None
            dates[column] = date.earliest if column == "from_date" else date.latest
    if dates["from_date"] and dates["to_date"] and dates["to_date"] < dates["from_date"]:
        raise RowError("to_date", values["to_date"], "the relationship ends before it starts")
    source = ""
    if values["source"]:
        try:
            source = agency_code(values["source"])
        except InvalidValue as error:
            raise RowError("source", values["source"], str(error)) from None
    return RelationshipRow(row.number, row.sheet, values["from"], stored, swapped, values["to"], dates["from_date"],
                           dates["to_date"], source, values["note"])  # fmt: skip


def _cell(row: RawRow, index: int | None) -> str:
    if index is None or index >= len(row.values) or row.values[index] is None:
        return ""
    value = row.values[index]
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]
