"""The `jointchron` command: a thin layer over the service; errors become one line and an exit status."""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from eventsourcing.persistence import PersistenceError
from rich.console import Console
from rich.table import Table

from jointchron.domain.dates import FuzzyDate
from jointchron.domain.errors import InvalidDate, JointchronError
from jointchron.domain.review import JURISDICTIONS
from jointchron.domain.vocabulary import agency_code
from jointchron.exports.plain import to_csv, to_json
from jointchron.importers.profiles import UnknownProfile, load_profile
from jointchron.importers.profiles import profiles as builtin_profiles
from jointchron.importers.report import ImportReport
from jointchron.service.review_store import ChronologyQuery, Store, canonical_mapping, current_user
from jointchron.store.keys import new_key, write_key
from jointchron.store.settings import Command, Location

F = TypeVar("F", bound=Callable[..., Any])
# markup=False: text from the records (`[name]`, `[identifier]`, a `[bold]` typed in an extract) is shown
# as written, never read as Rich markup.
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
out = Console(highlight=False, soft_wrap=True, markup=False)


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
        except PersistenceError as error:  # the event log failed under the command: server gone, file damaged
            # The library's message may quote stored data: name the failure only (no personal data, STYLE §10).
            if os.environ.get("JOINTCHRON_DEBUG"):
                raise
            fail(f"the event log could not be read or written ({type(error).__name__}); check that it is "
                 "reachable and undamaged, then run the command again")  # fmt: skip
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


def store_of(ctx: click.Context) -> Location:
    """The store chosen by --store, --key-file, the environment and store.toml; `ctx`'s command is audited."""
    root = ctx.find_root()
    location = Location.choose(root.params.get("store"), root.params.get("key_file"))
    return location.running(command_of(ctx))


def command_of(ctx: click.Context) -> Command:
    """The running command for the audit log: who (--by, else the login name), and its arguments
    without personal data (file names, agency codes, ids, dates and flags; other values withheld)."""
    names: list[str] = []
    node = ctx
    while node.parent is not None:  # `people import`: every name below the root
        names.insert(0, node.info_name or "")
        node = node.parent
    arguments = []
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.name == "by" or value is None or value is False or value == () or value == "":
            continue
        label = param.opts[0] if isinstance(param, click.Option) else ""
        arguments.append(" ".join(filter(None, (label, _audited(param, value)))))
    by = ctx.params.get("by") or current_user()
    return Command(" ".join(names), str(by), tuple(arguments))


def _audited(param: click.Parameter, value: Any) -> str:
    if value is True:
        return ""
    if isinstance(value, Path):
        return value.name
    if isinstance(value, datetime.date) or isinstance(param.type, click.Choice) or param.name == "agency":
        return str(value.isoformat() if isinstance(value, datetime.date) else value)
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    return "…"


_ID = re.compile(
    r"[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4,}){0,4}"
)  # a contact or entry id, or its first 8 characters


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", default=None, metavar="DIR|URL",
              help="Store directory, or postgresql://user:password@host:port/db?schema=NAME for a shared "
                   "event log (default: $JOINTCHRON_STORE, else ./.jointchron; see the README, 'The store').")  # fmt: skip
@click.option("--key-file", type=click.Path(path_type=Path), default=None,
              help="Key of an encrypted store, made by `jointchron keygen` (or set $JOINTCHRON_KEY).")  # fmt: skip
@click.version_option(package_name="jointchron")
@click.pass_context
def main(ctx: click.Context, store: str | None, key_file: Path | None) -> None:
    """Rebuild a multi-agency chronology for a child safeguarding practice review.

    \b
    Example:
      jointchron init --title "Child Bk" --jurisdiction england --from 01/01/2019 --to 31/12/2019
      jointchron people import people.csv
      jointchron import police.csv --agency police --map police.toml
      jointchron chronology --format csv -o chronology.csv
    """
    ctx.ensure_object(dict)


@main.command()
@click.option("--title", required=True, help="The review's title, e.g. 'Child Bk'.")
@click.option("--jurisdiction", type=click.Choice(JURISDICTIONS), default="england", show_default=True)
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
    where = store_of(ctx)
    store = Store.create(where, encrypt=encrypt)
    review = store.init_review(title, jurisdiction, start, end)  # type: ignore[arg-type]
    place = f"{where.shown()} (read model in {where.directory})" if where.events else str(store.path)
    out.print(f"Opened review {review.title!r} ({review.jurisdiction}, {review.period_start:%d/%m/%Y} to "
              f"{review.period_end:%d/%m/%Y}) in {place}" + (", encrypted" if encrypt else ""), markup=False)  # fmt: skip
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
    store = Store.open(store_of(ctx))
    merged, kept = store.merge_people(person, into, reason, by)
    store.close()
    out.print(f"Merged {merged} into {kept}: their records now show as {kept}.", markup=False)


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


