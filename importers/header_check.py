"""A mapping file held to the file it reads: every column, sheet and event date it names is there, once.

A key of `[columns]` names its columns one text at a time (exact text, or a `/regex/`); each must
match exactly one header. An `[[events]]` table's column references list ways of writing one
column, tried in order: the first that matches any header must match exactly one. A `[[sheets]]`
table must read exactly one sheet. Anything else stops the import before a row is read, with one
line naming the key, the header it wanted, the file's headers and the closest of them.
Built-in profiles are not held to this (see `Mapping.headers_checked`). When no row of a file's
first rows holds the column that marks its header row (the mapped date), the row likeliest to be
its header (`likeliest_header`) is held to the mapping, so that the refusal names the key there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jointchron.domain.suggest import did_you_mean
from jointchron.importers.errors import MappingError
from jointchron.importers.mapping import EventSpec, Mapping, Pattern

# Headers listed in a refusal: enough to see the file's layout, never a whole 10,000-column row.
_LISTED = 40


def check_headers(mapping: Mapping, headers: Sequence[str], where: str) -> None:
    """Refuses (MappingError) a mapping file naming a column the headers lack, or hold more than once."""
    if not mapping.headers_checked:
        return
    if not any(headers):
        wanted = next((p.text for p in mapping.header_hints()), "date")
        raise MappingError(f"{where}: no header row with a {wanted!r} column in its first rows, so the columns the "
                           "mapping names cannot be found; check the sheet. Nothing was imported")  # fmt: skip
    for field, patterns in mapping.columns.items():
        for pattern in patterns:
            _exactly_one(f"[columns] {field}", (pattern,), headers, where)
    for n, event in enumerate(mapping.events, 1):
        for key, patterns in _event_columns(event):
            _exactly_one(f"[[events]] #{n} ({event.kind}) {key}", patterns, headers, where)


def header_score(mapping: Mapping, values: Sequence[object]) -> tuple[int, int]:
    """How like the mapping's header row a row is: the columns it names that the row holds, then its texts."""
    texts = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    patterns = [p for ps in mapping.columns.values() for p in ps]
    patterns += [p for event in mapping.events for _, ps in _event_columns(event) for p in ps]
    return sum(1 for p in patterns if any(p.matches(t) for t in texts)), len(texts)


def likeliest_header(mapping: Mapping, rows: Iterable[Sequence[object]]) -> list[str] | None:
    """The headers of the row likeliest to be the header row (the first of the best); None when no row holds
    any column the mapping names (then none is its header row)."""
    best: tuple[tuple[int, int], Sequence[object]] | None = None
    for values in rows:
        score = header_score(mapping, values)
        if score[0] and (best is None or score > best[0]):
            best = (score, values)
    return None if best is None else [v.strip() if isinstance(v, str) else "" for v in best[1]]


def refuse_unfound_header(mapping: Mapping, headers: Sequence[str] | None, where: str) -> None:
    """Refuses a mapping file naming columns the likeliest header row lacks (see the module's docstring)."""
    if mapping.headers_checked and headers:
        check_headers(mapping, headers, where)


def check_sheet_names(mapping: Mapping, names: Sequence[str], file: str) -> None:
    """Refuses a mapping file whose `[[sheets]]` tables do not each read exactly one sheet of the workbook."""
    if not mapping.headers_checked:
        return
    for spec in mapping.sheet_specs:
        read = [name for name in names if spec.reads(name)]
        if len(read) == 1:
            continue
        wanted = " or ".join(_shown(p) for p in spec.names)
        if read:
            problem = f"matches {len(read)} sheets ({_listed(read)}); name one sheet."
        else:
            problem = f"matches no sheet{did_you_mean(spec.names[0].text.strip('/'), names) or '.'}"
        raise MappingError(f"{file}: [[sheets]] name = {wanted} {problem} The workbook's sheets are "
                           f"{_listed(names)}. Fix the mapping and import again; nothing was imported")  # fmt: skip


def _event_columns(event: EventSpec) -> list[tuple[str, tuple[Pattern, ...]]]:
    """Each column an [[events]] table reads, by the key that names it."""
    found = [("date", event.date)]
    found += [("time", event.time)] if event.time else []
    found += [("when", event.when)] if event.when else []
    found += [("sender", event.sender_column)] if event.sender_column else []
    found += [("recipients", c) for c in event.recipient_columns]
    found += [("participants", c) for c in event.participant_columns]
    found += [(f"tags_when #{n} column", rule.column) for n, rule in enumerate(event.tags_when, 1)]
    found += [(f"summary {{{name}}}", patterns) for name, patterns in event.placeholders.items()]
    return found


def _exactly_one(key: str, patterns: tuple[Pattern, ...], headers: Sequence[str], where: str) -> None:
    for pattern in patterns:
        matched = [h for h in headers if h and pattern.matches(h)]
        if len(matched) == 1:
            return
        if matched:
            raise MappingError(f"{where}: {key} = {_shown(pattern)} matches {len(matched)} columns "
                               f"({_listed(matched)}); a mapping names each column once, so write its exact "
                               "header. Fix the mapping and import again; nothing was imported")  # fmt: skip
    wanted = " or ".join(_shown(p) for p in patterns)
    hint = did_you_mean(patterns[0].text.strip("/"), [h for h in headers if h])
    raise MappingError(f"{where}: {key} = {wanted} matches no column{hint or '.'} The file's headers are "
                       f"{_listed(headers)}. Fix the mapping and import again; nothing was imported")  # fmt: skip


def _shown(pattern: Pattern) -> str:
    return f'"{pattern.text}"'


def _listed(values: Sequence[str]) -> str:
    shown = [f'"{v[:60]}"' for v in values if v][:_LISTED]
    more = len([v for v in values if v]) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
