"""The values of a mapping file's tables, checked as they are read: one line naming the key if not."""

from __future__ import annotations

import codecs
from typing import Any

from jointchron.domain.errors import InvalidValue
from jointchron.domain.suggest import did_you_mean
from jointchron.domain.vocabulary import KINDS, agency_code
from jointchron.importers.errors import MappingError
from jointchron.importers.patterns import Pattern


def encoding_name(value: Any, where: str) -> str:
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


def table_of(data: dict[str, Any], key: str, ctx: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"{ctx}: [{key}] must be a table of key = value lines")
    return value


def patterns_of(value: Any, where: str) -> tuple[Pattern, ...]:
    return tuple(Pattern.parse(p, where) for p in texts_of(value, where))


def column_ref(value: Any, where: str, aliases: dict[str, tuple[Pattern, ...]]) -> tuple[Pattern, ...]:
    """Header patterns for a column named in an event: an [aliases] name, or header text / `/regex/`."""
    found: list[Pattern] = []
    for text in texts_of(value, where):
        found += aliases.get(text, (Pattern.parse(text, where),))
    return tuple(found)


def texts_of(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise MappingError(f"{where} must be text or a list of text")


def kind_name(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in KINDS:
        hint = did_you_mean(value, KINDS) if isinstance(value, str) else ""
        raise MappingError(f"{where} = {value!r} is not a kind{hint or '.'} Use one of: {', '.join(KINDS)}")
    return value


def agency_name(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise MappingError(f"{where} must be an agency code such as police or csc")
    try:
        return agency_code(value)
    except InvalidValue as error:
        raise MappingError(f"{where}: {error}") from None
