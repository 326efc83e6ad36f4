"""The manual in docs/ and the README: every command and option documented, and no link out of the repository.

As sqlite-utils checks its own: the command line reference is generated from the commands (mkdocs-click), so it
is rendered here with the same extension the site uses, and every command of the manual is also shown in use on
a page written by hand.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import click
import markdown
import pytest
import yaml

from jointchron.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
GLOBAL_OPTIONS = re.compile(r"\s--(?:store|key-file)(?:=|\s+)(?:\"[^\"]*\"|'[^']*'|\S+)")


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []
    for name, command in sorted(group.commands.items()):
        found.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
    return found


ALL = [((), main), *commands(main)]
LEAVES = [(path, command) for path, command in ALL if not isinstance(command, click.Group)]


def options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option) and not p.hidden]


def reference_sections() -> dict[str, str]:
    """The command line page as the site renders it, cut into one text per command heading."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    settings = {
        next(iter(e)): next(iter(e.values())) for e in config["markdown_extensions"] if isinstance(e, dict)
    }
    page = markdown.Markdown(extensions=names, extension_configs=settings).convert(
        (DOCS / "cli.md").read_text(encoding="utf-8")
    )
    parts = re.split(r"<h[1-6][^>]*>(jointchron[^<]*)<.*?</h[1-6]>", page)
    return {
        parts[i].strip(): html.unescape(re.sub(r"<[^>]+>", "", parts[i + 1])) for i in range(1, len(parts), 2)
    }


def manual_code() -> str:
    """Every code block of the pages written by hand (all but the generated command line page)."""
    blocks = []
    for page in sorted(DOCS.glob("*.md")):
        if page.name != "cli.md":
            blocks += re.findall(r"^```[^\n]*\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    return "\n".join(blocks)


@pytest.mark.parametrize(("path", "command"), ALL, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_and_option_is_in_the_generated_command_line_reference(
    path: tuple[str, ...], command: click.Command
) -> None:
    sections = reference_sections()
    title = " ".join(("jointchron", *path))

    assert title in sections, f"{title} has no section in docs/cli.md"
    section = sections[title]
    first_line = (command.help or "").strip().splitlines()[0].replace("`", "")
    assert first_line and first_line in section
    for option in options(command):
        flag = max(option.opts, key=len)
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", section), f"{title}: {flag} not documented"


@pytest.mark.parametrize(("path", "command"), ALL, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_option_says_what_it_does(path: tuple[str, ...], command: click.Command) -> None:
    undocumented = [max(o.opts, key=len) for o in options(command) if not (o.help or "").strip()]

    assert undocumented == [], f"jointchron {' '.join(path)}: options without help: {undocumented}"


@pytest.mark.parametrize("path", [path for path, _ in LEAVES], ids=" ".join)
def test_every_command_is_shown_in_use_on_a_page_of_the_manual(path: tuple[str, ...]) -> None:
    code = GLOBAL_OPTIONS.sub("", manual_code())
    used = re.compile(rf"(?<![\w.-])jointchron {re.escape(' '.join(path))}(?![\w-])")

    assert used.search(code), f"no page of docs/ shows `jointchron {' '.join(path)}` in a code block"


def links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", ["README.md", *sorted(f"docs/{p.name}" for p in DOCS.glob("*.md"))])
def test_no_page_refers_to_a_document_outside_the_repository(page: str) -> None:
    path = ROOT / page
    text = path.read_text(encoding="utf-8")

    for target in links(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        local = (path.parent / target.split("#")[0]).resolve()
        assert local.is_relative_to(ROOT) and local.exists(), (
            f"{page} links to {target}, not in the repository"
        )
    for outside in ("../shared", "DESIGN.md", "DESIGN §", "STYLE.md", "PLAN.md"):
        assert outside not in text, f"{page} refers to {outside!r}, which is not in the repository"


def test_the_readme_is_a_front_door_that_links_to_the_manual() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert len(readme.splitlines()) < 200
    assert "jointchron demo" in readme
    linked = {target.split("#")[0] for target in links(readme)}
    assert {"docs/index.md", "docs/cli.md", "docs/api.md", "docs/report.png"} <= linked


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    command = next(line for line in readme.splitlines() if line.rstrip().endswith(".venv/bin/pytest"))
    install, run = (part.strip() for part in command.split("&&"))
    assert install.replace("pip install", "pip install -q") in ci
    assert re.search(rf"^{re.escape(run)}$", ci, re.M)
