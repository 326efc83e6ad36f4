"""`chart` and `report`: the timeline and the review pack as HTML."""

from __future__ import annotations

import datetime
from contextlib import ExitStack
from pathlib import Path

import click

from jointchron.cli.common import (
    err,
    force_option,
    friendly,
    opened_store,
    output_to,
    uk_date,
)
from jointchron.domain.vocabulary import agency_code


@click.command()
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
@force_option
@click.pass_context
@friendly
def chart(ctx: click.Context, output: Path, person: str | None, agency: str | None, date_from: datetime.date | None,
          date_to: datetime.date | None, png: Path | None, svg: Path | None, named: bool) -> None:  # fmt: skip
    """Write the interactive timeline: a lane per agency, a row of gap bars per rule, filters, zoom.

    One self-contained HTML file that opens offline in any browser (nothing is fetched from
    the network). The axis spans the review period (or --from/--to). Drag across the strip under
    the lanes to zoom; pick a person or an agency above the chart; click a kind in the key.
    --png/--svg write a still image for a written report.

    \b
    Example:
      jointchron chart -o timeline.html --person "Child Bk" --from 01/03/2019 --png timeline.png
    """
    from jointchron.service.review_store import ChronologyQuery
    from jointchron.viz.report import write_timeline

    query = ChronologyQuery(agency=agency_code(agency) if agency else None, person=person, date_from=date_from,
                            date_to=date_to, named=named)  # fmt: skip
    with opened_store(ctx) as store:
        data = store.review_data(query)
    with ExitStack() as files:
        html, still, vector = (
            None if p is None else files.enter_context(output_to(p)) for p in (output, png, svg)
        )
        assert html is not None
        write_timeline(data, html, png=still, svg=vector)
    written = ", ".join(str(p) for p in (output, png, svg) if p is not None)
    err.print(f"Wrote {written} ({len(data.entries)} entries, {len(data.gaps)} gaps)", markup=False)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("report.html"), show_default=True,
              help="The file to write: .html (interactive, offline), .docx (Word) or .pdf.")  # fmt: skip
@click.option("--person", default=None, help="Only this child and the adults connected to them (pseudonym).")
@click.option(
    "--from", "date_from", callback=uk_date, default=None, help="Only entries on or after this date."
)
@click.option("--to", "date_to", callback=uk_date, default=None, help="Only entries on or before this date.")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@force_option
@click.pass_context
@friendly
def report(ctx: click.Context, output: Path, person: str | None, date_from: datetime.date | None,
           date_to: datetime.date | None, named: bool) -> None:  # fmt: skip
    """Write the review pack: HTML for the panel's screen, Word or PDF for the written review.

    The format follows the file's suffix (.html, .docx, .pdf; any other is refused). The HTML pack
    holds the review's title, period and agencies; counts; the gaps with their explanation, basis,
    the panel's judgement and links to the rows behind them; who held each gap's trigger; the
    timeline; contacts per agency per month; the people around each child; the joint chronology to
    search and filter; the key practice episodes and the open questions. The Word and PDF packs
    hold the title, period and agencies, the findings with the panel's judgements, the key practice
    episodes with the panel's analysis, the joint chronology on landscape pages, the timeline as an
    image and the open questions.

    \b
    Example:
      jointchron report -o report.html
      jointchron report -o pack.docx
      jointchron report -o pack.pdf --person "Child Bk" --from 01/03/2019 --to 30/06/2019
    """
    from jointchron.exports.pack import pack_format
    from jointchron.exports.pack_writer import write_pack
    from jointchron.service.review_store import ChronologyQuery

    pack_format(output)  # a suffix it cannot write is refused before any work
    query = ChronologyQuery(person=person, date_from=date_from, date_to=date_to, named=named)
    with opened_store(ctx) as store, output_to(output) as partial:
        written = write_pack(store, query, partial)
    gaps = sum(len(f.gaps) for f in written.findings)
    err.print(f"Wrote {output} ({len(written.records)} entries, {gaps} gaps in {len(written.findings)} findings, "
              f"{len(written.episodes)} episodes, {len(written.open_questions)} open questions)", markup=False)  # fmt: skip
