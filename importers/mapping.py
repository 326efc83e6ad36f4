"""Mapping files: how an agency's columns and values become the canonical contact (DESIGN §6).

A mapping is read from TOML here; its header and value patterns are `importers/patterns.py`, its
`[[events]]` tables (wide files) `importers/event_specs.py`, the checks of its values
`importers/mapping_values.py`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jointchron.domain.errors import InvalidValue
from jointchron.domain.vocabulary import ROLES, SECTORS, kind, tag
from jointchron.importers.errors import MappingError
from jointchron.importers.event_specs import EventSpec, TagRule, event_spec
from jointchron.importers.mapping_values import (
    agency_name,
    encoding_name,
    kind_name,
    patterns_of,
    table_of,
    texts_of,
)
from jointchron.importers.patterns import Pattern

# A mapping and its parts, as the importers and the service take them from here.
__all__ = ["FIELDS", "LIST_FIELDS", "EventSpec", "Mapping", "Pattern", "SheetSpec", "TagRule"]

# Canonical fields a mapping may fill (DESIGN §4), plus a separate time column.
FIELDS = (
    "date", "time", "end_date", "recorded", "agency", "kind", "tags", "subjects", "participants",
    "recipients", "sender", "other_agencies", "summary", "detail", "practitioner", "reference", "outcome",
    "episode", "date_precision",
)  # fmt: skip
LIST_FIELDS = frozenset({"tags", "subjects", "participants", "recipients", "other_agencies"})
# What a `date_precision` column may say (through [date_precision]): how much of the date is known.
PRECISION_WORDS = ("year", "month", "day", "day_time", "unknown")
FORMATS = ("table", "cin-census")  # [source] format: CSV/Excel rows, or the DfE CIN census XML
# What `other_agencies` may be on a kind of record (`[roles] referral = "sender"`).
ROLE_NAMES = ("sender", "recipients", "participants")
# A mapping is a few kilobytes of TOML; anything this large is the wrong file, and is not read into memory.
MAX_MAPPING_BYTES = 1 << 20


@dataclass
class SheetSpec:
    """One `[[sheets]]` table: the sheets it reads (by name) and the mapping their rows get."""

    label: str  # the first name given, e.g. "List 3": part of each contact's identity
    names: tuple[Pattern, ...]
    mapping: Mapping

    def reads(self, sheet_name: str) -> bool:
        return any(p.matches(sheet_name) for p in self.names)


@dataclass
class Mapping:
    name: str = "canonical"
    agency: str | None = None
    sector: str | None = None
    encoding: str = "auto"
    delimiter: str = "auto"
    sheets: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    columns: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    kinds: list[tuple[Pattern, str]] = field(default_factory=list)
    default_kind: str | None = None
    tags: list[tuple[Pattern, tuple[str, ...]]] = field(default_factory=list)
    summary_tags: list[tuple[Pattern, tuple[str, ...]]] = field(default_factory=list)
    agencies: list[tuple[Pattern, str]] = field(default_factory=list)  # "" = not an agency
    events: list[EventSpec] = field(default_factory=list)
    description: str = ""
    # Dated elements of the format the profile leaves out, each with the reason (`[profile] skips`).
    skips: dict[str, str] = field(default_factory=dict)
    format: str = "table"
    subject_scheme: str | None = None  # subjects are resolved as `scheme:value`, e.g. la:CH001234
    subject_role: str | None = None  # what an unresolved subject is (an Annex A subject is a child)
    aliases: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    precisions: list[tuple[Pattern, str]] = field(default_factory=list)
    sheet_specs: list[SheetSpec] = field(default_factory=list)
    label: str = ""  # the [[sheets]] label of a per-sheet mapping
    # `[roles]`: what `other_agencies` is on each kind (importers/roles.py gives the defaults).
    roles: dict[str, str] = field(default_factory=dict)
    # `[source] subjects_optional = true`: a row about no one is imported (and counted), not rejected.
    subjects_optional: bool = False
    # A mapping file says what *this* file holds: every column, sheet and event date it names must be
    # there, once (importers/header_check.py). A built-in profile describes a published layout whose
    # lists and columns are optional and whose headers vary, so it is not held to that.
    headers_checked: bool = False

    @classmethod
    def canonical(cls) -> Mapping:
        """The mapping used without --map: the canonical field names as headers."""
        return cls(columns=_CANONICAL_COLUMNS)

    @property
    def reads_canonical_headers(self) -> bool:
        """Whether the file's headers are the canonical field names (no `[columns]` of its own)."""
        return self.columns is _CANONICAL_COLUMNS

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_MAPPING_BYTES + 1)
        except FileNotFoundError:
            raise MappingError(f"mapping file {path} not found; check the --map path") from None
        if len(raw) > MAX_MAPPING_BYTES:
            raise MappingError(f"mapping file {path.name} is larger than {MAX_MAPPING_BYTES // 1024:,} KB; "
                               "a mapping is a few lines of TOML: check the --map path")  # fmt: skip
        try:
            data = tomllib.loads(raw.decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise MappingError(
                f"mapping file {path.name} is not valid TOML ({error}); fix it and retry"
            ) from None
        except RecursionError:  # tomllib reads nested arrays and inline tables recursively
            raise MappingError(f"mapping file {path.name} nests arrays or tables too deeply to read; "
                               "a mapping needs two or three levels at most") from None  # fmt: skip
        mapping = cls.from_dict(data, path.stem)
        # A mapping of [source] alone reads the canonical headers, of which a file holds any it needs.
        for held in (mapping, *(spec.mapping for spec in mapping.sheet_specs)):
            held.headers_checked = not held.reads_canonical_headers
        return mapping

    @classmethod
    def from_dict(cls, data: dict[str, Any], name: str, context: str = "") -> Mapping:
        ctx = context or f"mapping {name}"
        allowed = {"source", "columns", "kinds", "tags", "summary_tags", "agencies", "events", "profile",
                   "sheets", "aliases", "date_precision", "roles"}  # fmt: skip
        unknown = set(data) - allowed
        if unknown:
            raise MappingError(f"{ctx}: unknown table [{sorted(unknown)[0]}]; see the mapping format in docs")
        source = table_of(data, "source", ctx)
        mapping = cls(name=name)
        profile = table_of(data, "profile", ctx)
        mapping.description = str(profile.get("description", ""))
        skips = profile.get("skips", {})
        if not isinstance(skips, dict) or not all(isinstance(v, str) for v in skips.values()):
            raise MappingError(f'{ctx}: [profile] skips must be a table of element = "reason"')
        mapping.skips = {str(k): v for k, v in skips.items()}
        if "agency" in source:
            mapping.agency = agency_name(source["agency"], f"{ctx}: [source] agency")
        if "sector" in source:
            if source["sector"] not in SECTORS:
                raise MappingError(f"{ctx}: [source] sector must be one of {', '.join(SECTORS)}")
            mapping.sector = source["sector"]
        mapping.encoding = encoding_name(source.get("encoding", "auto"), f"{ctx}: [source] encoding")
        mapping.delimiter = str(source.get("delimiter", "auto"))
        if mapping.delimiter not in ("auto", ",", ";", "\t", "|"):
            raise MappingError(f'{ctx}: [source] delimiter must be auto, ",", ";", "\\t" or "|"')
        mapping.sheets = texts_of(source.get("sheet", ()), f"{ctx}: [source] sheet")
        mapping.date_formats = texts_of(source.get("date_format", ()), f"{ctx}: [source] date_format")
        mapping.format = str(source.get("format", "table"))
        if mapping.format not in FORMATS:
            raise MappingError(f"{ctx}: [source] format must be one of {', '.join(FORMATS)}")
        if "subject_scheme" in source:
            scheme = source["subject_scheme"]
            if not isinstance(scheme, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", scheme):
                raise MappingError(f"{ctx}: [source] subject_scheme must be a word such as la, nhs or tpp")
            mapping.subject_scheme = scheme.lower()
        if "subjects_optional" in source:
            if not isinstance(source["subjects_optional"], bool):
                raise MappingError(f"{ctx}: [source] subjects_optional must be true or false")
            mapping.subjects_optional = source["subjects_optional"]
        if "subject_role" in source:
            if source["subject_role"] not in ROLES:
                raise MappingError(f"{ctx}: [source] subject_role must be child or adult")
            mapping.subject_role = source["subject_role"]
        for key, value in table_of(data, "columns", ctx).items():
            if key not in FIELDS:
                raise MappingError(f"{ctx}: [columns] {key} is not a canonical field ({', '.join(FIELDS)})")
            mapping.columns[key] = patterns_of(value, f"{ctx}: [columns] {key}")
        for key, value in table_of(data, "kinds", ctx).items():
            where = f"{ctx}: [kinds] {key!r}"
            canonical = kind_name(value, where)
            if key == "default":
                mapping.default_kind = canonical
            else:
                mapping.kinds.append((Pattern.parse(key, where), canonical))
        for table in ("tags", "summary_tags"):
            for key, value in table_of(data, table, ctx).items():
                where = f"{ctx}: [{table}] {key!r}"
                tags = tuple(tag(t) for t in texts_of(value, where))
                getattr(mapping, table).append((Pattern.parse(key, where), tags))
        for key, value in table_of(data, "agencies", ctx).items():
            where = f"{ctx}: [agencies] {key!r}"
            # "" maps a value to no agency at all (a member of the public, an anonymous caller).
            code = "" if value == "" else agency_name(value, where)
            mapping.agencies.append((Pattern.parse(key, where), code))
        for key, value in table_of(data, "roles", ctx).items():
            where = f"{ctx}: [roles] {key}"
            kind_name(key, f"{ctx}: [roles] key")
            if value not in ROLE_NAMES:
                raise MappingError(f"{where} = {value!r}: other_agencies is one of {', '.join(ROLE_NAMES)}")
            mapping.roles[key] = value
        for key, value in table_of(data, "aliases", ctx).items():
            mapping.aliases[key] = patterns_of(value, f"{ctx}: [aliases] {key!r}")
        for key, value in table_of(data, "date_precision", ctx).items():
            where = f"{ctx}: [date_precision] {key!r}"
            if value not in PRECISION_WORDS:
                raise MappingError(f"{where} must be one of {', '.join(PRECISION_WORDS)}")
            mapping.precisions.append((Pattern.parse(key, where), value))
        if "date_precision" in mapping.columns and not mapping.precisions:
            raise MappingError(f"{ctx}: a date_precision column needs a [date_precision] table of its values")
        events = data.get("events", [])
        if not isinstance(events, list):
            raise MappingError(f"{ctx}: events must be written as [[events]] tables")
        mapping.events = [
            event_spec(spec, f"{ctx}: [[events]] #{n}", mapping.aliases) for n, spec in enumerate(events, 1)
        ]
        sheets = data.get("sheets", [])
        if not isinstance(sheets, list) or not all(isinstance(s, dict) for s in sheets):
            raise MappingError(f"{ctx}: sheets must be written as [[sheets]] tables")
        if sheets and (events or context):
            raise MappingError(f"{ctx}: [[events]] go inside each [[sheets]] table, and sheets do not nest")
        mapping.sheet_specs = [_sheet(spec, data, name, ctx) for spec in sheets]
        if mapping.format == "cin-census" and not mapping.sheet_specs and not context:
            raise MappingError(
                f"{ctx}: format cin-census needs a [[sheets]] table per record, e.g. Section47"
            )
        if "columns" not in data and not mapping.events and not mapping.sheet_specs:
            # Only [source] (an encoding, a date format, a sheet): the file has the canonical headers.
            mapping.columns = _CANONICAL_COLUMNS
        if "date" not in mapping.columns and not mapping.events and not mapping.sheet_specs:
            raise MappingError(f"{ctx}: [columns] needs a date column (or [[events]] tables)")
        return mapping

    def header_hints(self) -> tuple[Pattern, ...]:
        """Headers that mark the header row: the date column, or the date of any [[events]] table."""
        return self.columns.get("date", ()) or tuple(p for e in self.events for p in e.date)

    def sheet_spec(self, sheet_name: str) -> SheetSpec | None:
        """The first [[sheets]] table that reads a sheet of this name."""
        return next((spec for spec in self.sheet_specs if spec.reads(sheet_name)), None)

    def kind_of(self, value: str) -> str | None:
        for pattern, canonical in self.kinds:
            if pattern.matches(value):
                return canonical
        try:
            return kind(value)
        except InvalidValue:
            return self.default_kind

    def tags_for(self, value: str) -> tuple[str, ...]:
        return tuple(t for pattern, tags in self.tags if pattern.matches(value) for t in tags)

    def tags_for_summary(self, summary: str) -> tuple[str, ...]:
        return tuple(t for pattern, tags in self.summary_tags if pattern.matches(summary) for t in tags)

    def agency_codes(self) -> list[tuple[str, str]]:
        """(where, code) of every agency code the mapping itself names, its [[sheets]] tables' too."""
        found = [("[source] agency", self.agency)] if self.agency else []
        found += [(f"[agencies] {p.text!r}", code) for p, code in self.agencies if code]
        for n, event in enumerate(self.events, 1):
            where = f"[[events]] #{n}"
            found += [(f"{where} recipients", c) for c in event.recipients]
            found += [(f"{where} participants", c) for c in event.participants]
            found += [(f"{where} sender", event.sender)] if event.sender else []
        for spec in self.sheet_specs:
            found += [
                (f"[[sheets]] {spec.label!r} {where}", code) for where, code in spec.mapping.agency_codes()
            ]
        return list(dict.fromkeys(found))

    def agency_of(self, value: str) -> str | None:
        for pattern, code in self.agencies:
            if pattern.matches(value):
                return code
        return None


_CANONICAL_COLUMNS: dict[str, tuple[Pattern, ...]] = {
    name: (Pattern(name),) for name in FIELDS if name not in ("agency", "date_precision")
}


# Tables a [[sheets]] table may hold; its entries come first, then the profile's own for the same table.
_SHEET_TABLES = ("columns", "kinds", "tags", "summary_tags", "agencies", "aliases", "date_precision", "roles")


def _sheet(spec: dict[str, Any], data: dict[str, Any], name: str, ctx: str) -> SheetSpec:
    names = texts_of(spec.get("name", ()), f"{ctx}: [[sheets]] name")
    if not names:
        raise MappingError(f"{ctx}: every [[sheets]] table needs a name (the sheet name, or a /regex/)")
    label = names[0]
    where = f"{ctx}, [[sheets]] {label!r}"
    unknown = set(spec) - {"name", "events", *_SHEET_TABLES}
    if unknown:
        raise MappingError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    merged: dict[str, Any] = {"source": data.get("source", {}), "events": spec.get("events", [])}
    for table in _SHEET_TABLES:
        own, inherited = table_of(spec, table, where), table_of(data, table, ctx)
        merged[table] = {**own, **{k: v for k, v in inherited.items() if k not in own}}
    mapping = Mapping.from_dict(merged, name, context=where)
    mapping.label = label
    return SheetSpec(label, tuple(Pattern.parse(n, f"{where} name") for n in names), mapping)