@main.command("profiles")
@friendly
def profiles_command() -> None:
    """List the built-in import profiles, for `jointchron import FILE --profile NAME`.

    \b
    Example:
      jointchron profiles
      jointchron import annex_a.xlsx --profile annex-a
    """
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
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(f"Importing {file.name}", total=None)
        yield lambda rows: bar.update(task, completed=rows)


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
    for label, value in rows:
        table.add_row(label, str(value))
    (err if report.exit_code else out).print(table)
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
    for pseudonym, close in report.unresolved.items():
        hint = f" (close to: {', '.join(close)})" if close else ""
        err.print(
            f"unresolved subject recorded as {pseudonym}{hint}; add them to the people register, or record "
            "that they are someone it holds with `jointchron people merge`",
            markup=False,
        )


@main.command("chronology")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx", "docx", "md"]), default="table", show_default=True,
              help="xlsx and docx write a file: give -o.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--agency", default=None, help="Only entries recorded by this agency.")
@click.option("--person", default=None, help="Only entries about this person (pseudonym).")
@click.option(
    "--from", "date_from", callback=uk_date, default=None, help="Only entries on or after this date."
)
@click.option("--to", "date_to", callback=uk_date, default=None, help="Only entries on or before this date.")
@click.option("--known-by", "known_by", default=None,
              help="Only what this agency held: its own records, records sent to it, meetings it took part in, "
                   "records it sent.")  # fmt: skip
@click.option("--at", "at", callback=uk_date, default=None, help="With --known-by: held by this date.")
@click.option("--include-withdrawn", is_flag=True, help="Show withdrawn records too.")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.option("--publish", is_flag=True,
              help="For a published review's appendix: also dates to the month, no practitioners' names.")  # fmt: skip
@click.pass_context
@friendly
def chronology_command(ctx: click.Context, fmt: str, output: Path | None, agency: str | None, person: str | None,
                       date_from: datetime.date | None, date_to: datetime.date | None, known_by: str | None,
                       at: datetime.date | None, include_withdrawn: bool, named: bool,
                       publish: bool) -> None:  # fmt: skip
    """The joint, de-duplicated multi-agency chronology.

    Pseudonymised unless --named. Formats: table, json, csv, xlsx, docx, md.

    \b
    Example:
      jointchron chronology --format json --person "Child Bk" -o chronology.json
      jointchron chronology --known-by school --at 20/05/2019
      jointchron chronology --format docx --publish -o appendix.docx
    """
    check_privacy_flags(named, publish)
    if at is not None and known_by is None:
        raise click.UsageError("--at needs --known-by AGENCY: what did that agency hold by then?")
    if fmt in ("xlsx", "docx") and output is None:
        raise click.UsageError(f"--format {fmt} writes a file: add -o chronology.{fmt}")
    store = Store.open(store_of(ctx))
    query = ChronologyQuery(agency=agency_code(agency) if agency else None, person=person, date_from=date_from,
                            date_to=date_to, include_withdrawn=include_withdrawn, named=named,
                            known_by=agency_code(known_by) if known_by else None, at=at,
                            publish=publish)  # fmt: skip
    if fmt in ("xlsx", "docx", "md"):
        write_document(store, query, fmt, output)
        return
    records = store.chronology(query)
    store.close()
    if fmt == "table" and query.known_by:
        by = f" by {at:%d/%m/%Y}" if at else ""
        out.print(f"What {query.known_by} held{by}: {len(records)} entries", markup=False)
    if fmt == "json":
        emit(to_json(records), output)
    elif fmt == "csv":
        emit(to_csv(records), output)
    else:
        emit_table(records, output)


def check_privacy_flags(named: bool, publish: bool) -> None:
    if named and publish:
        raise click.UsageError(
            "--named and --publish cannot be combined: a published output shows no real names"
        )


