"""`chart` and `report`: the timeline and the review pack as HTML."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from jointchron.cli.common import (
    err,
    friendly,
    opened_store,
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
    from jointchron.service.review_store import ChronologyQuery
    from jointchron.viz.report import write_timeline

    query = ChronologyQuery(agency=agency_code(agency) if agency else None, person=person, date_from=date_from,
                            date_to=date_to, named=named)  # fmt: skip
    with opened_store(ctx) as store:
        data = store.review_data(query)
    write_timeline(data, output, png=png, svg=svg)
    written = ", ".join(str(p) for p in (output, png, svg) if p is not None)
    err.print(f"Wrote {written} ({len(data.entries)} entries, {len(data.gaps)} gaps)", markup=False)


@click.command()
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
    from jointchron.service.review_store import ChronologyQuery
    from jointchron.viz.report import write_report

    with opened_store(ctx) as store:
        data = store.review_data(ChronologyQuery(named=named))
    write_report(data, output)
    err.print(f"Wrote {output} ({len(data.entries)} entries, {len(data.gaps)} gaps)", markup=False)
