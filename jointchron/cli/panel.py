"""The panel's own work: `note`, `mark`, `episode`, `gaps judge`, `question`, `answer`, `questions`, `retract`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click

from jointchron.cli.common import emit, friendly, new_table, opened_store, out, show_table, uk_date

_BY = click.option("--by", default=None, help="Who records it (default: your login name).")


@click.command()
@click.argument("entry_id")
@click.argument("text")
@_BY
@click.pass_context
@friendly
def note(ctx: click.Context, entry_id: str, text: str, by: str | None) -> None:
    """Add the panel's note (analysis, question, comment) to an entry of the joint chronology.

    The note is an event: it stays with the entry through re-imports, revised extracts and
    rebuilds, shows in every chronology output (the `analysis` column) and the report, and is
    never deleted (`jointchron retract NOTE_ID` withdraws it). Names in it are pseudonymised in
    every output unless --named. ENTRY_ID is an entry id from `chronology --format json`, or its
    first 8 characters.

    \b
    Example:
      jointchron note 1b9d6bcd "School not told of the arrest: see the police record" --by "Panel chair"
    """
    with opened_store(ctx) as store:
        done = store.add_note(entry_id, text, by)
    out.print(f"Noted on entry {done.about}: note {done.id}", markup=False)


@click.command()
@click.argument("entry_id")
@click.option(
    "--significant/--not-significant", default=None, help="Mark the entry significant, or no longer."
)
@click.option("--reason", default="", help="Why it matters (or no longer does).")
@_BY
@click.pass_context
@friendly
def mark(ctx: click.Context, entry_id: str, significant: bool | None, reason: str, by: str | None) -> None:
    """Mark an entry of the joint chronology as significant (or not); `chronology --significant` lists them.

    \b
    Example:
      jointchron mark 1b9d6bcd --significant --reason "first disclosure"
      jointchron mark 1b9d6bcd --not-significant --reason "the panel agreed it was routine"
    """
    if significant is None:
        raise click.UsageError("say which: --significant or --not-significant")
    with opened_store(ctx) as store:
        done = store.mark(entry_id, significant, reason, by)
    said = "significant" if significant else "not significant"
    out.print(f"Marked entry {done.about} {said} (mark {done.version} of this entry)", markup=False)


@click.group()
def episode() -> None:
    """Key practice episodes: a named period of the case, its entries, and the panel's analysis."""


@episode.command("add")
@click.argument("title")
@click.option("--from", "date_from", callback=uk_date, required=True, help="The first day of the episode.")
@click.option("--to", "date_to", callback=uk_date, required=True, help="The last day of the episode.")
@click.option("--entries", default="", metavar="ID,...",
              help="The entries it holds (ids, comma-separated); default: every entry of the period.")  # fmt: skip
@click.option("--summary", default="", help="What happened in it, in a sentence or two.")
@_BY
@click.pass_context
@friendly
def episode_add(ctx: click.Context, title: str, date_from: datetime.date, date_to: datetime.date, entries: str,
                summary: str, by: str | None) -> None:  # fmt: skip
    """Add a key practice episode.

    \b
    Example:
      jointchron episode add "Disclosure and strategy discussion" --from 12/03/2019 --to 20/03/2019 \\
        --entries 1b9d6bcd,7c2e41aa --summary "Child Bk told her teacher; police and CSC met."
    """
    with opened_store(ctx) as store:
        done = store.add_episode(title, date_from, date_to, entries.split(","), summary, by)
    out.print(f"Added episode {done.id}", markup=False)


@episode.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for the terminal, json for a program.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def episode_list(ctx: click.Context, fmt: str, output: Path | None, named: bool) -> None:
    """List the key practice episodes with their entries and the panel's analysis.

    \b
    Example:
      jointchron episode list --format json
    """
    with opened_store(ctx) as store:
        found = store.episodes(named=named)
    if fmt == "json":
        emit(json.dumps(found, indent=2, ensure_ascii=False) + "\n", output)
        return
    table = new_table(show_lines=True)
    for column in ("id", "episode", "period", "entries", "analysis"):
        table.add_column(column, overflow="fold")
    for e in found:
        analysis = "\n".join(a["text"] for a in e["analysis"])
        table.add_row(e["id"][:8], e["title"] + (f"\n{e['summary']}" if e["summary"] else ""),
                      f"{_uk(e['from'])} to {_uk(e['to'])}", str(len(e["entries"])), analysis)  # fmt: skip
    show_table(table, output)


