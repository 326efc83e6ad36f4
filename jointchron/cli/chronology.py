"""`chronology` and `knowledge`: the joint chronology, and who held what by when."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jointchron.cli.common import (
    check_privacy_flags,
    emit,
    err,
    force_option,
    friendly,
    new_table,
    out,
    output_to,
    store_of,
    text_console,
    uk_date,
)
from jointchron.domain.vocabulary import agency_code

if TYPE_CHECKING:
    from jointchron.service.review_store import ChronologyQuery, Store


@click.command("chronology")
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
@click.option("--significant", is_flag=True, help="Only the entries the panel marked significant (`mark`).")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.option("--publish", is_flag=True,
              help="For a published review's appendix: also dates to the month, no practitioners' names.")  # fmt: skip
@force_option
@click.pass_context
@friendly
def chronology_command(ctx: click.Context, fmt: str, output: Path | None, agency: str | None, person: str | None,
                       date_from: datetime.date | None, date_to: datetime.date | None, known_by: str | None,
                       at: datetime.date | None, include_withdrawn: bool, significant: bool, named: bool,
                       publish: bool) -> None:  # fmt: skip
    """The joint, de-duplicated multi-agency chronology.

    Pseudonymised unless --named. Formats: table, json, csv, xlsx, docx, md. Each entry carries the
    panel's notes (`analysis`), its `significant` mark and the episodes it belongs to.

    \b
    Example:
      jointchron chronology --format json --person "Child Bk" -o chronology.json
      jointchron chronology --known-by school --at 20/05/2019
      jointchron chronology --format docx --publish -o appendix.docx
    """
    from jointchron.exports.plain import to_csv, to_json
    from jointchron.service.review_store import ChronologyQuery, Store

    check_privacy_flags(named, publish)
    if at is not None and known_by is None:
        raise click.UsageError("--at needs --known-by AGENCY: what did that agency hold by then?")
    if fmt in ("xlsx", "docx") and output is None:
        raise click.UsageError(f"--format {fmt} writes a file: add -o chronology.{fmt}")
    store = Store.open(store_of(ctx))
    query = ChronologyQuery(agency=agency_code(agency) if agency else None, person=person, date_from=date_from,
                            date_to=date_to, include_withdrawn=include_withdrawn, named=named,
                            known_by=agency_code(known_by) if known_by else None, at=at,
                            publish=publish, significant=significant)  # fmt: skip
    if fmt in ("xlsx", "docx", "md"):
        write_document(store, query, fmt, output)
        return
    records = store.entries(query, brief=fmt in ("csv", "table"))
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
        from jointchron.exports.excel import write_xlsx as write
    else:
        from jointchron.exports.word import write_docx as write
    with output_to(output) as partial:
        write(doc, partial)
    err.print(f"Wrote {output} ({len(doc.records)} entries, {doc.mode})", markup=False)


def emit_table(records: list[dict[str, Any]], output: Path | None) -> None:
    table = new_table(show_lines=False)
    for column in ("date", "agencies", "kind", "subjects", "summary", "status", "analysis"):
        table.add_column(column)
    for r in records:
        date = ("* " if r.get("significant") else "") + r["display_date"]
        table.add_row(date, ", ".join(r["agencies"]), r["kind"], ", ".join(r["subjects"]), r["summary"],
                      "" if r["status"] == "recorded" else r["status"], r.get("analysis") or "")  # fmt: skip
    if output is None:
        out.print(table)
        return
    with text_console(output) as console:
        console.print(table)
    err.print(f"Wrote {output}", markup=False)


@click.command()
@click.option("--at", "at", callback=uk_date, default=None, help="Held by this date (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="A table in the terminal, JSON (held, held_by per entry) or CSV for a spreadsheet.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--person", default=None, help="Only entries about this person (pseudonym).")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.option("--publish", is_flag=True, help="Dates to the month, no practitioners' names.")
@force_option
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
    from jointchron.domain.text import neutralise
    from jointchron.exports.documents import HELD_LEGEND, held_label, held_letters
    from jointchron.exports.documents import knowledge as knowledge_matrix
    from jointchron.service.review_store import Store

    check_privacy_flags(named, publish)
    store = Store.open(store_of(ctx))
    try:
        found = knowledge_matrix(store, at, named=named, publish=publish, person=person)
    finally:
        store.close()
    if fmt == "json":
        from jointchron.exports.plain import to_json

        emit(to_json(found), output)
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
    table = new_table(title=f"Who held each key entry {by} ({found['mode']})", title_justify="left")
    for column in header:
        short = column in codes or column == "date"
        table.add_column(
            column, overflow="fold", no_wrap=short, min_width={"summary": 12, "kind": 10}.get(column)
        )
    for row in rows:
        table.add_row(*row)
    legend = f"{HELD_LEGEND}; ? the date is uncertain and may be after {by[3:]}"
    if output is None:
        out.print(table)
        out.print(legend, markup=False)
        return
    with text_console(output) as console:
        console.print(table)
        console.print(legend, markup=False)
    err.print(f"Wrote {output}", markup=False)
