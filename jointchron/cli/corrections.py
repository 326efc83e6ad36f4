"""`amend`, `withdraw`, `reinstate` and `history`: corrections as events."""

from __future__ import annotations

from typing import Any

import click

from jointchron.cli.common import (
    emit,
    err,
    friendly,
    opened_store,
    out,
)


@click.command()
@click.argument("contact_id")
@click.option("--set", "settings", multiple=True, required=True, metavar="FIELD=VALUE",
              help="A field and its corrected value; repeat for several. Dates UK; lists ;-separated.")  # fmt: skip
@click.option("--reason", required=True, help="Why: what was wrong, and who confirmed the correction.")
@click.option("--by", default=None, help="Who corrects it (default: your login name).")
@click.pass_context
@friendly
def amend(
    ctx: click.Context, contact_id: str, settings: tuple[str, ...], reason: str, by: str | None
) -> None:
    """Correct a contact; the correction is a new event, and the old version stays in its history.

    Fields: date, end_date, time, recorded, kind, tags, subjects, participants, recipients, sender,
    summary, detail, practitioner, reference, outcome. CONTACT_ID is a contact_id (or an entry id)
    from `chronology --format json`, or its first 8 characters.

    \b
    Example:
      jointchron amend 1b9d6bcd --set date=11/03/2019 --set kind=concern \\
        --reason "date keyed wrongly; confirmed by the school DSL" --by "Review lead"
    """
    with opened_store(ctx) as store:
        done = store.amend(contact_id, settings, reason, by)
    out.print(f"Amended contact {done.contact_id} ({done.agency}), now version {done.version}: "
              f"{', '.join(done.fields)}. `jointchron history {done.contact_id}` lists every version.",
              markup=False)  # fmt: skip
    note_others(done.others_in_entry)


@click.command()
@click.argument("contact_id", required=False)
@click.option("--extract", "extract", default=None, metavar="EXTRACT_ID",
              help="Withdraw every contact of this import instead (ids: `jointchron extracts`).")  # fmt: skip
@click.option("--reason", required=True, help="Why it is withdrawn.")
@click.option("--by", default=None, help="Who withdraws it (default: your login name).")
@click.pass_context
@friendly
def withdraw(
    ctx: click.Context, contact_id: str | None, extract: str | None, reason: str, by: str | None
) -> None:
    """Withdraw a contact, or every contact of one import, from the chronology; nothing is deleted.

    Each contact gets its own withdrawal event (see `history`, `chronology --include-withdrawn`);
    `reinstate` undoes it the same way.

    \b
    Example:
      jointchron withdraw 1b9d6bcd --reason "duplicate of the police record" --by "Review lead"
      jointchron withdraw --extract 3f2a9c1d --reason "school records imported as csc by mistake"
    """
    one_of(contact_id, extract)
    with opened_store(ctx) as store:
        if extract is not None:
            undone = store.withdraw_extract(extract, reason, by)
            out.print(f"Withdrew {undone.changed} contacts of the import {undone.extract_id[:8]} ({undone.file}, "
                      f"{undone.agency}); {undone.contacts - undone.changed} were withdrawn already. They stay in "
                      "their history; `jointchron reinstate --extract` undoes this.", markup=False)  # fmt: skip
            return
        assert contact_id is not None
        done = store.withdraw(contact_id, reason, by)
    out.print(f"Withdrew contact {done.contact_id} ({done.agency}), version {done.version}. It stays in its "
              "history and in `chronology --include-withdrawn`; `jointchron reinstate` undoes this.",
              markup=False)  # fmt: skip
    note_others(done.others_in_entry)


@click.command()
@click.argument("contact_id", required=False)
@click.option("--extract", "extract", default=None, metavar="EXTRACT_ID",
              help="Reinstate every withdrawn contact of this import instead.")  # fmt: skip
@click.option("--reason", required=True, help="Why it is reinstated.")
@click.option("--by", default=None, help="Who reinstates it (default: your login name).")
@click.pass_context
@friendly
def reinstate(
    ctx: click.Context, contact_id: str | None, extract: str | None, reason: str, by: str | None
) -> None:
    """Bring a withdrawn contact, or every withdrawn contact of one import, back into the chronology.

    \b
    Example:
      jointchron reinstate 1b9d6bcd --reason "withdrawn in error" --by "Review lead"
      jointchron reinstate --extract 3f2a9c1d --reason "withdrawn in error"
    """
    one_of(contact_id, extract)
    with opened_store(ctx) as store:
        if extract is not None:
            undone = store.reinstate_extract(extract, reason, by)
            out.print(f"Reinstated {undone.changed} contacts of the import {undone.extract_id[:8]} "
                      f"({undone.file}, {undone.agency}).", markup=False)  # fmt: skip
            return
        assert contact_id is not None
        done = store.reinstate(contact_id, reason, by)
    out.print(f"Reinstated contact {done.contact_id} ({done.agency}), version {done.version}.", markup=False)


def one_of(contact_id: str | None, extract: str | None) -> None:
    if (contact_id is None) == (extract is None):
        raise click.UsageError("give a CONTACT_ID, or --extract EXTRACT_ID for every contact of one import")


@click.command()
@click.argument("contact_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table in the terminal, or JSON: every version with its fields.")  # fmt: skip
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def history(ctx: click.Context, contact_id: str, fmt: str, named: bool) -> None:
    """Every version of a contact: what changed, who, when, why, and which extract it came from.

    \b
    Example:
      jointchron history 1b9d6bcd
    """
    from jointchron.exports.plain import to_json

    with opened_store(ctx) as store:
        versions = store.history(contact_id, named=named)
    if fmt == "json":
        emit(to_json(versions), None)
        return
    own = [v for v in versions if v["version"] is not None]
    out.print(f"History of contact {contact_id}: {len(own)} versions", markup=False)
    for v in versions:
        when = v["at"].replace("T", " ")[:16]
        label = f"v{v['version']} {v['event']}" if v["version"] is not None else v["event"]
        if v.get("withdrawn_reason"):
            label += f" (withdrawn: {v['withdrawn_reason']})"
        out.print(f"{label} {when} UTC by {v['by'] or 'unknown'}: {v['reason']}", markup=False)
        if v["source"]:
            out.print(f"    from {source_text(v['source'])}", markup=False)
        for line in changes_lines(v):
            out.print(f"    {line}", markup=False)


def source_text(source: dict[str, Any] | None) -> str:
    if not source:
        return ""
    sheet = f" [{source['sheet']}]" if source["sheet"] else ""
    sha = f", sha256 {source['sha256'][:12]}…" if source["sha256"] else ""
    return f"{source['file']}{sheet} row {source['row']} (extract {source['extract_id'][:8]}{sha})"


def changes_lines(version: dict[str, Any]) -> list[str]:
    changes: dict[str, Any] = version["changes"]
    if version["event"] == "recorded":
        return [f"{k}: {shown_value(v)}" for k, v in changes.items()]
    return [f"{k}: {shown_value(v['from'])} → {shown_value(v['to'])}" for k, v in changes.items()]


def shown_value(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def note_others(others: tuple[str, ...]) -> None:
    if others:
        err.print(f"Its joint entry also holds {len(others)} other agency record(s): {', '.join(others)}; "
                  "correct them separately if they share the mistake.", markup=False)  # fmt: skip