def write_document(store: Store, query: ChronologyQuery, fmt: str, output: Path | None) -> None:
    from jointchron.exports.documents import chronology_document

    try:
        doc = chronology_document(store, query, with_gaps=fmt == "xlsx")
    finally:
        store.close()
    if fmt == "md":
        from jointchron.exports.markdown import to_markdown

        emit(to_markdown(doc), output)
        return
    assert output is not None
    if fmt == "xlsx":
        from jointchron.exports.excel import write_xlsx

        write_xlsx(doc, output)
    else:
        from jointchron.exports.word import write_docx

        write_docx(doc, output)
    err.print(f"Wrote {output} ({len(doc.records)} entries, {doc.mode})", markup=False)


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
    console = Console(file=io_text(output), width=200, highlight=False, markup=False)
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
    from jointchron.service.demo import build_demo

    made = build_demo(directory)
    out.print(made, markup=False)


@main.command()
@click.option("--at", "at", callback=uk_date, default=None, help="Held by this date (default: the latest).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--person", default=None, help="Only entries about this person (pseudonym).")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.option("--publish", is_flag=True, help="Dates to the month, no practitioners' names.")
@click.pass_context
@friendly
def knowledge(ctx: click.Context, at: datetime.date | None, fmt: str, output: Path | None, person: str | None,
              named: bool, publish: bool) -> None:  # fmt: skip
    """Who knew what, when: which agency held each key entry by a date.

    Key entries are disclosures, injuries, incidents, investigations, arrests, bail, charges,
    convictions, referrals, strategy discussions, section 47 enquiries, conferences and decisions,
    and any entry tagged with a kind of harm (sexual_abuse, domestic_abuse, iioc, …). A cell says
    how the agency held it: own (its record), sent, received, took part; `?` marks an entry whose
    uncertain date may fall after --at.

    \b
    Example:
      jointchron knowledge --at 21/05/2019
      jointchron knowledge --at 21/05/2019 --format csv -o knowledge.csv
    """
    from jointchron.exports.documents import HELD_LEGEND, held_label, held_letters
    from jointchron.exports.documents import knowledge as knowledge_matrix
    from jointchron.importers.report import neutralise

    check_privacy_flags(named, publish)
    store = Store.open(store_of(ctx))
    try:
        found = knowledge_matrix(store, at, named=named, publish=publish, person=person)
    finally:
        store.close()
    if fmt == "json":
        emit(json.dumps(found, indent=2, ensure_ascii=False) + "\n", output)
        return
    codes = [a["code"] for a in found["agencies"]]
    header = ["date", "kind", "subjects", "summary", *codes]
    label = held_label if fmt == "csv" else held_letters
    rows = [
        [e["display_date"] + ("?" if e["possibly_later"] else ""), e["kind"], ", ".join(e["subjects"]), e["summary"],
         *(label(e["held"][c]) for c in codes)]
        for e in found["entries"]
    ]  # fmt: skip
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[neutralise(str(v)) for v in row] for row in rows])
        emit(buffer.getvalue(), output)
        return
    by = f"by {at:%d/%m/%Y}" if at else "by the latest date"
    table = Table(title=f"Who held each key entry {by} ({found['mode']})", title_justify="left")
    for column in header:
        short = column in codes or column == "date"
        table.add_column(
            column, overflow="fold", no_wrap=short, min_width={"summary": 12, "kind": 10}.get(column)
        )
    for row in rows:
        table.add_row(*row)
    console = (
        out if output is None else Console(file=io_text(output), width=200, highlight=False, markup=False)
    )
    console.print(table)
    console.print(f"{HELD_LEGEND}; ? the date is uncertain and may be after {by[3:]}", markup=False)
    if output is not None:
        err.print(f"Wrote {output}", markup=False)


@main.command()
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
    from jointchron.service import corrections

    with opened_store(ctx) as store:
        done = corrections.amend(store, contact_id, settings, reason, by)
    out.print(f"Amended contact {done.contact_id} ({done.agency}), now version {done.version}: "
              f"{', '.join(done.fields)}. `jointchron history {done.contact_id}` lists every version.",
              markup=False)  # fmt: skip
    note_others(done.others_in_entry)


@main.command()
@click.argument("contact_id")
@click.option("--reason", required=True, help="Why it is withdrawn.")
@click.option("--by", default=None, help="Who withdraws it (default: your login name).")
@click.pass_context
@friendly
def withdraw(ctx: click.Context, contact_id: str, reason: str, by: str | None) -> None:
    """Withdraw a contact from the chronology; nothing is deleted (see --include-withdrawn, history).

    \b
    Example:
      jointchron withdraw 1b9d6bcd --reason "duplicate of the police record" --by "Review lead"
    """
    from jointchron.service import corrections

    with opened_store(ctx) as store:
        done = corrections.withdraw(store, contact_id, reason, by)
    out.print(f"Withdrew contact {done.contact_id} ({done.agency}), version {done.version}. It stays in its "
              "history and in `chronology --include-withdrawn`; `jointchron reinstate` undoes this.",
              markup=False)  # fmt: skip
    note_others(done.others_in_entry)


