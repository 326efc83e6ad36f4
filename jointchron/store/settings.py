"""Where a store lives: its local directory, its event log (a SQLite file or PostgreSQL) and its settings.

A store is always a local directory. It holds `store.toml` (what `init` decided: whether the events
are encrypted, where they live), the read model `views.duckdb` and the rejects files. The event log
is `events.sqlite` in that directory unless a PostgreSQL URL is given:

    --store postgresql://user:password@host:5432/dbname?schema=review_bk
    $JOINTCHRON_EVENTS_URL   (the same URL; keeps the password out of shell history)
    `events` in store.toml   (recorded by `init`, without the password: then $PGPASSWORD supplies it)

The directory is `--store DIR`, else `$JOINTCHRON_STORE`, else `./.jointchron`; when `--store` is a
URL, the directory is chosen the same way without it. Passwords never appear in any message.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from jointchron.domain.errors import JointchronError

STORE_FILE = "store.toml"
EVENTS_FILE = "events.sqlite"
DEFAULT_DIRECTORY = ".jointchron"
_SCHEMES = ("postgresql://", "postgres://")


class SettingsError(JointchronError):
    pass


def is_events_url(text: str | os.PathLike[str] | None) -> bool:
    return str(text or "").startswith(_SCHEMES)


@dataclass(frozen=True)
class EventsURL:
    """A PostgreSQL event log. `schema` keeps several reviews apart in one database."""

    host: str
    port: int
    dbname: str
    user: str
    password: str = field(default="", repr=False)
    schema: str = "public"

    @classmethod
    def parse(cls, text: str, environ: Mapping[str, str] = os.environ) -> EventsURL:
        try:
            parts = urlsplit(text)
            port = parts.port or 5432
        except ValueError:
            raise SettingsError(f"{_without_password(text)} is not a PostgreSQL URL; write it as "
                                "postgresql://user:password@host:5432/dbname") from None  # fmt: skip
        if not is_events_url(text) or not parts.hostname or not parts.path.strip("/") or not parts.username:
            raise SettingsError(f"{_without_password(text)} is not a PostgreSQL URL; write it as "
                                "postgresql://user:password@host:5432/dbname")  # fmt: skip
        query = parse_qs(parts.query)
        unknown = set(query) - {"schema"}
        if unknown:
            raise SettingsError(f"unknown option {', '.join(sorted(unknown))} in the PostgreSQL URL; "
                                "the only one is ?schema=NAME")  # fmt: skip
        schema = query.get("schema", ["public"])[0]
        if not schema.replace("_", "").isalnum() or not schema[0].isalpha() or len(schema) > 40:
            raise SettingsError(f"schema {schema!r} is not a plain name; use letters, digits and _")
        password = unquote(parts.password) if parts.password else environ.get("PGPASSWORD", "")
        return cls(parts.hostname, port, unquote(parts.path.strip("/")), unquote(parts.username), password,
                   schema)  # fmt: skip

    def shown(self) -> str:
        """The URL as it may be printed and recorded: never with the password."""
        tail = "" if self.schema == "public" else f"?schema={self.schema}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}{tail}"

    def redact(self, message: str) -> str:
        return message.replace(self.password, "***") if self.password else message

    def env(self) -> dict[str, str]:
        """The settings of eventsourcing's PostgreSQL persistence module."""
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_CONNECT_TIMEOUT": "10",
            # Waiting for another writer's table lock, as SQLite waits for its file lock.
            "POSTGRES_LOCK_TIMEOUT": "60",
            # One command is one thread: one connection, and one spare.
            "POSTGRES_POOL_SIZE": "1",
            "POSTGRES_MAX_OVERFLOW": "1",
        }


def _without_password(text: str) -> str:
    head, at, tail = text.rpartition("@")
    if not at:
        return text
    scheme, _, credentials = head.partition("://")
    return f"{scheme}://{credentials.split(':', 1)[0]}@{tail}"


@dataclass(frozen=True)
class StoreFile:
    """`store.toml`: what `init` decided for this store."""

    encrypted: bool = False
    events: str | None = None  # the PostgreSQL URL without its password; None for events.sqlite
    key_file: str | None = None

    @classmethod
    def load(cls, directory: Path) -> StoreFile:
        path = directory / STORE_FILE
        if not path.exists():
            return cls()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            return cls(bool(data.get("encrypted", False)), data.get("events"), data.get("key_file"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            raise SettingsError(f"{path} cannot be read; restore it from a backup or fix its TOML") from None

    @staticmethod
    def present(directory: Path) -> bool:
        return (directory / STORE_FILE).exists()

    def save(self, directory: Path) -> None:
        lines = ["# Written by `jointchron init`. The event log is the source of truth; this says how to open it.",
                 f"encrypted = {'true' if self.encrypted else 'false'}"]  # fmt: skip
        if self.events:
            lines.append(f'events = "{self.events}"')
        if self.key_file:
            lines.append(f"key_file = {_toml_string(self.key_file)}")
        # Written aside and renamed, so that a command running meanwhile never reads half a file.
        partial = directory / f".{STORE_FILE}.{os.getpid()}"
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        partial.replace(directory / STORE_FILE)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Command:
    """The store-changing command being run, for the audit log: never personal data."""

    name: str
    by: str
    arguments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Location:
    """Everything needed to open a store, as chosen by options, environment and store.toml."""

    directory: Path
    events: EventsURL | None = None
    key_file: Path | None = None
    command: Command | None = None

    @classmethod
    def choose(
        cls,
        store: str | os.PathLike[str] | None = None,
        key_file: Path | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> Location:
        from_env = environ.get("JOINTCHRON_STORE") or None
        url = next((str(s) for s in (store, from_env) if is_events_url(s)), None)
        directory = next((Path(s) for s in (store, from_env) if s and not is_events_url(s)), None)
        url = url or environ.get("JOINTCHRON_EVENTS_URL") or None
        directory = directory or Path(DEFAULT_DIRECTORY)
        if url is None:
            url = StoreFile.load(directory).events
        events = EventsURL.parse(url, environ) if url else None
        return cls(directory, events, key_file)

    @classmethod
    def of(cls, where: Path | Location) -> Location:
        """A bare directory (the library's and the tests' way) is read with the environment's settings."""
        return where if isinstance(where, Location) else cls.choose(where)

    def running(self, command: Command) -> Location:
        return replace(self, command=command)

    def shown(self) -> str:
        return self.events.shown() if self.events else str(self.directory / EVENTS_FILE)

    def application_env(self, key: str | None, create: bool) -> dict[str, str]:
        if self.events is not None:
            env = self.events.env() | {"CREATE_TABLE": "y" if create else "n"}
        else:
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.directory / EVENTS_FILE),
                "SQLITE_LOCK_TIMEOUT": "60",
                "APPLICATION_RECORDER_TOPIC": "jointchron.store.sqlite_recorder:BatchSQLiteRecorder",
            }
        if key is not None:
            env |= {"CIPHER_TOPIC": "eventsourcing.cipher:AESCipher", "CIPHER_KEY": key}
        return env
