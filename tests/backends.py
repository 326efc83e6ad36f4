"""The event logs every store test runs against: a SQLite file, and PostgreSQL.

PostgreSQL comes from `$JOINTCHRON_TEST_POSTGRES_URL` (CI starts a server with
`scripts/test-postgres start`). Without it the PostgreSQL variants are skipped on a developer's
machine, and fail in CI (`$CI` set), where they must run. Each test gets a schema of its own,
dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

BACKENDS = ("sqlite", "postgresql")
URL_VARIABLE = "JOINTCHRON_TEST_POSTGRES_URL"


def postgres_url() -> str:
    url = os.environ.get(URL_VARIABLE)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"${URL_VARIABLE} is not set in CI; .ci/run starts PostgreSQL with scripts/test-postgres")
    pytest.skip(f"no PostgreSQL: set ${URL_VARIABLE} (scripts/test-postgres start prints one)")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A PostgreSQL events URL with a fresh schema, dropped afterwards."""
    import psycopg
    from psycopg.sql import SQL, Identifier

    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    try:
        yield f"{base}?schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema)))


@contextmanager
def events_for(backend: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Points every store opened in this test (in-process and in subprocesses) at `backend`."""
    for name in ("JOINTCHRON_EVENTS_URL", "JOINTCHRON_KEY", "JOINTCHRON_KEY_FILE", "JOINTCHRON_STORE"):
        monkeypatch.delenv(name, raising=False)
    if backend == "sqlite":
        yield
        return
    with postgres_schema() as url:
        monkeypatch.setenv("JOINTCHRON_EVENTS_URL", url)
        yield