@main.command()
@click.argument("contact_id")
@click.option("--reason", required=True, help="Why it is reinstated.")
@click.option("--by", default=None, help="Who reinstates it (default: your login name).")
@click.pass_context
@friendly
def reinstate(ctx: click.Context, contact_id: str, reason: str, by: str | None) -> None:
    """Bring a withdrawn contact back into the chronology.

    \b
    Example:
      jointchron reinstate 1b9d6bcd --reason "withdrawn in error" --by "Review lead"
    """
    from jointchron.service import corrections

    with opened_store(ctx) as store:
        done = corrections.reinstate(store, contact_id, reason, by)
    out.print(f"Reinstated contact {done.contact_id} ({done.agency}), version {done.version}.", markup=False)


@main.command()
@click.argument("contact_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
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
    from jointchron.service import corrections

    with opened_store(ctx) as store:
        versions = corrections.history(store, contact_id, named=named)
    if fmt == "json":
        emit(to_json(versions), None)
        return
    out.print(f"History of contact {contact_id}: {len(versions)} versions", markup=False)
    for v in versions:
        when = v["at"].replace("T", " ")[:16]
        out.print(
            f"v{v['version']} {v['event']} {when} UTC by {v['by'] or 'unknown'}: {v['reason']}", markup=False
        )
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


@main.command()
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


@contextmanager
def opened_store(ctx: click.Context) -> Iterator[Store]:
    store = Store.open(store_of(ctx))
    try:
        yield store
    finally:
        store.close()


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("timeline.html"), show_default=True,
              help="The HTML file to write.")  # fmt: skip
@click.option("--person", default=None, help="Only this child and the adults connected to them (pseudonym).")
@click.option("--agency", default=None, help="Only entries recorded by this agency, and its gaps.")
@click.option(
    "--from", "date_from", callback=uk_date, default=None, help="Only entries on or after this date."
)
@click.option("--to", "date_to", callback=uk_date, default=None, help="Only entries on or before this date.")
@click.option(
    "--png", type=click.Path(path_type=Path), default=None, help="Also write the chart as a PNG image."
)
@click.option(
    "--svg", type=click.Path(path_type=Path), default=None, help="Also write the chart as an SVG image."
)
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def chart(ctx: click.Context, output: Path, person: str | None, agency: str | None, date_from: datetime.date | None,
          date_to: datetime.date | None, png: Path | None, svg: Path | None, named: bool) -> None:  # fmt: skip
    """Write the interactive timeline: one lane per agency, gap bands, filters, zoom.

    One self-contained HTML file that opens offline in any browser (nothing is fetched from
    the network). Drag across the strip under the lanes to zoom; pick a person or an agency above
    the chart; click a kind in the legend. --png/--svg write a still image for a written report.

    \b
    Example:
      jointchron chart -o timeline.html --person "Child Bk" --from 01/03/2019 --png timeline.png
    """
    from jointchron.viz.report import write_timeline

    query = ChronologyQuery(agency=agency_code(agency) if agency else None, person=person, date_from=date_from,
                            date_to=date_to, named=named)  # fmt: skip
    with opened_store(ctx) as store:
        data = store.review_data(query)
    write_timeline(data, output, png=png, svg=svg)
    written = ", ".join(str(p) for p in (output, png, svg) if p is not None)
    err.print(f"Wrote {written} ({len(data.entries)} entries, {len(data.gaps)} gaps)", markup=False)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("report.html"), show_default=True,
              help="The HTML file to write.")  # fmt: skip
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def report(ctx: click.Context, output: Path, named: bool) -> None:
    """Write the review pack: one HTML file for the panel, offline and self-contained.

    It holds the review's title, period and agencies; counts; the gaps with their explanation,
    basis and links to the rows behind them; which agencies held each gap's trigger by its due
    date; the timeline; contacts per agency per month; the people around each child; and the
    joint chronology as a table to search and filter.

    \b
    Example:
      jointchron report -o report.html
    """
    from jointchron.viz.report import write_report

    with opened_store(ctx) as store:
        data = store.review_data(ChronologyQuery(named=named))
    write_report(data, output)
    err.print(f"Wrote {output} ({len(data.entries)} entries, {len(data.gaps)} gaps)", markup=False)


