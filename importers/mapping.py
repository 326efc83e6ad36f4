"""Mapping files: how an agency's columns and values become the canonical contact (DESIGN §6).

A header or value pattern is either exact text (compared without case and with runs of
spaces collapsed) or `/regex/` with optional `i` flag, searched anywhere in the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jointchron.domain.errors import InvalidValue
from jointchron.domain.vocabulary import KINDS, SECTORS, agency_code, kind, tag
from jointchron.importers.errors import MappingError

# Canonical fields a mapping may fill (DESIGN §4), plus a separate time column.
FIELDS = (
    "date", "time", "end_date", "recorded", "agency", "kind", "tags", "subjects", "participants",
    "recipients", "sender", "other_agencies", "summary", "detail", "practitioner", "reference", "outcome",
)  # fmt: skip
LIST_FIELDS = frozenset({"tags", "subjects", "participants", "recipients", "other_agencies"})


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


@dataclass(frozen=True)
class Pattern:
    """Exact text (any case, any spacing) or a `/regex/i`."""

    text: str
    regex: re.Pattern[str] | None = None

    @classmethod
    def parse(cls, text: str, where: str) -> Pattern:
        match = re.fullmatch(r"/(.*)/([imsx]*)", text, re.S)
        if match is None:
            return cls(text)
        flags = 0
        for letter in match.group(2):
            flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}[letter]
        try:
            return cls(text, re.compile(match.group(1), flags))
        except re.error as error:
            raise MappingError(f"{where}: {text!r} is not a valid regular expression ({error})") from None

    def matches(self, value: str) -> bool:
        if self.regex is not None:
            return self.regex.search(value) is not None
        return normalise(value) == normalise(self.text)


@dataclass(frozen=True)
class EventSpec:
    """One dated event read from a wide row (`[[events]]`)."""

    date: tuple[Pattern, ...]
    kind: str
    summary: str = ""
    time: tuple[Pattern, ...] = ()
    tags: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    sender: str | None = None
    when: tuple[
        Pattern, ...
    ] = ()  # a column that must be filled (or match `when_value`) for the event to exist
    when_value: Pattern | None = None


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
    agencies: list[tuple[Pattern, str]] = field(default_factory=list)
    events: list[EventSpec] = field(default_factory=list)

    @classmethod
    def canonical(cls) -> Mapping:
        """The mapping used without --map: the canonical field names as headers."""
        return cls(columns={name: (Pattern(name),) for name in FIELDS if name != "agency"})

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise MappingError(f"mapping file {path} not found; check the --map path") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise MappingError(
                f"mapping file {path.name} is not valid TOML ({error}); fix it and retry"
            ) from None
        return cls.from_dict(data, path.stem)

    @classmethod
    def from_dict(cls, data: dict[str, Any], name: str) -> Mapping:
        unknown = set(data) - {
            "source",
            "columns",
            "kinds",
            "tags",
            "summary_tags",
            "agencies",
            "events",
            "profile",
        }
        if unknown:
            raise MappingError(
                f"mapping {name}: unknown table [{sorted(unknown)[0]}]; see the README's mapping format"
            )
        source = _table(data, "source", name)
        mapping = cls(name=name)
        if "agency" in source:
            mapping.agency = _agency(source["agency"], f"mapping {name}: [source] agency")
        if "sector" in source:
            if source["sector"] not in SECTORS:
                raise MappingError(f"mapping {name}: [source] sector must be one of {', '.join(SECTORS)}")
            mapping.sector = source["sector"]
        mapping.encoding = str(source.get("encoding", "auto"))
        mapping.delimiter = str(source.get("delimiter", "auto"))
        if mapping.delimiter not in ("auto", ",", ";", "\t", "|"):
            raise MappingError(f'mapping {name}: [source] delimiter must be auto, ",", ";", "\\t" or "|"')
        mapping.sheets = _strings(source.get("sheet", ()), f"mapping {name}: [source] sheet")
        mapping.date_formats = _strings(
            source.get("date_format", ()), f"mapping {name}: [source] date_format"
        )
        columns = _table(data, "columns", name)
        for key, value in columns.items():
            if key not in FIELDS:
                raise MappingError(
                    f"mapping {name}: [columns] {key} is not a canonical field ({', '.join(FIELDS)})"
                )
            where = f"mapping {name}: [columns] {key}"
            mapping.columns[key] = tuple(Pattern.parse(p, where) for p in _strings(value, where))
        for key, value in _table(data, "kinds", name).items():
            where = f"mapping {name}: [kinds] {key!r}"
            canonical = _kind(value, where)
            if key == "default":
                mapping.default_kind = canonical
            else:
                mapping.kinds.append((Pattern.parse(key, where), canonical))
        for table in ("tags", "summary_tags"):
            for key, value in _table(data, table, name).items():
                where = f"mapping {name}: [{table}] {key!r}"
                tags = tuple(tag(t) for t in _strings(value, where))
                getattr(mapping, table).append((Pattern.parse(key, where), tags))
        for key, value in _table(data, "agencies", name).items():
            where = f"mapping {name}: [agencies] {key!r}"
            mapping.agencies.append((Pattern.parse(key, where), _agency(value, where)))
        events = data.get("events", [])
        if not isinstance(events, list):
            raise MappingError(f"mapping {name}: events must be written as [[events]] tables")
        mapping.events = [
            _event(spec, f"mapping {name}: [[events]] #{n}") for n, spec in enumerate(events, 1)
        ]
        if "date" not in mapping.columns and not mapping.events:
            raise MappingError(f"mapping {name}: [columns] needs a date column (or [[events]] tables)")
        return mapping

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

    def agency_of(self, value: str) -> str | None:
        for pattern, code in self.agencies:
            if pattern.matches(value):
                return code
        return None


def _table(data: dict[str, Any], key: str, name: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"mapping {name}: [{key}] must be a table of key = value lines")
    return value


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


def _event(spec: Any, where: str) -> EventSpec:
    if not isinstance(spec, dict) or "date" not in spec or "kind" not in spec:
        raise MappingError(f"{where} needs date (a column) and kind")
    unknown = set(spec) - {"date", "time", "kind", "summary", "tags", "recipients", "participants", "sender",
                           "when", "when_value"}  # fmt: skip
    if unknown:
        raise MappingError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    when_value = spec.get("when_value")
    return EventSpec(
        date=tuple(Pattern.parse(p, where) for p in _strings(spec["date"], f"{where} date")),
        time=tuple(Pattern.parse(p, where) for p in _strings(spec.get("time", ()), f"{where} time")),
        kind=_kind(spec["kind"], f"{where} kind"),
        summary=str(spec.get("summary", "")),
        tags=tuple(tag(t) for t in _strings(spec.get("tags", ()), f"{where} tags")),
        recipients=tuple(
            _agency(a, f"{where} recipients") for a in _strings(spec.get("recipients", ()), where)
        ),
        participants=tuple(
            _agency(a, f"{where} participants") for a in _strings(spec.get("participants", ()), where)
        ),
        sender=_agency(spec["sender"], f"{where} sender") if "sender" in spec else None,
        when=tuple(Pattern.parse(p, where) for p in _strings(spec.get("when", ()), f"{where} when")),
        when_value=Pattern.parse(str(when_value), where) if when_value is not None else None,
    )
