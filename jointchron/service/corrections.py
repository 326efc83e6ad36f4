"""Corrections as events: amend, withdraw and reinstate a contact, and show its every version.

Nothing is ever deleted: a correction is a new event with a reason and an author, a withdrawn
contact leaves the chronology but stays in its history (and in `--include-withdrawn`), and the
read models (so the chronology, the knowledge view and the gaps) follow on the next read.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from jointchron.domain.contact import (
    AMENDABLE,
    Contact,
    ContactAmended,
    ContactContent,
    ContactNoLongerPresent,
    ContactReappeared,
    ContactRecorded,
    ContactReinstated,
    ContactWithdrawn,
    Source,
)
from jointchron.domain.contact_details import holds_contact_details
from jointchron.domain.dates import FuzzyDate
from jointchron.domain.errors import InvalidDate, InvalidValue, NotFound
from jointchron.domain.register import Register
from jointchron.domain.vocabulary import agency_code, kind, tag
from jointchron.projections.chronology import pseudonymiser
from jointchron.projections.contact_ids import contact_ids_starting_with, entry_of_contact, others_in_entry
from jointchron.projections.extracts import extract_versions
from jointchron.projections.people import register
from jointchron.projections.privacy import Pseudonymiser
from jointchron.service.agencies import book_of
from jointchron.service.users import author

if TYPE_CHECKING:
    from jointchron.projections.panel import Panel
    from jointchron.service.application import ReviewApplication

LIST_FIELDS = ("tags", "subjects", "participants", "recipients")
AGENCY_FIELDS = ("participants", "recipients", "sender")
TEXT_FIELDS = ("summary", "detail", "practitioner", "reference", "outcome")
_ID_PREFIX = re.compile(r"^[0-9a-f-]{8,36}$")


@dataclass(frozen=True)
class Correction:
    contact_id: uuid.UUID
    agency: str
    version: int
    fields: tuple[str, ...]
    others_in_entry: tuple[str, ...]  # the other contacts merged into the same joint entry


class Corrections:
    """A mixin of `Store` (review_store.py), so that the CLI and the Python API call the same methods."""

    if TYPE_CHECKING:

        @property
        def app(self) -> ReviewApplication: ...
        def views(self) -> duckdb.DuckDBPyConnection: ...
        def release_views(self) -> None: ...
        def panel(self) -> Panel: ...

    def amend(self, contact: str, settings: Sequence[str], reason: str, by: str | None = None) -> Correction:
        """Amends a contact (`jointchron amend`): `settings` such as `date=11/03/2019`, a new version."""
        return amend(self, contact, settings, reason, by)

    def withdraw(self, contact: str, reason: str, by: str | None = None) -> Correction:
        """Withdraws a contact from the chronology (`jointchron withdraw`); nothing is deleted."""
        return withdraw(self, contact, reason, by)

    def reinstate(self, contact: str, reason: str, by: str | None = None) -> Correction:
        """Brings a withdrawn contact back into the chronology (`jointchron reinstate`)."""
        return reinstate(self, contact, reason, by)

    def history(self, contact: str, named: bool = False) -> list[dict[str, Any]]:
        """Every version of a contact and the panel's work on it (`jointchron history`)."""
        return history(self, contact, named)


def resolve_contact_id(store: Corrections, text: str) -> uuid.UUID:
    """A contact id from a contact id, a joint entry id (the id of its first contact) or a unique prefix."""
    given = text.strip().lower()
    not_found = NotFound(
        f"no contact has id {text.strip()[:40]}; copy an id (or contact_id) from `jointchron chronology --format json`"
    )
    try:
        return uuid.UUID(given)
    except ValueError:
        pass
    if not _ID_PREFIX.match(given):
        raise not_found
    rows = contact_ids_starting_with(store.views(), given, limit=2)
    found = set(rows)
    if len(found) > 1:
        raise InvalidValue(f"more than one contact id starts with {given}; give more of the id")
    if not found:
        raise not_found
    return uuid.UUID(found.pop())