@main.command("gaps")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--rulebook", default=None,
              help="england, wales, scotland or a rulebook TOML file (default: the review's jurisdiction).")  # fmt: skip
@click.option("--person", default=None, help="Only gaps about this person (pseudonym): child or adult.")
@click.option("--severity", default=None,
              help="Only gaps of this severity: high, medium or low (or several, e.g. high,medium).")  # fmt: skip
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def gaps_command(ctx: click.Context, fmt: str, output: Path | None, rulebook: str | None, person: str | None,
                 severity: str | None, named: bool) -> None:  # fmt: skip
    """Where information was not shared and the expected follow-up never came.

    Runs the rulebook of the review's jurisdiction (or --rulebook) over the joint chronology and
    lists each gap with its status (missing, late, incomplete, pattern), due date, follow-up, a
    sentence a panel can paste into its report, and the guidance it comes from. See `jointchron rules`.

    \b
    Example:
      jointchron gaps
      jointchron gaps --format json --severity high -o gaps.json
      jointchron gaps --person "Child Bk" --rulebook local-rules.toml
    """
    from jointchron.exports.plain import gaps_to_csv

    with opened_store(ctx) as store:
        records = store.gaps(rulebook=rulebook, person=person, severity=severity, named=named)
    if fmt == "json":
        emit(to_json(records), output)
    elif fmt == "csv":
        emit(gaps_to_csv(records), output)
    else:
        table = Table(show_lines=True)
        table.add_column("trigger", no_wrap=True)
        table.add_column("gap", min_width=12)
        table.add_column("explanation", ratio=1)
        for g in records:
            trigger = datetime.date.fromisoformat(g["trigger"]["date"]).strftime("%d/%m/%Y")
            table.add_row(trigger, f"{g['rule']}\n{g['severity']}, {g['status']}", g["explanation"])
        show_table(table, output)
        err.print(f"{len(records)} gaps", markup=False)


@main.command("rules")
@click.option("--rulebook", default=None,
              help="england, wales, scotland or a rulebook TOML file (default: the review's jurisdiction).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly
def rules_command(ctx: click.Context, rulebook: str | None, fmt: str) -> None:
    """The gap rules in force, each with its trigger, expected follow-up, window and basis.

    \b
    Example:
      jointchron rules
      jointchron rules --rulebook scotland --format json
    """
    where = store_of(ctx)
    rules = Store(where.directory, where).rules(rulebook)
    if fmt == "json":
        emit(to_json(rules), None)
        return
    out.print(rules[0]["rulebook_title"], markup=False)
    for r in rules:
        window = f", within {r['within']}" if r["within"] else ""
        out.print(f"\n{r['id']} ({r['severity']}{window}): {r['title']}", markup=False)
        for label in ("trigger", "judged_for", "expected", "basis"):
            out.print(f"  {label.replace('_', ' ')}: {r[label]}", markup=False)


def show_table(table: Table, output: Path | None) -> None:
    if output is None:
        out.print(table)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
        Console(file=handle, width=200, highlight=False, markup=False).print(table)
    err.print(f"Wrote {output}", markup=False)


@main.command()
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
    if output is None:
        out.print(new_key(), markup=False)
        return
    write_key(output)
    err.print(f"Wrote a new key to {output}, readable by you only. Keep a copy somewhere safe: "
              "without it the store cannot be read.", markup=False)  # fmt: skip


@main.command("log")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@friendly
def log_command(ctx: click.Context, fmt: str) -> None:
    """Every command that changed the store: when, who (--by or the login name) and what.

    Arguments are shown without personal data: file names, agency codes, ids and flags.

    \b
    Example:
      jointchron log
      jointchron log --format json
    """
    store = Store.open(store_of(ctx))
    entries = store.audit_log()
    store.close()
    if fmt == "json":
        emit(to_json(entries), None)
        return
    table = Table(show_lines=False)
    for column in ("when (UTC)", "who", "command", "arguments"):
        table.add_column(column)
    for e in entries:
        table.add_row(e["at"].replace("T", " ")[:19], e["by"], e["command"], " ".join(e["arguments"]))
    out.print(table)


if __name__ == "__main__":  # pragma: no cover
    main()
