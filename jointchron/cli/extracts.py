"""`extracts`: the imports a review holds, for checking them and for undoing one (`withdraw --extract`)."""

from __future__ import annotations

import click

from jointchron.cli.common import emit, friendly, new_table, opened_store, out, table_or_json


@click.command("extracts")
@table_or_json
@click.option("--named", is_flag=True, help="Show file names and who imported them as written.")
@click.pass_context
@friendly
def extracts_command(ctx: click.Context, fmt: str, named: bool) -> None:
    """List the imports: id, agency, file, SHA-256, rows read, when and by whom, and their contacts.

    File names and who imported them are pseudonymised like every text, unless --named.

    An id (or its first 8 characters) is what `withdraw --extract` and `reinstate --extract` take.

    \b
    Example:
      jointchron extracts
      jointchron withdraw --extract 3f2a9c1d --reason "school records imported as csc by mistake"
    """

    with opened_store(ctx) as store:
        found = store.extracts(named)
    if fmt == "json":
        from jointchron.exports.plain import to_json

        emit(to_json(found), None)
        return
    from rich import box

    # In an 80-column terminal too each column is read whole (never "s…" for the school): the time of day goes
    # under the date, and a long file name wraps.
    table = new_table(box=box.SIMPLE_HEAD, padding=(0, 0), show_edge=False)
    widths = {"id": 8, "file": 10, "sha256": 9, "imported at": 10}
    for column in ("id", "agency", "file", "sha256", "rows", "imported at", "by", "contacts", "withdrawn"):
        table.add_column(column, no_wrap=column in ("id", "sha256"), min_width=widths.get(column, len(column)),
                         overflow="fold")  # fmt: skip
    for e in found:
        table.add_row(e["id"][:8], e["agency"], e["file"], e["sha256"][:8] + "…", str(e["rows"]),
                      e["imported_at"].replace("T", " ")[:16], e["by"], str(e["contacts"]), str(e["withdrawn"]))  # fmt: skip
    out.print(table)
    out.print(f"{len(found)} imports", markup=False)
