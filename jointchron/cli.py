"""The `jointchron` command: a thin layer over the service; errors become one line and an exit status."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.table import Table

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.errors import InvalidDate, JointchronError
from jointchron.domain.review import JURISDICTIONS
from jointchron.domain.vocabulary import agency_code
from jointchron.exports import to_csv, to_json
from jointchron.importers.report import ImportReport
from jointchron.service import ChronologyQuery, Store, canonical_mapping, default_store

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"error: {message}", markup=False)
    sys.exit(code)


def friendly(command: F) -> F:
    """Turns every error into one line on stderr and an exit status; never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except JointchronError as error:
            fail(str(error))
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            fail("interrupted; whole batches already written are kept, run the command again to finish", 130)
        except OSError as error:
            fail(f"{error.strerror or error}: {error.filename or ''}; check the path and permissions".strip())
        except Exception as error:  # a bug: say so in one line, details only on request
            if os.environ.get("JOINTCHRON_DEBUG"):
                raise
            fail(f"unexpected {type(error).__name__}; please report it (set JOINTCHRON_DEBUG=1 for details)")

    return run  # type: ignore[return-value]


def uk_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return FuzzyDate.parse(value).earliest
    except InvalidDate as error:
        raise click.BadParameter(str(error), param=param) from None


def store_of(ctx: click.Context) -> Path:
    path: Path = ctx.obj["store"]
    return path


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", type=click.Path(path_type=Path), default=None,
              help="Store directory (default: $JOINTCHRON_STORE, else ./.jointchron).")  # fmt: skip