@episode.command("note")
@click.argument("episode_id")
@click.argument("text")
@_BY
@click.pass_context
@friendly
def episode_note(ctx: click.Context, episode_id: str, text: str, by: str | None) -> None:
    """Add the panel's analysis to a key practice episode.

    \b
    Example:
      jointchron episode note 5f3a9c01 "No agency shared the arrest with the school in time."
    """
    with opened_store(ctx) as store:
        done = store.note_episode(episode_id, text, by)
    out.print(f"Noted on episode {done.about}: note {done.id}", markup=False)


@click.command("judge")
@click.argument("gap_id")
@click.option("--accept", "decision", flag_value="accept", help="The gap is real.")
@click.option(
    "--dismiss", "decision", flag_value="dismiss", help="Not a gap: it leaves the default gaps list."
)
@click.option("--reason", required=True, help="What the panel found.")
@_BY
@click.pass_context
@friendly
def judge(ctx: click.Context, gap_id: str, decision: str | None, reason: str, by: str | None) -> None:
    """Record the panel's judgement on a gap: --accept (a real gap) or --dismiss (with the reason).

    A dismissed gap leaves the default gaps list and the report's findings; `gaps --all` still
    shows it with its reason. The judgement stays with the gap (gap ids are stable) and is flagged
    for review when a revised extract changes the gap's evidence.

    \b
    Example:
      jointchron gaps judge 3e1f0a2b --dismiss --reason "CSC held the strategy discussion by phone; minutes seen"
    """
    if decision is None:
        raise click.UsageError("say which: --accept or --dismiss")
    with opened_store(ctx) as store:
        done = store.judge(gap_id, "accept" if decision == "accept" else "dismiss", reason, by)
    out.print(f"Judged gap {done.id}: {decision}ed (judgement {done.version} of this gap)", markup=False)


@click.command()
@click.argument("agency")
@click.argument("text")
@click.option("--about", default=None, metavar="ENTRY_ID|GAP_ID", help="The entry or gap it is about.")
@_BY
@click.pass_context
@friendly
def question(ctx: click.Context, agency: str, text: str, about: str | None, by: str | None) -> None:
    """Record a question the panel puts to an agency; `jointchron answer` records the reply.

    \b
    Example:
      jointchron question school "Was the DSL told of the arrest on 14/03?" --about 1b9d6bcd
    """
    with opened_store(ctx) as store:
        done = store.ask(agency, text, about, by)
    out.print(f"Asked: question {done.id}", markup=False)


@click.command()
@click.argument("question_id")
@click.argument("text")
@_BY
@click.pass_context
@friendly
def answer(ctx: click.Context, question_id: str, text: str, by: str | None) -> None:
    """Record an agency's answer to a question of the panel.

    \b
    Example:
      jointchron answer 9a0c77e1 "No: the DSL learned of it on 02/04/2019." --by "School DSL"
    """
    with opened_store(ctx) as store:
        done = store.answer(question_id, text, by)
    out.print(f"Answered question {done.id}", markup=False)


@click.command()
@click.option("--open", "open_only", is_flag=True, help="Only questions not yet answered.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for the terminal, json for a program.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@click.option("--named", is_flag=True, help="Show real names instead of pseudonyms.")
@click.pass_context
@friendly
def questions(ctx: click.Context, open_only: bool, fmt: str, output: Path | None, named: bool) -> None:
    """List the panel's questions to agencies, with their answers.

    \b
    Example:
      jointchron questions --open
    """
    with opened_store(ctx) as store:
        found = store.questions(open_only=open_only, named=named)
    if fmt == "json":
        emit(json.dumps(found, indent=2, ensure_ascii=False) + "\n", output)
        return
    table = new_table(show_lines=True)
    for column in ("id", "agency", "question", "answer"):
        table.add_column(column, overflow="fold")
    for q in found:
        answers = "\n".join(f"{a['text']} ({a['by']})" for a in q["answers"]) or "open"
        table.add_row(q["id"][:8], q["agency"], q["text"], answers)
    show_table(table, output)


@click.command()
@click.argument("annotation_id")
@click.option("--reason", required=True, help="Why it is withdrawn.")
@_BY
@click.pass_context
@friendly
def retract(ctx: click.Context, annotation_id: str, reason: str, by: str | None) -> None:
    """Withdraw the panel's note, episode, question or judgement; nothing is deleted.

    ANNOTATION_ID is a note's, episode's or question's id, or the id of a judged gap.

    \b
    Example:
      jointchron retract 5f3a9c01 --reason "written on the wrong entry"
    """
    with opened_store(ctx) as store:
        done = store.retract(annotation_id, reason, by)
    out.print(f"Withdrew {done.about} {done.id}; it stays in the history", markup=False)


def _uk(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts))
