"""Choosing a store: the directory, the event log's URL, and a password that is never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointchron.store.settings import EventsURL, Location, SettingsError, StoreFile

URL = "postgresql://panel:s3cret%21@db.example.org:6543/reviews?schema=child_bk"


def test_a_postgresql_url_becomes_the_settings_of_eventsourcings_postgres_module() -> None:
    env = EventsURL.parse(URL, environ={}).env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.example.org",
        "6543",
        "reviews",
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_SCHEMA"]) == (
        "panel",
        "s3cret!",
        "child_bk",
    )


def test_the_url_is_shown_and_recorded_without_its_password() -> None:
    url = EventsURL.parse(URL, environ={})
    assert url.shown() == "postgresql://panel@db.example.org:6543/reviews?schema=child_bk"
    assert "s3cret" not in repr(url)
    assert url.redact("auth failed for s3cret!") == "auth failed for ***"


def test_without_a_password_in_the_url_pgpassword_supplies_it() -> None:
    url = EventsURL.parse("postgresql://panel@localhost/reviews", environ={"PGPASSWORD": "pw"})
    assert (url.password, url.port, url.schema) == ("pw", 5432, "public")


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://panel:s3cret@/reviews",
        "postgresql://panel:s3cret@host:notaport/reviews",
        "postgresql://panel:s3cret@host/",
        "postgresql://panel:s3cret@host/db?sslmode=disable",
        "postgresql://panel:s3cret@host/db?schema=a;drop",
    ],
)
def test_a_bad_url_is_one_message_that_never_holds_the_password(text: str) -> None:
    with pytest.raises(SettingsError) as caught:
        EventsURL.parse(text, environ={})
    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)


def test_the_directory_comes_from_store_then_the_environment_then_the_default(tmp_path: Path) -> None:
    assert Location.choose(tmp_path / "a", environ={}).directory == tmp_path / "a"
    assert (
        Location.choose(None, environ={"JOINTCHRON_STORE": str(tmp_path / "b")}).directory == tmp_path / "b"
    )
    assert Location.choose(None, environ={}).directory == Path(".jointchron")


def test_a_url_given_as_the_store_keeps_the_directory_of_the_environment(tmp_path: Path) -> None:
    chosen = Location.choose(URL, environ={"JOINTCHRON_STORE": str(tmp_path)})
    assert chosen.directory == tmp_path
    assert chosen.events is not None and chosen.events.dbname == "reviews"


def test_the_events_url_recorded_by_init_is_used_when_none_is_given(tmp_path: Path) -> None:
    StoreFile(events="postgresql://panel@db.example.org:6543/reviews").save(tmp_path)
    chosen = Location.choose(tmp_path, environ={"PGPASSWORD": "pw"})
    assert chosen.events is not None and chosen.events.password == "pw"
    assert StoreFile.load(tmp_path).events == "postgresql://panel@db.example.org:6543/reviews"
