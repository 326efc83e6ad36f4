"""The joint chronology as a panel reads it (DESIGN §8): entries as plain, pseudonymised records."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import duckdb

from jointchron.domain.errors import JointchronError
from jointchron.domain.suggest import did_you_mean
from jointchron.projections.collector import collector_paused
from jointchron.projections.entries import Entry, SourceRecord, joint_entries
from jointchron.projections.knowledge import known_by
from jointchron.projections.panel import Panel, entry_annotations, read_panel
from jointchron.projections.people import canonical_people, people, register
from jointchron.projections.privacy import Pseudonymiser


@dataclass(frozen=True)
class ChronologyQuery:
    agency: str | None = None
    person: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    include_withdrawn: bool = False
    named: bool = False
    # Only what this agency held by `at` (projections/knowledge.py); `at` None: by any date.
    known_by: str | None = None
    at: datetime.date | None = None
    # For a published appendix: dates to the month, no practitioners' names (projections/privacy.py).
    publish: bool = False
    # Only the entries the panel marked significant (projections/panel.py).
    significant: bool = False


def agency_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT code, name FROM agencies").fetchall())


def resolve_person(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """The canonical id of the person `text` names (pseudonym, id, name or identifier)."""
    people_register = register(con)
    found = people_register.resolve(text)
    if found is None:
        why = "more than one person" if people_register.is_ambiguous(text) else "no one"
        # Suggested from pseudonyms only: a name typed here is never echoed nor matched to a person's name.
        hint = did_you_mean(text, sorted(p.pseudonym for p in people_register.people.values()))
        raise JointchronError(f"{why} in the register matches --person{hint or '.'} Give a pseudonym as shown "
                              "in the chronology (`jointchron people list`)")  # fmt: skip
    return canonical_people(con).get(str(found), str(found))


def review_agency(con: duckdb.DuckDBPyConnection, code: str, option: str) -> str:
    """`code` when it is an agency of this review; else a refusal naming the closest of them."""
    names = agency_names(con)
    if code not in names:
        raise JointchronError(f"no agency {code!r} in this review{did_you_mean(code, sorted(names)) or '.'} "
                              f"{option} takes one of: {', '.join(sorted(names)) or 'none yet'}")  # fmt: skip
    return code


def select(con: duckdb.DuckDBPyConnection, query: ChronologyQuery, panel: Panel | None = None) -> list[Entry]:
    entries = joint_entries(con, include_withdrawn=query.include_withdrawn)
    if query.significant:
        marked = (panel or read_panel(con)).significant()
        entries = [e for e in entries if e.id in marked]
    if query.person:
        person = resolve_person(con, query.person)
        entries = [e for e in entries if person in e.subjects]
    if query.agency:
        agency = review_agency(con, query.agency, "--agency")
        entries = [e for e in entries if agency in e.agencies]
    if query.date_from:
        start = query.date_from
        entries = [e for e in entries if e.date.latest >= start]
    if query.date_to:
        end = query.date_to
        entries = [e for e in entries if e.date.earliest <= end]
    if query.known_by:
        entries = known_by(entries, review_agency(con, query.known_by, "--known-by"), query.at)
    return entries


def chronology(
    con: duckdb.DuckDBPyConnection, query: ChronologyQuery, brief: bool = False
) -> list[dict[str, Any]]:
    """The entries the query asks for, each as the JSON record DESIGN §8 describes; `brief`, without what
    the CSV and the terminal's table do not show (see `record`)."""
    with collector_paused():
        panel = read_panel(con)
        entries = select(con, query, panel)
        names = agency_names(con)
        privacy = pseudonymiser(con, named=query.named, publish=query.publish)
        return [
            record(e, privacy, names, brief) | entry_annotations(e.id, e.day, panel, privacy) for e in entries
        ]


def pseudonymiser(
    con: duckdb.DuckDBPyConnection, named: bool = False, publish: bool = False
) -> Pseudonymiser:
    """How every output of this store shows people: pseudonyms unless `named`; `publish` for an appendix."""
    practitioners = [
        r[0]
        for r in con.execute("SELECT DISTINCT practitioner FROM contacts WHERE practitioner <> ''").fetchall()
    ]
    redactions = con.execute("SELECT term, label FROM redactions ORDER BY term").fetchall() if publish else []
    return Pseudonymiser(people(con), canonical_people(con), named=named, publish=publish,
                         practitioners=practitioners, redactions=redactions)  # fmt: skip


def status(entry: Entry) -> str:
    if entry.withdrawn:
        return "withdrawn"
    if entry.near_matches or entry.direction_disagrees:
        return "possible_discrepancy"
    if entry.no_longer_present:
        return "no_longer_present"
    if entry.amended:
        return "amended"
    return "recorded"


def record(
    entry: Entry, privacy: Pseudonymiser, agency_names: dict[str, str], brief: bool = False
) -> dict[str, Any]:
    """An entry as the JSON record DESIGN §8 describes. `brief` leaves out `detail` and each source's
    reference, episode, practitioner and summary: most of the distinct texts of a chronology are there
    (a reference is one a record), and pseudonymising them is most of its cost."""
    text = privacy.text
    date = privacy.date(entry.date)
    if len(entry.sources) == 1:
        summary = text(entry.sources[0].summary)
    else:
        summary = " | ".join(
            f"{agency_names.get(s.agency, s.agency)}: {text(s.summary)}" for s in entry.sources
        )
    flags = [
        flag
        for flag, on in (
            ("merged", len(entry.sources) > 1),
            ("possible_discrepancy", bool(entry.near_matches)),
            ("direction_disagrees", entry.direction_disagrees),
            ("amended", entry.amended),
            ("withdrawn", entry.withdrawn),
            ("no_longer_present", entry.no_longer_present),
            ("date_uncertain", entry.date.is_uncertain),
        )
        if on
    ]
    return {
        "id": entry.id,
        "date": date.iso(),
        "end_date": date.end_iso() or (date.latest.isoformat() if date.is_uncertain else None),
        "precision": date.precision,
        "time": date.time_text(),
        "display_date": date.display(),
        "agency": entry.agency,
        "agencies": list(entry.agencies),
        "kind": entry.kind,
        "tags": privacy.tags(entry.tags),
        "summary": summary,
        **({} if brief else {"detail": " | ".join(text(s.detail) for s in entry.sources if s.detail)}),
        "outcome": " | ".join(text(s.outcome) for s in entry.sources if s.outcome),
        "subjects": [privacy.person(s) for s in entry.subjects],
        "participants": list(entry.participants),
        "recipients": list(entry.recipients),
        "sender": entry.sender,
        "sources": [_source(s, privacy, brief) for s in entry.sources],
        "status": status(entry),
        "flags": flags,
        "near_matches": list(entry.near_matches),
    }


def _source(source: SourceRecord, privacy: Pseudonymiser, brief: bool) -> dict[str, Any]:
    text = privacy.text
    shown = {"agency": source.agency, "file": text(source.file),
             "sheet": text(source.sheet) if source.sheet else source.sheet, "row": source.row}  # fmt: skip
    if brief:
        return shown
    return shown | {
        "contact_id": source.contact_id,
        "reference": privacy.reference(source.reference),
        "episode": privacy.reference(source.episode),
        "practitioner": privacy.practitioner(source.practitioner),
        "summary": text(source.summary),
    }
