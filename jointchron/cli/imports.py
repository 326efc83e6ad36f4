"""`import` and `profiles`: an agency's extract into the event log, and the report on it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from jointchron.cli.common import (
    console_itself,
    err,
    fail,
    friendly,
    new_table,
    out,
    store_of,
)
from jointchron.domain.errors import JointchronError
from jointchron.domain.vocabulary import agency_code

if TYPE_CHECKING:
    from jointchron.importers.report import ImportReport


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--agency", "agency", default=None, help="Code of the agency whose records these are (police, csc, gp…)."
)
@click.option(
    "--map", "mapping_file", type=click.Path(path_type=Path), default=None, help="Mapping file (TOML)."
)
@click.option("--profile", "profile", default=None, metavar="NAME",
              help="A built-in profile instead of --map (annex-a, cin-census, …; see `jointchron profiles`).")  # fmt: skip
@click.option("--strict", is_flag=True, help="Import nothing if any row is bad.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--by", default=None, help="Who is importing (default: your login name).")
@click.option("--revises", default=None, metavar="FILE",
              help="This file is a new version of FILE, imported before for the same agency (needed only "
                   "when the names differ by more than a version or date).")  # fmt: skip
@click.pass_context
@friendly
def import_extract(ctx: click.Context, file: Path, agency: str | None, mapping_file: Path | None,
                   profile: str | None, strict: bool, dry_run: bool, by: str | None,
                   revises: str | None) -> None:  # fmt: skip
    """Import one agency's extract (CSV, Excel or a profile's format) as immutable events.

    Without --map or --profile the file must use the canonical headers (date, kind, subjects,
    summary, …). Exit status: 0 all rows imported, 3 some rows rejected, 1 nothing imported,
    2 usage error. A new version of a file imported before is compared with it: rows new,
    amended (recorded as amendments) or unchanged, and rows no longer present (flagged, kept).

    \b
    Example:
      jointchron import police.csv --agency police --map police.toml
      jointchron import annex_a.xlsx --profile annex-a
      jointchron import "police records Nov.csv" --agency police --revises police.csv
    """
    from jointchron.importers.profiles import UnknownProfile, load_profile
    from jointchron.service.review_store import Store, canonical_mapping

    code = None
    if agency is not None:
        try:
            code = agency_code(agency)
        except JointchronError as error:
            raise click.BadParameter(str(error), param_hint="--agency") from None
    if profile is not None and mapping_file is not None:
        fail("give --map or --profile, not both: a profile is a built-in mapping file", 2)
    try:
        mapping = load_profile(profile) if profile is not None else canonical_mapping(mapping_file)
    except UnknownProfile as error:
        fail(str(error), 2)
    store = Store.open(store_of(ctx))
    with import_progress(file) as progress:
        report = store.import_extract(file, code, mapping, strict=strict, dry_run=dry_run, by=by, revises=revises,
                                      progress=progress)  # fmt: skip
    store.close()
    show_report(report, "contacts")
    sys.exit(report.exit_code)


@click.command("profiles")
@friendly
def profiles_command() -> None:
    """List the built-in import profiles, for `jointchron import FILE --profile NAME`.

    \b
    Example:
      jointchron profiles
      jointchron import annex_a.xlsx --profile annex-a
    """
    from jointchron.importers.profiles import profiles as builtin_profiles

    listed = builtin_profiles()
    width = max(len(name) for name, _ in listed)
    for name, description in listed:
        out.print(f"{name:<{width}}  {description}", markup=False)


# Smaller files import in about a second or less: no progress bar for them.
PROGRESS_MIN_BYTES = 1_000_000


@contextmanager
def import_progress(file: Path) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr while a long import runs, only when stderr is a terminal."""
    if not err.is_terminal or not file.is_file() or file.stat().st_size < PROGRESS_MIN_BYTES:
        yield None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.completed:,} rows read"), TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console_itself(err), transient=True) as bar:
        task = bar.add_task(f"Importing {file.name}", total=None)
        yield lambda rows: bar.update(task, completed=rows)


def show_report(report: ImportReport, what: str) -> None:
    c = report.counts
    title = (
        f"{report.file}"
        + (f" ({report.agency})" if report.agency else "")
        + (" — dry run" if report.dry_run else "")
    )
    table = new_table(title=title, show_header=False, title_justify="left")
    rows: list[tuple[str, int]] = [("rows read", c.read), (f"{what} imported", c.imported)]
    if what == "contacts":
        rows += [
            ("amended", c.amended),
            ("unchanged", c.unchanged),
            ("no longer present", c.no_longer_present),
        ]
    elif c.unchanged:
        rows.append(("already held", c.unchanged))
    rows.append(("rows rejected", c.rejected))
    if what == "contacts":
        rows.append(("unresolved subjects", c.unresolved_subjects))
        if c.without_subjects:
            rows.append(("rows without a subject", c.without_subjects))
    for label, value in rows:
        table.add_row(label, str(value))
    (err if report.exit_code else out).print(table)
    for sheet, header in report.unread_columns[:20]:
        where = f" of sheet {sheet!r}" if sheet else ""
        err.print(f"not read: column {header[:60]!r}{where} is not a canonical field{canonical_hint(header) or '.'} "
                  "Rename it, or map it with --map", markup=False)  # fmt: skip
    for line in report.reading_lines():
        (err if report.exit_code else out).print(line, markup=False)
    if report.already_imported:
        err.print("This file was imported before: nothing new was added.", markup=False)
    if report.strict and report.rejections:
        err.print("--strict: nothing was imported because some rows are bad.", markup=False)
    for rejection in report.rejections[:20]:
        err.print(f"rejected: {rejection.line()}", markup=False)
    rejections = max(report.rejections_total, len(report.rejections))
    if rejections > 20:
        err.print(f"… and {rejections - 20} more rejections", markup=False)
    if report.rejects_file:
        err.print(f"Every rejected row, with its value and reason: {report.rejects_file}", markup=False)
    if report.revises:
        err.print(
            f"Compared with the earlier version(s) of this extract: {'; '.join(report.revises)}", markup=False
        )
    for change in report.changes[:20]:
        err.print(change.line(), markup=False)
    changes = len(report.amended_ids) + len(report.no_longer_present_ids) + len(report.reappeared_ids)
    if changes > 20:
        err.print(f"… and {changes - 20} more changes", markup=False)
    if report.changes_file:
        err.print(f"Every amended, no longer present and returning row: {report.changes_file}", markup=False)
    if report.skipped:
        skipped = "; ".join(f"{element} ({why})" for element, why in report.skipped.items())
        err.print(f"Not imported as events (the profile's choice): {skipped}", markup=False)
    for problem in report.data_problems[:20]:
        err.print(problem.line(), markup=False)
    if len(report.data_problems) > 20:
        err.print(f"… and {len(report.data_problems) - 20} more data problems", markup=False)
    for pseudonym, close in report.unresolved.items():
        hint = f" (close to: {', '.join(close)})" if close else ""
        err.print(
            f"unresolved subject recorded as {pseudonym}{hint}; add them to the people register, or record "
            "that they are someone it holds with `jointchron people merge`",
            markup=False,
        )


def canonical_hint(header: str) -> str:
    from jointchron.domain.suggest import did_you_mean
    from jointchron.importers.mapping import FIELDS

    return did_you_mean(header, [f for f in FIELDS if f not in ("agency", "date_precision")])
