"""`redact` and `publish-check`: preparing a review's appendix for publication without jigsaw identification."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jointchron.cli.common import emit, err, force_option, friendly, opened_store, out


@click.group()
def redact() -> None:
    """The review's redaction list: terms every --publish output replaces (schools, streets, places).

    \b
    Example:
      jointchron redact add "Oakfield Primary" --as "the school"
      jointchron redact list
    """


@redact.command("add")
@click.argument("term")
@click.option("--as", "label", default=None, metavar="LABEL",
              help="What a published output shows instead (default: [redacted]).")  # fmt: skip
@click.option("--by", default=None, help="Who adds it (default: your login name).")
@click.pass_context
@friendly
def redact_add(ctx: click.Context, term: str, label: str | None, by: str | None) -> None:
    """Add TERM to the redaction list (any case; adding it again gives it a new label).

    \b
    Example:
      jointchron redact add "Elm Row" --as "the family's street"
      jointchron redact add Oldham --as "the town"
    """
    with opened_store(ctx) as store:
        store.add_redaction(term, label, by)
    out.print(f"Every published output now shows {label or '[redacted]'} for this term; "
              "`jointchron publish-check` lists what is left.", markup=False)  # fmt: skip


@redact.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A line per term, or JSON.")  # fmt: skip
@click.pass_context
@friendly
def redact_list(ctx: click.Context, fmt: str) -> None:
    """The redaction list: each term and the label published outputs show for it.

    \b
    Example:
      jointchron redact list --format json
    """
    from jointchron.exports.plain import to_json

    with opened_store(ctx) as store:
        listed = store.redactions()
    if fmt == "json":
        emit(to_json(listed), None)
        return
    for entry in listed:
        out.print(f"{entry['term']} → {entry['label']}", markup=False)
    if not listed:
        out.print(
            "The redaction list is empty; add terms with `jointchron redact add TERM --as LABEL`.",
            markup=False,
        )


@click.command("publish-check")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A line per term with where it occurs, or JSON (term, count, where).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to this file.")
@force_option
@click.pass_context
@friendly
def publish_check(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """List every capitalised term a --publish output would still show that is not an ordinary word
    and not a pseudonym, with where it occurs: add each that identifies anyone to the redaction list.

    Exit status 0 when none is left, 1 when some are.

    \b
    Example:
      jointchron publish-check
      jointchron redact add "Oakfield Primary" --as "the school" && jointchron publish-check
    """
    from jointchron.exports.plain import to_json

    with opened_store(ctx) as store:
        terms = store.publish_check()
    if fmt == "json":
        emit(to_json(terms), output)
    else:
        lines = [f"{t['term']} ({t['count']}×): " + "; ".join(_place(w) for w in t["where"]) for t in terms]
        emit("".join(line + "\n" for line in lines), output)
        if terms:
            err.print(f"{len(terms)} terms left; add those that identify anyone with "
                      '`jointchron redact add "TERM" --as LABEL`.', markup=False)  # fmt: skip
        else:
            err.print(
                "No capitalised term is left that is not an ordinary word or a pseudonym.", markup=False
            )
    sys.exit(1 if terms else 0)


def _place(where: dict[str, object]) -> str:
    if where.get("entry") is None:
        return str(where["field"])
    return f"entry {str(where['entry'])[:8]} ({where['date']}) {where['field']}"