def parse_changes(settings: Sequence[str], held: ContactContent, people: Register) -> dict[str, Any]:
    """`FIELD=VALUE` settings as the changes `ReviewApplication.amend_contact` takes.

    Dates are UK dates (`16/10/2019`, `Oct 2019`, `between 01/10/2019 and 15/10/2019`); list fields
    are `;`-separated; subjects are resolved against the people register; kinds and agency codes
    are checked against the vocabulary.
    """
    given: dict[str, str] = {}
    for setting in settings:
        name, equals, value = setting.partition("=")
        name = name.strip().lower()
        if not equals or not name:
            raise InvalidValue(f"--set takes FIELD=VALUE, e.g. --set kind=concern; got {setting[:40]!r}")
        if name in given:
            raise InvalidValue(f"--set {name} is given twice; give each field once")
        given[name] = value
    changes: dict[str, Any] = {}
    # The date first: a time or end date given with it applies to the corrected date.
    for name, value in sorted(given.items(), key=lambda item: item[0] not in ("date", "precision")):
        if name == "agency":
            raise InvalidValue(
                "the recording agency cannot be amended; withdraw the contact and import it for the right agency"
            )
        if name not in AMENDABLE:
            raise InvalidValue(f"cannot amend {name!r}; fields: {', '.join(sorted(AMENDABLE))}")
        changes.update(_parse(name, value.strip(), held, people))
    _check_date(held, changes)
    return changes


def _parse(name: str, value: str, held: ContactContent, people: Register) -> dict[str, Any]:
    try:
        if name == "date":
            date = FuzzyDate.parse(value)
            time = date.time_text()
            if time is None and date.precision == "day":
                time = held.time  # correcting the day keeps the time of day, unless a new one is given
            return {
                "date": date.earliest,
                "end_date": date.latest if date.latest != date.earliest else None,
                "precision": date.precision,
                "time": time,
            }
        if name == "end_date":
            if not value:
                return {"end_date": None, "precision": "day"}
            return {"end_date": FuzzyDate.parse(value).latest, "precision": "range", "time": None}
        if name == "recorded":
            return {"recorded": FuzzyDate.parse(value).earliest if value else None}
        if name == "time":
            if not value:
                return {"time": None}
            clock = FuzzyDate.parse(f"01/01/2000 {value}").time
            if clock is None:
                return {"time": None}
            return {"time": f"{clock:%H:%M}"}
    except InvalidDate as error:
        raise InvalidValue(f"--set {name}: {error}") from None
    items = [item.strip() for item in value.split(";") if item.strip()]
    if name == "kind":
        return {"kind": kind(value)}
    if name == "tags":
        if any(holds_contact_details(t) for t in items):
            raise InvalidValue("--set tags: a tag holds an e-mail address or a telephone number; keep contact "
                               "details out of tags (a tag is shown in every output)")  # fmt: skip
        return {"tags": tuple(dict.fromkeys(tag(t) for t in items if tag(t)))}
    if name == "subjects":
        return {
            "subjects": tuple(dict.fromkeys(_subject(people, item, n) for n, item in enumerate(items, 1)))
        }
    if name in ("participants", "recipients"):
        return {name: tuple(dict.fromkeys(agency_code(item) for item in items))}
    if name == "sender":
        return {"sender": agency_code(value) if value else held.agency}
    return {name: value}


def _subject(people: Register, text: str, number: int) -> str:
    found = people.resolve(text)
    if found is None:
        why = "matches more than one person" if people.is_ambiguous(text) else "matches no one"
        # The text itself is a person's name: it stays out of the message.
        raise InvalidValue(
            f"subject {number} of --set subjects {why} in the register; give a pseudonym or person_id"
        )
    return str(found)