@click.version_option(package_name="jointchron")
@click.pass_context
def main(ctx: click.Context, store: Path | None) -> None:
    """Rebuild a multi-agency chronology for a child safeguarding practice review.

    \b
    Example:
      jointchron init --title "Child Bk" --jurisdiction england --from 01/01/2019 --to 31/12/2019
      jointchron people import people.csv
      jointchron import police.csv --agency police --map police.toml
      jointchron chronology --format csv -o chronology.csv
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store or default_store()


@main.command()
@click.option("--title", required=True, help="The review's title, e.g. 'Child Bk'.")
@click.option("--jurisdiction", type=click.Choice(JURISDICTIONS), default="england", show_default=True)
@click.option(
    "--from", "start", required=True, callback=uk_date, help="Start of the period under review (UK date)."
)
@click.option(
    "--to", "end", required=True, callback=uk_date, help="End of the period under review (UK date)."
)
@click.pass_context
@friendly
def init(ctx: click.Context, title: str, jurisdiction: str, start: datetime.date, end: datetime.date) -> None:
    """Open a new review in the store.

    \b
    Example:
      jointchron init --title "Child Bk" --jurisdiction england --from 01/01/2019 --to 31/12/2019
    """
    store = Store.create(store_of(ctx))
    review = store.init_review(title, jurisdiction, start, end)  # type: ignore[arg-type]
    out.print(f"Opened review {review.title!r} ({review.jurisdiction}, {review.period_start:%d/%m/%Y} to "
              f"{review.period_end:%d/%m/%Y}) in {store.path}", markup=False)  # fmt: skip
    store.close()


@main.group()
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
    store = Store.open(store_of(ctx))
    report = store.import_people(file, dry_run=dry_run)
    store.close()
    show_report(report, "people")
    sys.exit(report.exit_code)


@main.group()
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
    store = Store.open(store_of(ctx))
    report = store.import_relationships(file, dry_run=dry_run)
    store.close()
    show_report(report, "relationships")
    sys.exit(report.exit_code)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--agency", "agency", default=None, help="Code of the agency whose records these are (police, csc, gp…)."
)
@click.option(
    "--map", "mapping_file", type=click.Path(path_type=Path), default=None, help="Mapping file (TOML)."
)
@click.option("--strict", is_flag=True, help="Import nothing if any row is bad.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--by", default=None, help="Who is importing (default: your login name).")
@click.pass_context
@friendly
def import_extract(ctx: click.Context, file: Path, agency: str | None, mapping_file: Path | None, strict: bool,
                   dry_run: bool, by: str | None) -> None:  # fmt: skip
    """Import one agency's extract (CSV or Excel) as immutable events.

    Without --map the file must use the canonical headers (date, kind, subjects, summary, …).
    Exit status: 0 all rows imported, 3 some rows rejected, 1 nothing imported, 2 usage error.

    \b
    Example:
      jointchron import police.csv --agency police --map police.toml
    """
    code = None
    if agency is not None:
        try:
            code = agency_code(agency)
        except JointchronError as error:
            raise click.BadParameter(str(error), param_hint="--agency") from None
    mapping = canonical_mapping(mapping_file)
    store = Store.open(store_of(ctx))
    report = store.import_extract(file, code, mapping, strict=strict, dry_run=dry_run, by=by)
    store.close()
    show_report(report, "contacts")
    sys.exit(report.exit_code)


def show_report(report: ImportReport, what: str) -> None:
    c = report.counts
    title = (
        f"{report.file}"
        + (f" ({report.agency})" if report.agency else "")
        + (" — dry run" if report.dry_run else "")
    )
    table = Table(title=title, show_header=False, title_justify="left")
    rows: list[tuple[str, int]] = [("rows read", c.read), (f"{what} imported", c.imported)]
    if what == "contacts":
        rows += [("amended", c.amended), ("unchanged", c.unchanged)]
    elif c.unchanged:
        rows.append(("already held", c.unchanged))
    rows.append(("rows rejected", c.rejected))
    if what == "contacts":
        rows.append(("unresolved subjects", c.unresolved_subjects))
    for label, value in rows:
        table.add_row(label, str(value))
    (err if report.exit_code else out).print(table)
    if report.already_imported:
        err.print("This file was imported before: nothing new was added.", markup=False)
    if report.strict and report.rejections:
        err.print("--strict: nothing was imported because some rows are bad.", markup=False)
    for rejection in report.rejections[:20]:
        err.print(f"rejected: {rejection.line()}", markup=False)
    if len(report.rejections) > 20:
        err.print(f"… and {len(report.rejections) - 20} more rejected rows", markup=False)
    if report.rejects_file:
        err.print(f"Every rejected row, with its value and reason: {report.rejects_file}", markup=False)
    for pseudonym, close in report.unresolved.items():
        hint = f" (close to: {', '.join(close)})" if close else ""
        err.print(
            f"unresolved subject recorded as {pseudonym}{hint}; add them to the people register", markup=False
        )


@main.command("chronology")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--agency", default=None, help="Only entries recorded by this agency.")
@click.option("--person", default=None, help="Only entries about this person (pseudonym).")
@click.option(
    "--from", "date_from", callback=uk_date, default=None, help="Only entries on or after this date."
)
@click.option("--to", "date_to", callback=uk_date, default=None, help="Only entries on or before this date.")
@click.option("--include-withdrawn", is_flag=True, help="Show withdrawn records too.")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def chronology_command(ctx: click.Context, fmt: str, output: Path | None, agency: str | None, person: str | None,
                       date_from: datetime.date | None, date_to: datetime.date | None, include_withdrawn: bool,
                       named: bool) -> None:  # fmt: skip
    """The joint, de-duplicated multi-agency chronology.

    \b
    Example:
      jointchron chronology --format json --person "Child Bk" -o chronology.json
    """
    store = Store.open(store_of(ctx))
    query = ChronologyQuery(agency=agency_code(agency) if agency else None, person=person, date_from=date_from,
                            date_to=date_to, include_withdrawn=include_withdrawn, named=named)  # fmt: skip
    records = store.chronology(query)
    store.close()
    if fmt == "json":
        emit(to_json(records), output)
    elif fmt == "csv":
        emit(to_csv(records), output)
    else:
        emit_table(records, output)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8-sig" if output.suffix.lower() == ".csv" else "utf-8")
    err.print(f"Wrote {output}", markup=False)


def emit_table(records: list[dict[str, Any]], output: Path | None) -> None:
    table = Table(show_lines=False)
    for column in ("date", "agencies", "kind", "subjects", "summary", "status"):
        table.add_column(column)
    for r in records:
        table.add_row(r["display_date"], ", ".join(r["agencies"]), r["kind"], ", ".join(r["subjects"]), r["summary"],
                      "" if r["status"] == "recorded" else r["status"])  # fmt: skip
    if output is None:
        out.print(table)
        return
    console = Console(file=io_text(output), width=200, highlight=False)
    console.print(table)
    err.print(f"Wrote {output}", markup=False)


def io_text(path: Path) -> Any:
    return path.open("w", encoding="utf-8")


@main.command()
@click.pass_context
@friendly
def rebuild(ctx: click.Context) -> None:
    """Rebuild the read models (views.duckdb) from the event log.

    \b
    Example:
      jointchron rebuild
    """
    store = Store.open(store_of(ctx))
    applied = store.rebuild()
    store.close()
    out.print(f"Rebuilt the read models from {applied} events.", markup=False)


@main.command()
@click.option("--directory", type=click.Path(path_type=Path), default=Path("jointchron-demo"), show_default=True,
              help="Where to build the demo review.")  # fmt: skip
@friendly
def demo(directory: Path) -> None:
    """Build a synthetic multi-agency review and write its chronology.

    \b
    Example:
      jointchron demo && open jointchron-demo/chronology.csv
    """
    from jointchron.demo import build_demo

    made = build_demo(directory)
    out.print(made, markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
