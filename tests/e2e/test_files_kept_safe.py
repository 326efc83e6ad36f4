"""Files are kept safe: a private store whatever the umask, whole exports even on a full disk, no writing
through a symbolic link planted where an export is expected.

The full-disk tests mount a small tmpfs (root is needed to mount; they are skipped, saying so, where
mounting is impossible) and also write to `/dev/full`, which every Linux has.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support import JC, write_rows

HEADER = ("date", "kind", "subjects", "summary", "reference")
ROWS = [(f"{d:02d}/03/2019", "note", "Child A", f"Seen at school, day {d}.", f"S-{d}") for d in range(1, 29)]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB filesystem of its own, unmounted afterwards."""
    mountpoint = tmp_path / "small"
    mountpoint.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(mountpoint)],
                             capture_output=True, text=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(
            f"cannot mount a small filesystem here (root and mount are needed): {mounted.stderr.strip()}"
        )
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def fill(disk: Path) -> Path:
    """Fills the disk to its last byte; returns the file that fills it."""
    filler = disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 1):
            while True:
                try:
                    os.write(descriptor, b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
    finally:
        os.close(descriptor)
    return filler


def test_the_store_its_rejects_file_and_exports_are_private_whatever_the_umask(
    people: JC, store: Path, write_csv: Callable[..., Path], tmp_path: Path, usual_umask: None
) -> None:
    extract = write_csv(
        "school.csv", HEADER, [*ROWS[:3], ("31/02/2019", "note", "Child A", "Bad date.", "S-x")]
    )
    assert people("import", extract, "--agency", "school").exit_code == 3
    assert people("chronology", "--format", "csv", "-o", tmp_path / "out" / "c.csv").exit_code == 0
    assert people("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx").exit_code == 0

    (rejects,) = (store / "rejects").glob("*.csv")
    files = [p for p in store.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"views.duckdb", "store.toml"}
    assert {p.name: oct(mode(p)) for p in [*files, rejects] if mode(p) != 0o600} == {}
    assert (mode(store), mode(store / "rejects")) == (0o700, 0o700)
    assert (mode(tmp_path / "out" / "c.csv"), mode(tmp_path / "c.xlsx")) == (0o600, 0o600)

    os.chmod(tmp_path / "c.xlsx", 0o640)  # the owner shares the export: replacing it keeps their choice
    assert people("chronology", "--format", "xlsx", "-o", tmp_path / "c.xlsx").exit_code == 0
    assert mode(tmp_path / "c.xlsx") == 0o640


def test_a_store_made_readable_by_everyone_is_made_private_when_it_is_next_opened(
    people: JC, store: Path
) -> None:
    os.chmod(store, 0o755)
    os.chmod(store / "store.toml", 0o644)

    assert people("chronology", "--format", "json").exit_code == 0

    assert (mode(store), mode(store / "store.toml")) == (0o700, 0o600)


def test_a_full_disk_during_an_export_keeps_the_previous_export_and_says_the_disk_is_full(
    people: JC, write_csv: Callable[..., Path], small_disk: Path
) -> None:
    assert people("import", write_csv("school.csv", HEADER, ROWS), "--agency", "school").exit_code == 0
    good = {}
    for fmt in ("csv", "xlsx", "docx", "md"):
        path = small_disk / f"chronology.{fmt}"
        assert people("chronology", "--format", fmt, "-o", path).exit_code == 0
        good[path] = path.read_bytes()
    assert people("report", "-o", small_disk / "report.html").exit_code == 0
    good[small_disk / "report.html"] = (small_disk / "report.html").read_bytes()
    fill(small_disk)

    results = {path: people("chronology", "--format", path.suffix[1:], "-o", path) for path in good if
               path.suffix != ".html"}  # fmt: skip
    results[small_disk / "report.html"] = people("report", "-o", small_disk / "report.html")

    for path, result in results.items():
        assert result.exit_code == 1, (path, result.stderr)
        assert result.stderr.startswith(f"error: the disk is full: {path} was not written (its previous "
                                        "version is unchanged)"), result.stderr  # fmt: skip
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
        assert path.read_bytes() == good[path]
    assert sorted(p.name for p in small_disk.iterdir()) == sorted([*(p.name for p in good), "filler"])


def test_a_full_disk_while_writing_a_review_pack_or_a_still_image_keeps_the_previous_one(
    people: JC, write_csv: Callable[..., Path], small_disk: Path
) -> None:
    assert people("import", write_csv("school.csv", HEADER, ROWS), "--agency", "school").exit_code == 0
    commands = {
        small_disk / "pack.docx": ("report", "-o", small_disk / "pack.docx"),
        small_disk / "pack.pdf": ("report", "-o", small_disk / "pack.pdf"),
        small_disk / "knowledge.json": ("knowledge", "--format", "json", "-o", small_disk / "knowledge.json"),
        small_disk / "gaps.csv": ("gaps", "--format", "csv", "-o", small_disk / "gaps.csv"),
        small_disk / "t.png": ("chart", "-o", small_disk / "t.html", "--png", small_disk / "t.png"),
    }
    for command in commands.values():
        assert people(*command).exit_code == 0
    good = {path: path.read_bytes() for path in small_disk.iterdir()}
    fill(small_disk)

    results = {path: people(*command) for path, command in commands.items()}

    for path, result in results.items():
        assert result.exit_code == 1, (path, result.stderr)
        assert result.stderr.startswith("error: the disk is full: "), result.stderr
        assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
    assert {path: path.read_bytes() for path in good} == good
    assert sorted(p.name for p in small_disk.iterdir()) == sorted([*(p.name for p in good), "filler"])


def test_an_export_to_dev_full_says_the_disk_is_full(people: JC) -> None:
    result = people("chronology", "--format", "csv", "-o", "/dev/full")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: the disk is full: /dev/full was not written"), result.stderr


def test_an_import_on_a_full_disk_says_the_disk_is_full_and_loses_nothing_once_there_is_room(
    jc: JC, small_disk: Path, tmp_path: Path
) -> None:
    run = _on(jc, small_disk / "store")
    assert run("init", "--title", "T", "--from", "01/01/2019", "--to", "31/12/2019").exit_code == 0
    extract = write_rows(tmp_path / "school.csv", HEADER, ROWS)
    filler = fill(small_disk)

    full = run("import", extract, "--agency", "school")
    filler.unlink()
    again = run("import", extract, "--agency", "school")

    assert full.exit_code == 1, full.stderr
    assert full.stderr.startswith("error: the disk is full"), full.stderr
    assert "could not be read or written" not in full.stderr
    assert again.exit_code == 0, again.stderr
    assert run("verify").exit_code == 0
    assert len(run("chronology", "--format", "csv").stdout.splitlines()) == len(ROWS) + 1


def _on(jc: JC, store: Path) -> JC:
    """`jc` with another --store (the last --store given wins)."""
    return lambda *args: jc("--store", store, *args)


def test_an_output_over_a_symbolic_link_is_refused_unless_forced(people: JC, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "shared.csv"
    target.parent.mkdir()
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "chronology.csv"
    link.symlink_to(target)

    refused = {fmt: people("chronology", "--format", fmt, "-o", link) for fmt in ("csv", "xlsx", "table")}
    pack = tmp_path / "report.html"
    pack.symlink_to(target)
    refused["report"] = people("report", "-o", pack)
    refused["knowledge"] = people("knowledge", "-o", link)
    refused["gaps"] = people("gaps", "-o", link)
    forced = people("chronology", "--format", "csv", "-o", link, "--force")

    for name, result in refused.items():
        assert result.exit_code == 1
        shown = pack if name == "report" else link
        assert result.stderr.startswith(f"error: {shown} is a symbolic link (to {target})"), result.stderr
        assert "add --force" in result.stderr
    assert forced.exit_code == 0, forced.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8-sig").startswith("id,date,")
