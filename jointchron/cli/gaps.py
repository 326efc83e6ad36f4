"""`gaps` and `rules`: gaps against statutory guidance, and the rules in force."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jointchron.cli.common import (
    emit,
    err,
    force_option,
    friendly,
    new_table,
    opened_store,
    out,
    show_table,
    store_of,
)

if TYPE_CHECKING:
    from jointchron.projections.gaps import GapReport


@click.group("gaps", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="A table in the terminal, JSON (every field) or CSV (one gap a row).")  # fmt: skip
@click.option("--by", "by", type=click.Choice(["gap", "finding"]), default="gap", show_default=True,
              help="One row a gap, or one a finding: the gaps one trigger left, across children and agencies.")  # fmt: skip
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
def gaps_command(ctx: click.Context, fmt: str, by: str, output: Path | None, rulebook: str | None,
                 person: str | None, severity: str | None, named: bool, include_dismissed: bool) -> None:  # fmt: skip
    """Where information was not shared and the expected follow-up never came.

    Runs the rulebook of the review's jurisdiction (or --rulebook) over the joint chronology and
    lists each gap with its status (missing, late, incomplete, pattern), due date, follow-up, a
    sentence a panel can paste into its report, and the guidance it comes from. --by finding
    groups the gaps of one trigger (every child, adult and agency it concerns) into one finding.
    A rule the records cannot support is named as not assessable, and raises no gap; a record
    that ends before it starts is a data problem, not a gap. See `jointchron rules`.
    The panel's judgement shows beside each gap; those it dismissed only with --all. `gaps judge
    GAP_ID --accept|--dismiss --reason TEXT` records one.

    \b
    Example:
      jointchron gaps
      jointchron gaps --by finding
      jointchron gaps --all
      jointchron gaps --format json --severity high -o gaps.json
      jointchron gaps --person "Child Bk" --rulebook local-rules.toml
    """
    from jointchron.exports.plain import findings_to_csv, gaps_to_csv, to_json

    if ctx.invoked_subcommand is not None:
        return
    with opened_store(ctx) as store:
        found = store.gap_report(rulebook=rulebook, person=person, severity=severity, named=named,
                                 include_dismissed=include_dismissed)  # fmt: skip
    records = found.findings if by == "finding" else found.gaps
    if fmt == "json":
        emit(to_json(records), output)
    elif fmt == "csv":
        emit((findings_to_csv if by == "finding" else gaps_to_csv)(records), output)
    else:
        table = new_table(show_lines=True, caption=gaps_caption(found), caption_justify="left")
        table.add_column("trigger", no_wrap=True)
        table.add_column(by, min_width=12)
        table.add_column("explanation", ratio=1)
        for g in records:
            trigger = datetime.date.fromisoformat(g["trigger"]["date"]).strftime("%d/%m/%Y")
            if by == "finding":
                count = f"\n{len(g['gaps'])} gaps" if len(g["gaps"]) > 1 else ""
                table.add_row(trigger, f"{g['rule']}\n{g['severity']}, {g['status']}{count}\n{g['id'][:8]}",
                              g["explanation"])  # fmt: skip
                continue
            table.add_row(trigger, f"{g['rule']}\n{g['severity']}, {g['status']}\n{g['id'][:8]}",
                          g["explanation"] + judgement_text(g.get("judgement")))  # fmt: skip
        show_table(table, output)
        counted = (
            f"{len(found.findings)} findings ({len(found.gaps)} gaps)"
            if by == "finding"
            else f"{len(records)} gaps"
        )
        err.print(counted, markup=False)


def gaps_caption(found: GapReport) -> str:
    """Said once under the table: the rules the records cannot support, and the data problems met."""
    lines = []
    if found.not_assessable:
        named = "; ".join(f"{r['id']}: {r['why']}" for r in found.not_assessable)
        lines.append(f"Rules not assessable from these records (no gap raised; not recorded is not the same "
                     f"as not done): {named}")  # fmt: skip
    for problem in found.problems:
        lines.append(f"Data problem (not judged): {problem['explanation']}")
    return "\n".join(lines)


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

    Each rule also says whether this review's records can support it: a rule whose evidence no
    extract records at all (the CIN census records no decisions) is not assessable, and why.

    \b
    Example:
      jointchron rules
      jointchron rules --rulebook scotland --format json
    """
    from jointchron.exports.plain import to_json
    from jointchron.service.review_store import Store

    where = store_of(ctx)
    store = Store(where.directory, where)
    try:
        rules = store.rules(rulebook)
    finally:
        store.close()
    if fmt == "json":
        emit(to_json(rules), None)
        return
    out.print(rules[0]["rulebook_title"], markup=False)
    for r in rules:
        window = f", within {r['within']}" if r["within"] else ""
        out.print(f"\n{r['id']} ({r['severity']}{window}): {r['title']}", markup=False)
        for label in ("trigger", "judged_for", "expected", "basis"):
            out.print(f"  {label.replace('_', ' ')}: {r[label]}", markup=False)
        if not r["assessable"]:
            out.print(f"  not assessable: {r['why']}", markup=False)
