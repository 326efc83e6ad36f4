"""`agencies`: the agency codes a review knows, and registering a new one."""

from __future__ import annotations

import click

from jointchron.cli.common import emit, friendly, new_table, opened_store, out, table_or_json
from jointchron.domain.vocabulary import SECTORS


@click.group()
def agencies() -> None:
    """The agencies of the review: the built-in codes, and those it registers."""


@agencies.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The agency's name as the panel writes it.")
@click.option("--sector", required=True, type=click.Choice(SECTORS),
              help="The sector the gap rules judge it by.")  # fmt: skip
@click.pass_context
@friendly
def agencies_add(ctx: click.Context, code: str, name: str, sector: str) -> None:
    """Register an agency the built-in codes do not cover, so that imports and filters accept its code.

    \b
    Example:
      jointchron agencies add northshire_yjs --name "Northshire Youth Justice Service" --sector youth_justice
    """
    with opened_store(ctx) as store:
        added = store.add_agency(code, name, sector)
    out.print(f"Registered agency {added.code} ({added.name}, sector {added.sector}).", markup=False)


@agencies.command("list")
@table_or_json
@click.pass_context
@friendly
def agencies_list(ctx: click.Context, fmt: str) -> None:
    """List every agency code this review accepts: built in, or registered with `agencies add`.

    \b
    Example:
      jointchron agencies list --format json
    """
    with opened_store(ctx) as store:
        found = store.agencies()
    if fmt == "json":
        from jointchron.exports.plain import to_json

        emit(to_json(found), None)
        return
    table = new_table()
    for column in ("code", "name", "sector", "source"):
        table.add_column(column)
    for a in found:
        source = "registered" if a["registered"] and not a["built_in"] else "built in"
        table.add_row(a["code"], a["name"], a["sector"], source)
    out.print(table)
