"""Shared fixtures: a real store directory per test, and the real CLI run in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from backends import BACKENDS, events_for
from jointchron.cli import main
from support import JC, PEOPLE, PEOPLE_HEADER, Run, write_rows


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test of a store runs twice: events in a SQLite file, and in PostgreSQL (tests/backends.py)."""
    with events_for(request.param, monkeypatch):
        yield request.param


@pytest.fixture
def store(tmp_path: Path, backend: str) -> Path:
    """The store's local directory; its events are in `events.sqlite` there, or in PostgreSQL."""
    return tmp_path / "store"


@pytest.fixture
def jc(store: Path, monkeypatch: pytest.MonkeyPatch) -> JC:
    """Runs `jointchron --store STORE ARGS…` in-process and returns exit code, stdout and stderr."""
    monkeypatch.delenv("JOINTCHRON_STORE", raising=False)
    monkeypatch.delenv("JOINTCHRON_DEBUG", raising=False)

    def run(*args: str | Path) -> Run:
        result = CliRunner().invoke(main, ["--store", str(store), *map(str, args)], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def review(jc: JC) -> JC:
    """A store holding an England review of 2019."""
    result = jc("init", "--title", "Test review", "--jurisdiction", "england", "--from", "01/01/2019", "--to",
                "31/12/2019")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return jc


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Writes a CSV file in the test's directory: write_csv("x.csv", header, rows, encoding=...)."""

    def write(name: str, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8",
              delimiter: str = ",") -> Path:  # fmt: skip
        return write_rows(tmp_path / name, header, rows, encoding, delimiter)

    return write


@pytest.fixture
def people(review: JC, write_csv: Callable[..., Path]) -> JC:
    """The review with four people registered: Child A, Child B, Ms C (their mother) and Mr D."""
    result = review("people", "import", write_csv("people.csv", PEOPLE_HEADER, PEOPLE))
    assert result.exit_code == 0, result.stderr
    return review