def _check_date(held: ContactContent, changes: dict[str, Any]) -> None:
    merged = {**held.model_dump(), **changes}
    try:
        FuzzyDate.from_dict(
            {
                "date": merged["date"].isoformat(),
                "end_date": merged["end_date"].isoformat() if merged["end_date"] else None,
                "precision": merged["precision"],
                "time": merged["time"],
            }
        )
    except InvalidDate as error:
        raise InvalidValue(f"the corrected date is not consistent: {error}") from None


def amend(
    store: Corrections, contact: str, settings: Sequence[str], reason: str, by: str | None = None
) -> Correction:
    """Corrects fields of one contact; returns what was done."""
    cid = resolve_contact_id(store, contact)
    held = store.app.contact(cid)
    changes = parse_changes(settings, held.content, register(store.views()))
    codes = {c for f in AGENCY_FIELDS for c in _codes(changes.get(f))}
    if codes:
        book = book_of(store.views())
        known = [book.require(c, f"--set {next(f for f in AGENCY_FIELDS if c in _codes(changes.get(f)))}")
                 for c in sorted(codes)]  # fmt: skip
        store.app.register_agencies(known)
    version = store.app.amend_contact(cid, changes, _reason(reason), author(by))
    last = store.app.history(cid)[-1]
    fields = tuple(last.changes) if isinstance(last, ContactAmended) else ()
    return Correction(cid, held.content.agency, version, fields, _others_in_entry(store, cid))


def withdraw(store: Corrections, contact: str, reason: str, by: str | None = None) -> Correction:
    cid = resolve_contact_id(store, contact)
    held = store.app.contact(cid)
    version = store.app.withdraw_contact(cid, _reason(reason), author(by))
    return Correction(cid, held.content.agency, version, (), _others_in_entry(store, cid))


def reinstate(store: Corrections, contact: str, reason: str, by: str | None = None) -> Correction:
    cid = resolve_contact_id(store, contact)
    held = store.app.contact(cid)
    version = store.app.reinstate_contact(cid, _reason(reason), author(by))
    return Correction(cid, held.content.agency, version, (), _others_in_entry(store, cid))


def _codes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _reason(reason: str) -> str:
    if not reason.strip():
        raise InvalidValue("say why: --reason 'what was wrong and who confirmed it'")
    return reason.strip()


def _others_in_entry(store: Corrections, cid: uuid.UUID) -> tuple[str, ...]:
    return others_in_entry(store.views(), str(cid))


def history(store: Corrections, contact: str, named: bool = False) -> list[dict[str, Any]]:
    """Every version of one contact: what changed, who, when, why, and which extract it came from."""
    cid = resolve_contact_id(store, contact)
    events = store.app.history(cid)
    if not isinstance(events[0], ContactRecorded):
        raise NotFound(f"{cid} is not a contact; copy an id from `jointchron chronology --format json`")
    views = store.views()
    privacy = pseudonymiser(views, named=named)
    extracts = _extracts(store)
    versions: list[dict[str, Any]] = []
    state: Contact | None = None
    for event in events:
        before = state
        state = Contact.apply(state, event)
        entry: dict[str, Any] = {
            "version": event.originator_version,
            "event": _EVENT_NAMES.get(type(event).__name__, type(event).__name__),
            "at": event.timestamp.isoformat(timespec="seconds"),
            "by": "",
            "reason": "",
            "source": None,
            "changes": {},
            "withdrawn": state.withdrawn,
        }
        if isinstance(event, ContactRecorded):
            entry["source"] = _source(event.source, extracts, privacy)
            entry["by"] = entry["source"]["imported_by"]
            entry["reason"] = f"imported from {privacy.text(event.source.file)}"
            entry["changes"] = {
                name: _shown(name, value, privacy)
                for name, value in event.content.model_dump(mode="json").items()
                if value not in (None, "", [], ())
            }
        elif isinstance(event, ContactAmended):
            assert before is not None
            old = before.content.model_dump(mode="json")
            entry["by"], entry["reason"] = privacy.text(event.by), privacy.text(event.reason)
            entry["source"] = _source(event.source, extracts, privacy) if event.source else None
            entry["changes"] = {
                name: {"from": _shown(name, old.get(name), privacy), "to": _shown(name, value, privacy)}
                for name, value in event.changes.items()
            }
        elif isinstance(event, ContactWithdrawn | ContactReinstated):
            entry["by"], entry["reason"] = privacy.text(event.by), privacy.text(event.reason)
        elif isinstance(event, ContactReappeared):
            entry["source"] = _source(event.source, extracts, privacy)
            entry["by"] = entry["source"]["imported_by"]
            entry["reason"] = f"in the extract {entry['source']['file']} again"
        elif isinstance(event, ContactNoLongerPresent):
            extract = extracts.get(str(event.extract_id), {})
            entry["by"] = extract.get("imported_by", "")
            entry["reason"] = f"not in the revised extract {privacy.text(extract.get('file', ''))}".strip()
        versions.append(entry)
    return versions + panel_history(store, cid, privacy)


