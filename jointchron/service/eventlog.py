"""Opening a store's event log: SQLite or PostgreSQL, plain or encrypted, and with the right key.

Whether a log is encrypted is a fact of the log itself (its first event either is JSON or is not),
recorded in store.toml by `init` as well, so that a reviewer opening a shared PostgreSQL log from a
new directory is asked for the key rather than shown garbage, and no command ever writes plain
events into an encrypted log.
"""

from __future__ import annotations

import json
from typing import cast

from jointchron.domain.audit import CommandDraft
from jointchron.domain.review import REVIEW_ID
from jointchron.service.application import ReviewApplication, ReviewNotOpened
from jointchron.store.keys import KeyProblem, find_key
from jointchron.store.mapper import PydanticMapper
from jointchron.store.private import private_folder
from jointchron.store.settings import EVENTS_FILE, EventsURL, Location, SettingsError, StoreFile

NEEDS_KEY = (
    "this store is encrypted; give its key with $JOINTCHRON_KEY or --key-file FILE "
    "(the file `jointchron keygen` wrote)"
)


class EventLogUnreachable(SettingsError):
    pass


def open_application(location: Location, create: bool = False, encrypt: bool = False) -> ReviewApplication:
    """The review application over the location's event log, with the cipher when the log is encrypted."""
    recorded = StoreFile.load(location.directory)
    chosen = location.events.shown() if location.events else None
    settled = StoreFile.present(location.directory)
    if settled and recorded.events != chosen:
        # The directory's read model was caught up from another log: mixing the two would be wrong.
        raise SettingsError(
            f"{location.directory} holds the read model of {recorded.events or 'its own events.sqlite'}, "
            f"not of {location.shown()}; choose another directory with --store DIR or $JOINTCHRON_STORE"
        )
    if location.events is not None:
        reach(location.events, create)
        private_folder(location.directory)
    elif not create and not (location.directory / EVENTS_FILE).exists():
        raise ReviewNotOpened()
    key = find_key(location.key_file, recorded.key_file)
    encrypted = encrypt or recorded.encrypted
    if encrypted and key is None:
        raise KeyProblem(NEEDS_KEY if not encrypt else "--encrypt needs a key: run `jointchron keygen -o "
                         "review.key`, then give --key-file review.key (or set $JOINTCHRON_KEY)")  # fmt: skip
    app = ReviewApplication(env=location.application_env(key if encrypted else None, create))
    first = app.recorder.select_events(REVIEW_ID, limit=1)
    if first:
        held_encrypted = not _is_json(first[0].state)
        if held_encrypted != encrypted:
            app.close()
            if held_encrypted and key is None:
                raise KeyProblem(NEEDS_KEY)
            encrypted = held_encrypted
            app = ReviewApplication(env=location.application_env(key if encrypted else None, create))
        if encrypted:
            try:
                cast(PydanticMapper, app.mapper).decode_state(first[0])
            except ValueError:
                app.close()
                raise KeyProblem(
                    "the key given does not open this store; check $JOINTCHRON_KEY or --key-file"
                ) from None
    if not create and not settled:
        # A store older than store.toml, or a shared log opened from a new directory: bind them now.
        StoreFile(encrypted=encrypted, events=chosen).save(location.directory)
    if location.command is not None:
        app.run_command(CommandDraft(command=location.command.name, by=location.command.by,
                                     arguments=location.command.arguments))  # fmt: skip
    return app


def record_settings(location: Location, encrypted: bool) -> None:
    """Writes store.toml for a new review: how later commands open this store."""
    StoreFile(
        encrypted=encrypted,
        events=location.events.shown() if location.events else None,
        key_file=str(location.key_file.resolve()) if encrypted and location.key_file else None,
    ).save(location.directory)


def reach(events: EventsURL, create: bool) -> None:
    """Connects once, so that a wrong address or password is one clear line, not a minute of retries."""
    import psycopg
    from psycopg.sql import SQL, Identifier

    try:
        with psycopg.connect(host=events.host, port=events.port, dbname=events.dbname, user=events.user,
                             password=events.password, connect_timeout=10, autocommit=True) as conn:  # fmt: skip
            if create:
                conn.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(events.schema)))
                return
            row = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
                [events.schema, f"{ReviewApplication.name.lower()}_events"],
            ).fetchone()
    except psycopg.Error as error:
        raise EventLogUnreachable(
            f"cannot use the PostgreSQL event log {events.shown()}: {_reason(events, error)}; "
            "check the URL, the password ($PGPASSWORD or the URL) and that the server is running"
        ) from None
    if row is None or not row[0]:
        raise ReviewNotOpened()


def _reason(events: EventsURL, error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = text.rsplit(" failed: ", 1)[-1].replace("FATAL:", "").strip()
    return events.redact(text)


def _is_json(state: bytes) -> bool:
    try:
        json.loads(state)
    except ValueError:
        return False
    return True
