"""The command line as a user meets it: documented commands, and the demo from the installed script."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from jointchron.cli import main


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("command", commands(main), ids=" ".join)
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "jointchron " in result.output.split("Example:")[1]


def test_the_demo_builds_a_review_and_writes_an_openable_chronology(tmp_path: Path) -> None:
    script = shutil.which("jointchron", path=str(Path(sys.executable).parent)) or shutil.which("jointchron")
    assert script, "the jointchron console script is not installed"
    env = {k: v for k, v in os.environ.items() if k != "JOINTCHRON_STORE"}
    result = subprocess.run(
        [script, "demo"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300
    )

    assert result.returncode == 0, result.stderr
    assert "Try next" in result.stdout
    with (tmp_path / "jointchron-demo" / "chronology.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries = json.loads((tmp_path / "jointchron-demo" / "chronology.json").read_text(encoding="utf-8"))
    assert len(rows) == len(entries) >= 40
    assert len({a for e in entries for a in e["agencies"]}) >= 3
    assert any(len(e["sources"]) > 1 for e in entries)
    text = (tmp_path / "jointchron-demo" / "chronology.json").read_text(encoding="utf-8")
    for real_name in ("Maggie", "Turner", "Darren", "Doyle", "Sarah"):
        assert real_name not in text

    again = subprocess.run(
        [script, "demo"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300
    )
    assert again.returncode == 0, again.stderr
