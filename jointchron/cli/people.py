"""`people` and `relationships`: the register of who the review is about."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jointchron.cli.common import (
    emit,
    friendly,
    new_table,
    opened_store,
    out,
    store_of,
    table_or_json,
)
from jointchron.cli.imports import show_report


@click.group()
def people() -> None:
    """The people register: who the review is about, and their pseudonyms."""


@people.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.pass_context
@friendly
def people_import(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Import the people register (person_id,pseudonym,role,names,dob,identifiers).

    \b
    Example:
      jointchron people import people.csv
    """
    from jointchron.service.review_store import Store

    store = Store.open(store_of(ctx))
    report = store.import_people(file, dry_run=dry_run)
    store.close()
    show_report(report, "people")
    sys.exit(report.exit_code)


@people.command("list")
@click.option(
    "--unconfirmed", is_flag=True, help="Only the people extracts named whom the register does not hold."
)
@table_or_json
@click.option("--named", is_flag=True, help="Show real names too.")
@click.pass_context
@friendly
def people_list(ctx: click.Context, unconfirmed: bool, fmt: str, named: bool) -> None:
    """List the people register and the unconfirmed people: pseudonym, role, confirmed.

    Pseudonymised unless --named. `same as` names the person a record now stands for (after
    `people merge`, or an unconfirmed record naming exactly one registered person).

    \b
    Example:
      jointchron people list --unconfirmed
      jointchron people list --format json --named
    """
    from jointchron.exports.plain import to_json

    with opened_store(ctx) as store:
        found = store.people(unconfirmed_only=unconfirmed, named=named)
    if fmt == "json":
        emit(to_json(found), None)
        return
    table = new_table()
    for column in ("pseudonym", "role", "confirmed", "same as", "contacts", *(("names",) if named else ())):
        table.add_column(column)
    for p in found:
        table.add_row(p["pseudonym"], p["role"] or "", "yes" if p["confirmed"] else "no", p["same_as"] or "",
                      str(p["contacts"]), *(("; ".join(p["names"]),) if named else ()))  # fmt: skip
    out.print(table)
    out.print(f"{len(found)} people", markup=False)


@people.command("merge")
@click.argument("person")
@click.argument("into")
@click.option("--reason", required=True, help="Why the two records are one person; kept with the merge.")
@click.option("--by", default=None, help="Who decided (default: your login name).")
@click.pass_context
@friendly
def people_merge(ctx: click.Context, person: str, into: str, reason: str, by: str | None) -> None:
    """Record that PERSON and INTO are one person: PERSON's records follow INTO from now on.

    Nothing is rewritten: the merge is an event in the log, and the chronology, gaps, charts and
    reports follow it. Give each as a pseudonym (as the import report names an unconfirmed
    subject), a person id or an identifier.

    \b
    Example:
      jointchron people merge "Unconfirmed 3F2A" "Child A" --reason "Same NHS number in the GP record"
    """
    from jointchron.service.review_store import Store

    store = Store.open(store_of(ctx))
    merged, kept = store.merge_people(person, into, reason, by)
    store.close()
    out.print(f"Merged {merged} into {kept}: their records now show as {kept}.", markup=False)


@click.group()
def relationships() -> None:
    """Relationships between people (parent_of, partner_of, resides_with, ...)."""


@relationships.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.pass_context
@friendly
def relationships_import(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Import relationships (from,relation,to,from_date,to_date,source,note).

    \b
    Example:
      jointchron relationships import relationships.csv
    """
    from jointchron.service.review_store import Store

    store = Store.open(store_of(ctx))
    report = store.import_relationships(file, dry_run=dry_run)
    store.close()
    show_report(report, "relationships")
    sys.exit(report.exit_code)
