"""Mapping files: how an agency's columns and values become the canonical contact (DESIGN §6).

A header or value pattern is either exact text (compared without case and with runs of
spaces collapsed) or `/regex/` with optional `i` flag, searched anywhere in the text.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jointchron.domain.errors import InvalidValue
from jointchron.domain.vocabulary import KINDS, ROLES, SECTORS, agency_code, kind, tag
from jointchron.importers.errors import MappingError
from jointchron.importers.safe_regex import SafeRegex
from jointchron.importers.templates import template_names

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


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True)
class Pattern:
    """Exact text (any case, any spacing) or a `/regex/i`."""

    text: str
    regex: SafeRegex | None = None  # matched by RE2, in time linear in the text (importers/safe_regex.py)

    @classmethod
    def parse(cls, text: str, where: str) -> Pattern:
        match = re.fullmatch(r"/(.*)/([imsx]*)", text, re.S)
        if match is None:
            return cls(text)
        return cls(text, SafeRegex(match.group(1), match.group(2), where))

    def matches(self, value: str) -> bool:
        if self.regex is not None:
            return self.regex.search(value)
        return normalise(value) == normalise(self.text)


@dataclass(frozen=True)
class TagRule:
    """Extra tags when a column is filled, or (with `value`) when its text matches."""

    column: tuple[Pattern, ...]
    tags: tuple[str, ...]
    value: Pattern | None = None


@dataclass(frozen=True)
class EventSpec:
    """One dated event read from a wide row (`[[events]]`)."""

    date: tuple[Pattern, ...]
    kind: str
    summary: str = ""  # a template: `{Column}` is that column's text (empty when absent)
    time: tuple[Pattern, ...] = ()
    tags: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    sender: str | None = None
    # a column that must be filled (or match `when_value`) for the event to exist
    when: tuple[Pattern, ...] = ()
    when_value: Pattern | None = None
    tags_when: tuple[TagRule, ...] = ()
    # `sender = "{Column}"` and `recipients`/`participants` entries in braces: agencies read from a column
    sender_column: tuple[Pattern, ...] = ()
    recipient_columns: tuple[tuple[Pattern, ...], ...] = ()
    participant_columns: tuple[tuple[Pattern, ...], ...] = ()
    # `{name}` in the summary -> the header patterns of that column
    placeholders: dict[str, tuple[Pattern, ...]] = field(default_factory=dict, compare=False, hash=False)


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
        source = _table(data, "source", ctx)
        mapping = cls(name=name)
        profile = _table(data, "profile", ctx)
        mapping.description = str(profile.get("description", ""))
        skips = profile.get("skips", {})
        if not isinstance(skips, dict) or not all(isinstance(v, str) for v in skips.values()):
            raise MappingError(f'{ctx}: [profile] skips must be a table of element = "reason"')
        mapping.skips = {str(k): v for k, v in skips.items()}
        if "agency" in source:
            mapping.agency = _agency(source["agency"], f"{ctx}: [source] agency")
        if "sector" in source:
            if source["sector"] not in SECTORS:
                raise MappingError(f"{ctx}: [source] sector must be one of {', '.join(SECTORS)}")
            mapping.sector = source["sector"]
        mapping.encoding = _encoding(source.get("encoding", "auto"), f"{ctx}: [source] encoding")
        mapping.delimiter = str(source.get("delimiter", "auto"))
        if mapping.delimiter not in ("auto", ",", ";", "\t", "|"):
            raise MappingError(f'{ctx}: [source] delimiter must be auto, ",", ";", "\\t" or "|"')
        mapping.sheets = _strings(source.get("sheet", ()), f"{ctx}: [source] sheet")
        mapping.date_formats = _strings(source.get("date_format", ()), f"{ctx}: [source] date_format")
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
        for key, value in _table(data, "columns", ctx).items():
            if key not in FIELDS:
                raise MappingError(f"{ctx}: [columns] {key} is not a canonical field ({', '.join(FIELDS)})")
            mapping.columns[key] = _patterns(value, f"{ctx}: [columns] {key}")
        for key, value in _table(data, "kinds", ctx).items():
            where = f"{ctx}: [kinds] {key!r}"
            canonical = _kind(value, where)
            if key == "default":
                mapping.default_kind = canonical
            else:
                mapping.kinds.append((Pattern.parse(key, where), canonical))
        for table in ("tags", "summary_tags"):
            for key, value in _table(data, table, ctx).items():
                where = f"{ctx}: [{table}] {key!r}"
                tags = tuple(tag(t) for t in _strings(value, where))
                getattr(mapping, table).append((Pattern.parse(key, where), tags))
        for key, value in _table(data, "agencies", ctx).items():
            where = f"{ctx}: [agencies] {key!r}"
            # "" maps a value to no agency at all (a member of the public, an anonymous caller).
            code = "" if value == "" else _agency(value, where)
            mapping.agencies.append((Pattern.parse(key, where), code))
        for key, value in _table(data, "roles", ctx).items():
            where = f"{ctx}: [roles] {key}"
            _kind(key, where)
            if value not in ROLE_NAMES:
                raise MappingError(f"{where} = {value!r}: other_agencies is one of {', '.join(ROLE_NAMES)}")
            mapping.roles[key] = value
        for key, value in _table(data, "aliases", ctx).items():
            mapping.aliases[key] = _patterns(value, f"{ctx}: [aliases] {key!r}")
        for key, value in _table(data, "date_precision", ctx).items():
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
            _event(spec, f"{ctx}: [[events]] #{n}", mapping.aliases) for n, spec in enumerate(events, 1)
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


def _encoding(value: Any, where: str) -> str:
    """`auto`, or the name of a character set Python can decode text with (not a codec such as rot13 or zlib)."""
    name = str(value).strip()
    if name.lower() == "auto":
        return "auto"
    try:
        codecs.lookup(name)
        # Text encodings only: rot13 turns text into text, base64 and zlib bytes into bytes.
        "a".encode(name).decode(name)
    except (LookupError, UnicodeError, ValueError):
        raise MappingError(f"{where} {name!r} is not a character set a text file can be written in; "
                           "use auto, utf-8, utf-16, cp1252 or latin-1") from None  # fmt: skip
    return name


def _table(data: dict[str, Any], key: str, ctx: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"{ctx}: [{key}] must be a table of key = value lines")
    return value


def _patterns(value: Any, where: str) -> tuple[Pattern, ...]:
    return tuple(Pattern.parse(p, where) for p in _strings(value, where))


def _column_ref(value: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]) -> tuple[Pattern, ...]:
    """Header patterns for a column named in an event: an [aliases] name, or header text / `/regex/`."""
    found: list[Pattern] = []
    for text in _strings(value, where):
        found += aliases.get(text, (Pattern.parse(text, where),))
    return tuple(found)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise MappingError(f"{where} must be text or a list of text")


def _kind(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in KINDS:
        raise MappingError(f"{where} = {value!r} is not a kind; use one of: {', '.join(KINDS)}")
    return value


def _agency(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise MappingError(f"{where} must be an agency code such as police or csc")
    try:
        return agency_code(value)
    except InvalidValue as error:
        raise MappingError(f"{where}: {error}") from None


def _event(spec: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]) -> EventSpec:
    if not isinstance(spec, dict) or "date" not in spec or "kind" not in spec:
        raise MappingError(f"{where} needs date (a column) and kind")
    unknown = set(spec) - {"date", "time", "kind", "summary", "tags", "recipients", "participants", "sender",
                           "when", "when_value", "tags_when"}  # fmt: skip
    if unknown:
        raise MappingError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    when_value = spec.get("when_value")
    if when_value is not None and "when" not in spec:
        raise MappingError(f"{where}: when_value needs when (the column it is compared with)")
    summary = spec.get("summary", "")
    if not isinstance(summary, str):
        raise MappingError(f'{where} summary must be text, e.g. "Referral from {{Referral Source}}"')
    recipients = _agency_refs(spec.get("recipients", ()), f"{where} recipients", aliases)
    participants = _agency_refs(spec.get("participants", ()), f"{where} participants", aliases)
    sender = _agency_refs(spec.get("sender", ()), f"{where} sender", aliases)
    if len(sender[0]) + len(sender[1]) > 1:
        raise MappingError(f"{where} sender is one agency code or one {{Column}}")
    rules = spec.get("tags_when", [])
    if not isinstance(rules, list):
        raise MappingError(
            f"{where} tags_when must be a list of {{ column = ..., value = ..., tags = [...] }}"
        )
    return EventSpec(
        date=_column_ref(spec["date"], f"{where} date", aliases),
        time=_column_ref(spec.get("time", ()), f"{where} time", aliases),
        kind=_kind(spec["kind"], f"{where} kind"),
        summary=summary,
        tags=tuple(tag(t) for t in _strings(spec.get("tags", ()), f"{where} tags")),
        recipients=recipients[0],
        recipient_columns=recipients[1],
        participants=participants[0],
        participant_columns=participants[1],
        sender=sender[0][0] if sender[0] else None,
        sender_column=sender[1][0] if sender[1] else (),
        when=_column_ref(spec.get("when", ()), f"{where} when", aliases),
        when_value=Pattern.parse(str(when_value), f"{where} when_value") if when_value is not None else None,
        tags_when=tuple(_tag_rule(r, f"{where} tags_when #{n}", aliases) for n, r in enumerate(rules, 1)),
        placeholders=_placeholders(summary, f"{where} summary", aliases),
    )


def _agency_refs(
    value: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]
) -> tuple[tuple[str, ...], tuple[tuple[Pattern, ...], ...]]:
    """Agency codes, and `{Column}` entries naming a column whose text gives the agency."""
    codes: list[str] = []
    columns: list[tuple[Pattern, ...]] = []
    for text in _strings(value, where):
        column = re.fullmatch(r"\{([^{}]+)\}", text.strip())
        if column:
            columns.append(_column_ref(column.group(1).strip(), where, aliases))
        else:
            codes.append(_agency(text, where))
    return tuple(codes), tuple(columns)


def _tag_rule(rule: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]) -> TagRule:
    if not isinstance(rule, dict) or "column" not in rule or "tags" not in rule:
        raise MappingError(f"{where} needs column and tags (and optionally value)")
    unknown = set(rule) - {"column", "value", "tags"}
    if unknown:
        raise MappingError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    value = rule.get("value")
    return TagRule(
        column=_column_ref(rule["column"], f"{where} column", aliases),
        tags=tuple(tag(t) for t in _strings(rule["tags"], f"{where} tags")),
        value=Pattern.parse(str(value), f"{where} value") if value is not None else None,
    )


def _placeholders(
    template: str, where: str, aliases: dict[str, tuple[Pattern, ...]]
) -> dict[str, tuple[Pattern, ...]]:
    """The header patterns of each `{Column}` a summary template names."""
    return {name: _column_ref(name.strip(), where, aliases) for name in template_names(template, where)}


# Tables a [[sheets]] table may hold; its entries come first, then the profile's own for the same table.
_SHEET_TABLES = ("columns", "kinds", "tags", "summary_tags", "agencies", "aliases", "date_precision", "roles")


def _sheet(spec: dict[str, Any], data: dict[str, Any], name: str, ctx: str) -> SheetSpec:
    names = _strings(spec.get("name", ()), f"{ctx}: [[sheets]] name")
    if not names:
        raise MappingError(f"{ctx}: every [[sheets]] table needs a name (the sheet name, or a /regex/)")
    label = names[0]
    where = f"{ctx}, [[sheets]] {label!r}"
    unknown = set(spec) - {"name", "events", *_SHEET_TABLES}
    if unknown:
        raise MappingError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    merged: dict[str, Any] = {"source": data.get("source", {}), "events": spec.get("events", [])}
    for table in _SHEET_TABLES:
        own, inherited = _table(spec, table, where), _table(data, table, ctx)
        merged[table] = {**own, **{k: v for k, v in inherited.items() if k not in own}}
    mapping = Mapping.from_dict(merged, name, context=where)
    mapping.label = label
    return SheetSpec(label, tuple(Pattern.parse(n, f"{where} name") for n in names), mapping)
