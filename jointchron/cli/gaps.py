"""`gaps` and `rules`: gaps against statutory guidance, and the rules in force."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from jointchron.cli.common import (
    emit,
    err,
    force_option,
    friendly,
    opened_store,
    out,
    show_table,
    store_of,
)


@click.group("gaps", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="A table in the terminal, JSON (every field) or CSV (one gap a row).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--rulebook", default=None,
              help="england, wales, scotland or a rulebook TOML file (default: the review's jurisdiction).")  # fmt: skip
@click.option("--person", default=None, help="Only gaps about this person (pseudonym): child or adult.")
@click.option("--severity", default=None,
              help="Only gaps of this severity: high, medium or low (or several, e.g. high,medium).")  # fmt: skip
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.option(
    "--all", "include_dismissed", is_flag=True, help="Also the gaps the panel dismissed, with its reason."
)
@force_option
@click.pass_context
@friendly
def gaps_command(ctx: click.Context, fmt: str, output: Path | None, rulebook: str | None, person: str | None,
                 severity: str | None, named: bool, include_dismissed: bool) -> None:  # fmt: skip
    """Where information was not shared and the expected follow-up never came.

    Runs the rulebook of the review's jurisdiction (or --rulebook) over the joint chronology and
    lists each gap with its status (missing, late, incomplete, pattern), due date, follow-up, a
    sentence a panel can paste into its report, and the guidance it comes from. See `jointchron rules`.
    The panel's judgement shows beside each gap; those it dismissed only with --all. `gaps judge
    GAP_ID --accept|--dismiss --reason TEXT` records one.

    \b
    Example:
      jointchron gaps
      jointchron gaps --all
      jointchron gaps --format json --severity high -o gaps.json
      jointchron gaps --person "Child Bk" --rulebook local-rules.toml
    """
    from jointchron.exports.plain import gaps_to_csv, to_json

    if ctx.invoked_subcommand is not None:
        return
    with opened_store(ctx) as store:
        records = store.gaps(rulebook=rulebook, person=person, severity=severity, named=named,
                             include_dismissed=include_dismissed)  # fmt: skip
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
            table.add_row(trigger, f"{g['rule']}\n{g['severity']}, {g['status']}\n{g['id'][:8]}",
                          g["explanation"] + judgement_text(g.get("judgement")))  # fmt: skip
        show_table(table, output)
        err.print(f"{len(records)} gaps", markup=False)


def judgement_text(judgement: dict[str, Any] | None) -> str:
    """The panel's judgement under a gap's explanation in the table."""
    if not judgement:
        return ""
    review = " (needs review: " + ", ".join(judgement["changed"] or ["the gap"]) + " changed)" if judgement[
        "needs_review"] else ""  # fmt: skip
    return f"\nPanel: {judgement['decision']}: {judgement['reason']}{review}"


@click.command("rules")
@click.option("--rulebook", default=None,
              help="england, wales, scotland or a rulebook TOML file (default: the review's jurisdiction).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table in the terminal, or JSON (with each rule's trigger, window and basis).")  # fmt: skip
@click.pass_context
@friendly
def rules_command(ctx: click.Context, rulebook: str | None, fmt: str) -> None:
    """The gap rules in force, each with its trigger, expected follow-up, window and basis.

    \b
    Example:
      jointchron rules
      jointchron rules --rulebook scotland --format json
    """
    from jointchron.exports.plain import to_json
    from jointchron.service.review_store import Store

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
