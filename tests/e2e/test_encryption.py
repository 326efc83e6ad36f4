"""Encryption at rest: no contact text in the event log's bytes, and a wrong key is one clear line."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from support import JC, PEOPLE, PEOPLE_HEADER

HEADER = ("date", "kind", "subjects", "summary", "reference")
SECRET = "Bruise on left forearm seen at breakfast club"


def raw_event_log(store: Path) -> bytes:
    """Every byte the event log holds: the SQLite files, or the PostgreSQL rows as stored."""
    url = os.environ.get("JOINTCHRON_EVENTS_URL")
    if url is None:
        return b"".join(p.read_bytes() for p in sorted(store.glob("events.sqlite*")))
    import psycopg
    from psycopg.sql import SQL, Identifier

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(url.split("?")[0]) as conn:
        rows = conn.execute(
            SQL("SELECT topic, state FROM {}.jointchron_events").format(Identifier(schema))
        ).fetchall()
    return b"".join(topic.encode() + bytes(state) for topic, state in rows)


def make_key(jc: JC, path: Path) -> Path:
    result = jc("keygen", "-o", path)
    assert result.exit_code == 0, result.stderr
    return path


def open_review(jc: JC, *options: str | Path, encrypt: bool = True) -> None:
    result = jc(*options, "init", "--title", "Test review", "--from", "01/01/2019", "--to", "31/12/2019",
                *(["--encrypt"] if encrypt else []))  # fmt: skip
    assert result.exit_code == 0, result.stderr


def fill(jc: JC, write_csv: Callable[..., Path], *options: str | Path) -> None:
    assert jc(*options, "people", "import", write_csv("people.csv", PEOPLE_HEADER, PEOPLE)).exit_code == 0
    extract = write_csv("school.csv", HEADER, [("12/09/2019", "concern", "Child A", SECRET, "S1")])
    result = jc(*options, "import", extract, "--agency", "school")
    assert result.exit_code == 0, result.stderr


def test_keygen_writes_a_key_only_its_owner_can_read_and_never_overwrites_one(jc: JC, tmp_path: Path) -> None:
    key = make_key(jc, tmp_path / "review.key")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) == 44  # 32 bytes in base64
    again = jc("keygen", "-o", key)
    assert again.exit_code == 1 and "already exists" in again.stderr and again.stderr.count("\n") == 1


def test_an_encrypted_store_holds_no_contact_text_in_its_event_log(
    jc: JC, store: Path, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    key = make_key(jc, tmp_path / "review.key")
    open_review(jc, "--key-file", key)
    fill(jc, write_csv, "--key-file", key)

    raw = raw_event_log(store)
    assert b"ContactRecorded" in raw  # the log was read: topics are not secret
    for text in (SECRET, "Amy Smith", "9434765919", "Test review", "school.csv"):
        assert text.encode() not in raw, text
    shown = json.loads(jc("--key-file", key, "chronology", "--format", "json").stdout)
    assert [e["summary"] for e in shown] == [SECRET]


def test_a_store_without_encryption_holds_its_text_as_written(
    jc: JC, store: Path, write_csv: Callable[..., Path]
) -> None:
    open_review(jc, encrypt=False)
    fill(jc, write_csv)
    assert SECRET.encode() in raw_event_log(store)  # so the test above looks where the text would be


def test_a_wrong_key_is_one_clear_line_not_garbage(
    jc: JC, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    key = make_key(jc, tmp_path / "review.key")
    other = make_key(jc, tmp_path / "other.key")
    open_review(jc, "--key-file", key)
    fill(jc, write_csv, "--key-file", key)

    wrong = jc("--key-file", other, "chronology", "--format", "json")

    assert wrong.exit_code == 1 and wrong.stdout == ""
    assert (
        wrong.stderr == "error: the key given does not open this store; check $JOINTCHRON_KEY or --key-file\n"
    )
    assert SECRET in jc("chronology", "--format", "json").stdout  # init recorded where its key file is


def test_a_key_from_the_environment_opens_the_store_and_without_it_the_store_says_it_is_encrypted(
    jc: JC, tmp_path: Path, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = make_key(jc, tmp_path / "review.key").read_text().strip()
    monkeypatch.setenv("JOINTCHRON_KEY", key)
    open_review(jc)
    fill(jc, write_csv)
    assert SECRET in jc("chronology", "--format", "json").stdout

    monkeypatch.delenv("JOINTCHRON_KEY")
    missing = jc("chronology")
    assert missing.exit_code == 1 and missing.stderr.count("\n") == 1
    assert "this store is encrypted" in missing.stderr and SECRET not in missing.stdout + missing.stderr
    monkeypatch.setenv("JOINTCHRON_KEY", "not a key")
    garbled = jc("chronology")
    assert garbled.exit_code == 1 and "$JOINTCHRON_KEY does not hold a key" in garbled.stderr


def test_a_key_file_that_others_can_read_is_refused(jc: JC, tmp_path: Path) -> None:
    key = make_key(jc, tmp_path / "review.key")
    key.chmod(0o644)
    result = jc(
        "--key-file", key, "init", "--encrypt", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019"
    )
    assert result.exit_code == 1
    assert (
        result.stderr == f"error: key file {key} can be read by others (mode 0644); run `chmod 600 {key}`\n"
    )


def test_init_encrypt_without_a_key_says_how_to_make_one(jc: JC) -> None:
    result = jc("init", "--encrypt", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019")
    assert result.exit_code == 1 and "jointchron keygen" in result.stderr and result.stderr.count("\n") == 1


def test_a_new_directory_on_an_encrypted_log_asks_for_the_key_and_never_writes_plain_events(
    jc: JC, store: Path, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    key = make_key(jc, tmp_path / "review.key")
    open_review(jc, "--key-file", key)
    fill(jc, write_csv, "--key-file", key)
    (store / "store.toml").unlink()  # as a second reviewer's fresh directory on a shared log has none

    refused = jc("import", write_csv("more.csv", HEADER, [("13/09/2019", "note", "Child A", "Plain?", "S2")]),
                 "--agency", "school")  # fmt: skip
    assert refused.exit_code == 1 and "this store is encrypted" in refused.stderr
    assert b"Plain?" not in raw_event_log(store)
    assert SECRET in jc("--key-file", key, "chronology", "--format", "json").stdout


def alter_a_contact(store: Path) -> None:
    """Flips the bits of one byte inside each encrypted ContactRecorded, as damage or tampering would."""
    url = os.environ.get("JOINTCHRON_EVENTS_URL")
    if url is None:
        with sqlite3.connect(store / "events.sqlite") as con:
            rows = con.execute(
                "SELECT rowid, state FROM stored_events WHERE topic LIKE '%:ContactRecorded'"
            ).fetchall()
            for rowid, state in rows:
                altered = state[:40] + bytes([state[40] ^ 0xFF]) + state[41:]
                con.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", [altered, rowid])
        return
    import psycopg

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(url.split("?")[0]) as conn:
        conn.execute(
            f'UPDATE "{schema}".jointchron_events SET state = set_byte(state, 40, get_byte(state, 40) # 255) '
            "WHERE topic LIKE '%%:ContactRecorded'"
        )


def test_an_altered_event_is_one_clear_line_never_garbage(
    jc: JC, store: Path, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    key = make_key(jc, tmp_path / "review.key")
    open_review(jc, "--key-file", key)
    fill(jc, write_csv, "--key-file", key)
    for suffix in ("", ".wal"):
        (store / f"views.duckdb{suffix}").unlink(missing_ok=True)  # so that the events are read again
    alter_a_contact(store)

    result = jc("chronology", "--format", "json")

    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: an event of ") and result.stderr.count("\n") == 1
    assert "cannot be decrypted" in result.stderr and "altered" in result.stderr
