"""The `jointchron` command: a thin layer over the service; errors become one line and an exit status.

One module per command group; this one holds the root group and gathers them.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from jointchron.cli import (
    agencies,
    chronology,
    corrections,
    extracts,
    gaps,
    imports,
    panel,
    people,
    pictures,
    publication,
    review,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", default=None, metavar="DIR|URL",
              help="Store directory, or postgresql://user:password@host:port/db?schema=NAME for a shared "
                   "event log (default: $JOINTCHRON_STORE, else ./.jointchron; see docs/store.md).")  # fmt: skip
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
    # Every file and folder this command makes is its owner's alone, whatever the shell's umask (the store,
    # its rejects files, exports); a file it replaces keeps its mode.
    previous = os.umask(0o077)
    ctx.call_on_close(lambda: os.umask(previous))


for command in (
    review.init,
    people.people,
    people.relationships,
    agencies.agencies,
    imports.import_extract,
    imports.profiles_command,
    extracts.extracts_command,
    chronology.chronology_command,
    review.rebuild,
    review.demo,
    chronology.knowledge,
    corrections.amend,
    corrections.withdraw,
    corrections.reinstate,
    corrections.history,
    review.verify,
    pictures.chart,
    pictures.report,
    gaps.gaps_command,
    gaps.rules_command,
    review.keygen,
    review.log_command,
    panel.note,
    panel.mark,
    panel.episode,
    panel.question,
    panel.answer,
    panel.questions,
    panel.retract,
    publication.redact,
    publication.publish_check,
):
    main.add_command(command)
gaps.gaps_command.add_command(panel.judge)