def panel_history(store: Corrections, cid: uuid.UUID, privacy: Pseudonymiser) -> list[dict[str, Any]]:
    """The panel's notes and marks on the entry this contact is in, withdrawn notes too (they stay)."""
    from jointchron.projections.panel import shown_by

    panel = store.panel()
    entry = entry_of_contact(store.views(), str(cid)) or str(cid)
    found: list[dict[str, Any]] = []
    for note in panel.notes.values():
        if note.about_kind == "entry" and panel.entry(note.about) == entry:
            gone = note.withdrawn
            found.append({"version": None, "event": "panel note", "at": note.at[:19], "by": shown_by(note.by, privacy),
                          "reason": privacy.text(note.text), "source": None, "changes": {},
                          "withdrawn": gone is not None, "note_id": note.id,
                          "withdrawn_reason": privacy.text(gone.reason) if gone else None})  # fmt: skip
    for mark in panel.mark_history:
        if panel.entry(mark.entry) == entry:
            said = "significant" if mark.significant else "not significant"
            found.append({"version": None, "event": "panel mark", "at": mark.at[:19], "by": shown_by(mark.by, privacy),
                          "reason": f"{said}: {privacy.text(mark.reason)}".rstrip(": "), "source": None,
                          "changes": {}, "withdrawn": False})  # fmt: skip
    return sorted(found, key=lambda v: str(v["at"]))


_EVENT_NAMES = {
    "ContactRecorded": "recorded",
    "ContactAmended": "amended",
    "ContactWithdrawn": "withdrawn",
    "ContactReinstated": "reinstated",
    "ContactNoLongerPresent": "no_longer_present",
    "ContactReappeared": "reappeared",
}


def _shown(name: str, value: Any, privacy: Pseudonymiser) -> Any:
    if name == "subjects" and isinstance(value, list | tuple):
        return [privacy.person(str(v)) for v in value]
    if name == "tags" and isinstance(value, list | tuple):
        return privacy.tags(str(v) for v in value)
    if name in TEXT_FIELDS and isinstance(value, str):
        return privacy.text(value)
    return value


def _extracts(store: Corrections) -> dict[str, dict[str, Any]]:
    return extract_versions(store.views())


def _source(source: Source, extracts: dict[str, dict[str, Any]], privacy: Pseudonymiser) -> dict[str, Any]:
    extract = extracts.get(str(source.extract_id), {})
    imported_at = extract.get("imported_at")
    return {
        "extract_id": str(source.extract_id),
        "file": privacy.text(source.file),
        "sheet": privacy.text(source.sheet) if source.sheet else None,
        "row": source.row,
        "sha256": extract.get("sha256", ""),
        "profile": extract.get("profile", ""),
        "imported_by": extract.get("imported_by", ""),
        "imported_at": imported_at.isoformat(timespec="seconds") if imported_at is not None else None,
    }
