"""`init`, `demo`, `rebuild`, `verify`, `keygen` and `log`: the review and its store as a whole."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import click

from jointchron.cli.common import (
    emit,
    err,
    friendly,
    new_table,
    opened_store,
    out,
    store_of,
    uk_date,
)
from jointchron.domain.jurisdiction import JURISDICTIONS


@click.command()
@click.option("--title", required=True, help="The review's title, e.g. 'Child Bk'.")
@click.option("--jurisdiction", type=click.Choice(JURISDICTIONS), default="england", show_default=True,
              help="Whose guidance the gap rules follow, and whose bank holidays count.")  # fmt: skip
@click.option(
    "--from", "start", required=True, callback=uk_date, help="Start of the period under review (UK date)."
)
@click.option(
    "--to", "end", required=True, callback=uk_date, help="End of the period under review (UK date)."
)
@click.option("--encrypt", is_flag=True,
              help="Encrypt the events at rest (AES-256-GCM) with the key of --key-file or $JOINTCHRON_KEY.")  # fmt: skip
@click.pass_context
@friendly
def init(ctx: click.Context, title: str, jurisdiction: str, start: datetime.date, end: datetime.date,
         encrypt: bool) -> None:  # fmt: skip
    """Open a new review in the store.

    \b
    Example:
      jointchron init --title "Child Bk" --jurisdiction england --from 01/01/2019 --to 31/12/2019
      jointchron keygen -o review.key
      jointchron --key-file review.key init --encrypt --title "Child Bk" --from 01/01/2019 --to 31/12/2019
    """
    from jointchron.service.review_store import Store

    where = store_of(ctx)
    store = Store.create(where, encrypt=encrypt)
    review = store.init_review(title, jurisdiction, start, end)  # type: ignore[arg-type]
    place = f"{where.shown()} (read model in {where.directory})" if where.events else str(store.path)
    out.print(f"Opened review {review.title!r} ({review.jurisdiction}, {review.period_start:%d/%m/%Y} to "
              f"{review.period_end:%d/%m/%Y}) in {place}" + (", encrypted" if encrypt else ""), markup=False)  # fmt: skip
    store.close()


@click.command()
@click.pass_context
@friendly
def rebuild(ctx: click.Context) -> None:
    """Rebuild the read models (views.duckdb) from the event log.

    \b
    Example:
      jointchron rebuild
    """
    from jointchron.service.review_store import Store

    store = Store.open(store_of(ctx))
    applied = store.rebuild()
    store.close()
    out.print(f"Rebuilt the read models from {applied} events.", markup=False)


@click.command()
@click.option("--directory", type=click.Path(path_type=Path), default=Path("jointchron-demo"), show_default=True,
              help="Where to build the demo review.")  # fmt: skip
@friendly
def demo(directory: Path) -> None:
    """Build a synthetic multi-agency review and write its chronology.

    \b
    Example:
      jointchron demo && open jointchron-demo/chronology.csv
    """
    from jointchron.service.demo import build_demo

    made = build_demo(directory)
    out.print(made, markup=False)


@click.command()
@click.pass_context
@friendly
def verify(ctx: click.Context) -> None:
    """Check the read models against a rebuild from the event log, and the extract files' SHA-256.

    Exit status 0 when everything matches, 1 with one line per problem otherwise.

    \b
    Example:
      jointchron verify
    """
    from jointchron.service.verify import verify as run_verify

    with opened_store(ctx) as store:
        result = run_verify(store)
    for problem in result.problems:
        err.print(f"problem: {problem}", markup=False)
    if not result.ok:
        err.print(f"verify found {len(result.problems)} problem(s).", markup=False)
        sys.exit(1)
    out.print(f"verified: {result.summary()}", markup=False)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the key to this new file, readable by you only (default: print it).")  # fmt: skip
@friendly
def keygen(output: Path | None) -> None:
    """Make a key for an encrypted store (32 random bytes, base64).

    Keep the key apart from the store and keep a copy somewhere safe: without it the store
    cannot be read by anyone.

    \b
    Example:
      jointchron keygen -o ~/keys/child-bk.key
      jointchron --key-file ~/keys/child-bk.key init --encrypt --title "Child Bk" --from 01/01/2019 --to 31/12/2019
    """
    from jointchron.store.keys import new_key, write_key

    if output is None:
        out.print(new_key(), markup=False)
        return
    write_key(output)
    err.print(f"Wrote a new key to {output}, readable by you only. Keep a copy somewhere safe: "
              "without it the store cannot be read.", markup=False)  # fmt: skip


@click.command("log")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table in the terminal, or JSON.")  # fmt: skip
@click.option("--named", is_flag=True, help="Show who ran each command, and file names, as written.")
@click.pass_context
@friendly
def log_command(ctx: click.Context, fmt: str, named: bool) -> None:
    """Every command that changed the store: when, who (--by or the login name) and what.

    Arguments are shown without personal data: file names, agency codes, ids and flags. Who ran a
    command and the file names are pseudonymised like every text, unless --named.

    \b
    Example:
      jointchron log
      jointchron log --format json
    """
    from jointchron.exports.plain import to_json
    from jointchron.service.review_store import Store

    store = Store.open(store_of(ctx))
    entries = store.audit_log(named)
    store.close()
    if fmt == "json":
        emit(to_json(entries), None)
        return
    table = new_table(show_lines=False)
    for column in ("when (UTC)", "who", "command", "arguments"):
        table.add_column(column)
    for e in entries:
        table.add_row(e["at"].replace("T", " ")[:19], e["by"], e["command"], " ".join(e["arguments"]))
    out.print(table)
