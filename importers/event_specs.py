"""The `[[events]]` tables of a wide mapping: the dated events each row of a wide file holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jointchron.domain.vocabulary import tag
from jointchron.importers.errors import MappingError
from jointchron.importers.mapping_values import agency_name, column_ref, kind_name, texts_of
from jointchron.importers.patterns import Pattern
from jointchron.importers.templates import template_names


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


def event_spec(spec: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]) -> EventSpec:
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
        date=column_ref(spec["date"], f"{where} date", aliases),
        time=column_ref(spec.get("time", ()), f"{where} time", aliases),
        kind=kind_name(spec["kind"], f"{where} kind"),
        summary=summary,
        tags=tuple(tag(t) for t in texts_of(spec.get("tags", ()), f"{where} tags")),
        recipients=recipients[0],
        recipient_columns=recipients[1],
        participants=participants[0],
        participant_columns=participants[1],
        sender=sender[0][0] if sender[0] else None,
        sender_column=sender[1][0] if sender[1] else (),
        when=column_ref(spec.get("when", ()), f"{where} when", aliases),
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
    for text in texts_of(value, where):
        column = re.fullmatch(r"\{([^{}]+)\}", text.strip())
        if column:
            columns.append(column_ref(column.group(1).strip(), where, aliases))
        else:
            codes.append(agency_name(text, where))
    return tuple(codes), tuple(columns)


def _tag_rule(rule: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]) -> TagRule:
    if not isinstance(rule, dict) or "column" not in rule or "tags" not in rule:
        raise MappingError(f"{where} needs column and tags (and optionally value)")
    unknown = set(rule) - {"column", "value", "tags"}
    if unknown:
        raise MappingError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    value = rule.get("value")
    return TagRule(
        column=column_ref(rule["column"], f"{where} column", aliases),
        tags=tuple(tag(t) for t in texts_of(rule["tags"], f"{where} tags")),
        value=Pattern.parse(str(value), f"{where} value") if value is not None else None,
    )


def _placeholders(
    template: str, where: str, aliases: dict[str, tuple[Pattern, ...]]
) -> dict[str, tuple[Pattern, ...]]:
    """The header patterns of each `{Column}` a summary template names."""
    return {name: column_ref(name.strip(), where, aliases) for name in template_names(template, where)}
