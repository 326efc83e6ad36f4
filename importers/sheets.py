"""Which parts of an extract are read, and with which mapping.

A plain mapping reads a CSV file or the sheets of a workbook that have its header row. A profile
with `[[sheets]]` tables (Annex A: one per list) gives each workbook sheet the mapping of the
first table whose `name` matches it; sheets that no table names (Annex A's List 11 of adopters,
a guidance sheet) are not read. A CIN census profile (`format = "cin-census"`) reads the XML's
records as sheets named after their elements.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from jointchron.domain.agencies import AgencyBook
from jointchron.importers.cin_census import RECORDS, census_sheets
from jointchron.importers.columns import Columns
from jointchron.importers.contacts import ContactMapper, SubjectResolver
from jointchron.importers.errors import FileError, MappingError
from jointchron.importers.header_check import check_sheet_names
from jointchron.importers.mapping import Mapping, Pattern
from jointchron.importers.sheet_files import open_sheets
from jointchron.importers.tabular import EXCEL_SUFFIXES, HEADER_SEARCH_ROWS, RawRow, Sheet
from jointchron.importers.wide import WideRowMapper
from jointchron.importers.workbook import Workbook

_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*:\S")


def mapped_sheets(
    path: Path, mapping: Mapping, agency: str, resolve: SubjectResolver, agencies: AgencyBook | None = None
) -> Iterator[tuple[Sheet, Columns, ContactMapper]]:
    """Each sheet to read, with where its fields are and the mapper that turns its rows into contacts."""
    mappers: dict[int, ContactMapper] = {}
    for sheet, sheet_mapping in _sheets(path, mapping):
        mapper = mappers.get(id(sheet_mapping))
        if mapper is None:
            mapper = row_mapper(sheet_mapping, agency, path.name, resolve, agencies)
            mappers[id(sheet_mapping)] = mapper
        yield sheet, Columns.locate(sheet, sheet_mapping, path.name), mapper


def check_layout(path: Path, mapping: Mapping) -> None:
    """Refuses a mapping file that names a sheet or column a workbook lacks, before any row is read.

    A CSV file's header is checked as it is opened, before its first row; a workbook's sheets are
    read one after another, so each one's header row is checked here first.
    """
    if mapping.headers_checked and path.suffix.lower() in EXCEL_SUFFIXES and mapping.format == "table":
        for sheet, sheet_mapping in _sheets(path, mapping):
            Columns.locate(sheet, sheet_mapping, path.name)


def row_mapper(mapping: Mapping, agency: str, file: str, resolve: SubjectResolver,
               agencies: AgencyBook | None = None) -> ContactMapper:  # fmt: skip
    """A mapper for one sheet's rows: one contact a row, or one per [[events]] table for wide rows."""
    if mapping.subject_scheme:
        resolve = _with_scheme(mapping.subject_scheme, resolve)
    kind = WideRowMapper if mapping.events else ContactMapper
    return kind(mapping, agency, file, resolve, agencies)


def _with_scheme(scheme: str, resolve: SubjectResolver) -> SubjectResolver:
    """Subjects written as bare identifiers (`CH001234`) are looked up as `la:CH001234`.

    The scheme keeps one agency's patient number from matching another agency's child id.
    """

    def resolve_with_scheme(text: str) -> str:
        text = " ".join(text.split())
        return resolve(text if _HAS_SCHEME.match(text) else f"{scheme}:{text}")

    return resolve_with_scheme


def _sheets(path: Path, mapping: Mapping) -> Iterator[tuple[Sheet, Mapping]]:
    if mapping.format == "cin-census":
        specs = mapping.sheet_specs
        names = [name for name in RECORDS if any(spec.reads(name) for spec in specs)]
        for sheet in census_sheets(path, names):
            spec = mapping.sheet_spec(sheet.name or "")
            assert spec is not None
            yield sheet, spec.mapping
    elif mapping.sheet_specs and path.suffix.lower() not in EXCEL_SUFFIXES:
        yield _one_list_file(path, mapping)
    elif mapping.sheet_specs:
        yield from _workbook_sheets(path, mapping)
    else:
        for sheet in open_sheets(path, mapping, mapping.header_hints()):
            yield sheet, mapping


def _one_list_file(path: Path, mapping: Mapping) -> tuple[Sheet, Mapping]:
    """One list saved on its own (`annex_a_list_3.csv`): the [[sheets]] table its file name names,
    else the first whose header row it has."""
    if not path.exists():
        raise FileError(f"{path} not found; check the file name")
    stem = " ".join(re.split(r"[\s_\-.]+", path.stem))
    named = [spec for spec in mapping.sheet_specs if spec.reads(stem)]
    for spec in named or mapping.sheet_specs:
        try:
            sheet = next(open_sheets(path, spec.mapping, spec.mapping.header_hints()))
        except FileError:
            continue
        return sheet, spec.mapping
    labels = ", ".join(spec.label for spec in mapping.sheet_specs)
    raise FileError(f"{path.name} has the header row of none of the lists this profile reads ({labels}); "
                    "check the file, or send the whole workbook")  # fmt: skip


def _workbook_sheets(path: Path, mapping: Mapping) -> Iterator[tuple[Sheet, Mapping]]:
    book = open_workbook(path)
    names = book.sheet_names
    check_sheet_names(mapping, names, path.name)
    if mapping.sheets:
        chosen = [Pattern.parse(s, "[source] sheet") for s in mapping.sheets]
        names = [n for n in names if any(p.matches(n) for p in chosen)]
    read = [(name, spec) for name in names if (spec := mapping.sheet_spec(name)) is not None]
    if not read:
        labels = ", ".join(spec.label for spec in mapping.sheet_specs)
        raise FileError(f"{path.name} has none of the sheets this profile reads ({labels}); its sheets are "
                        f"{', '.join(book.sheet_names)}")  # fmt: skip
    book.check([name for name, _ in read])  # every list to be read, before the first row of any is
    notes = [("skipped", f"{n!r} (this profile reads no such sheet)") for n in book.sheet_names
             if n not in {name for name, _ in read}]  # fmt: skip
    for name, spec in read:
        # One sheet at a time, by its exact name, with the header row of its own list.
        only = dataclasses.replace(spec.mapping, sheets=(name,))
        try:
            sheets = list(open_sheets(path, only, only.header_hints(), workbook=book))
        except MappingError:
            raise  # a mapping file naming a column the sheet lacks, said as such
        except FileError:
            # A list without its header row is reported as a rejected row; the other lists are read.
            hint = next((h.text for h in only.header_hints() if h.regex is None), "date")
            problem = (f"no header row with a {hint!r} column in the first {HEADER_SEARCH_ROWS} rows, so this "
                       "sheet was not read; check its headers")  # fmt: skip
            yield Sheet(name, 1, [], iter([RawRow(name, 1, [], problem)]), notes), spec.mapping
            notes = []
            continue
        for sheet in sheets:
            sheet.notes[:0], notes = notes, []
            yield sheet, spec.mapping


def open_workbook(path: Path) -> Workbook:
    """The workbook, opened and looked at; a FileError (one line) for anything that is not one."""
    if not path.exists():
        raise FileError(f"{path} not found; check the file name")
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise FileError(
            f"{path.name} is not an Excel workbook (.xlsx or .xlsm); this profile reads workbooks"
        )
    return Workbook(path)
