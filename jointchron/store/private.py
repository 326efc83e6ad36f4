"""A store is its owner's alone: the folder 0700, its files 0600, whatever the umask they were made under.

SQLite and DuckDB create their files (and their journals) with the process's umask, so a store made
under the usual 022 would be readable by everyone on the machine. `make_private` is applied whenever a
store is created or opened: a store made by an older version, or copied in with `cp`, is repaired too.
Symbolic links inside the folder are left alone (never followed).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Folders of the store that hold files jointchron writes (reports on imports, a verify in progress).
_SUBFOLDERS = ("rejects", "changes")


def private_folder(path: Path) -> None:
    """Creates `path` (and its parents, as the umask says) if needed, and makes it its owner's alone."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _chmod(path, FOLDER_MODE)


def make_private(directory: Path) -> None:
    """The store folder 0700, and each of its files and report files 0600."""
    if not directory.is_dir():
        return
    _chmod(directory, FOLDER_MODE)
    for folder in (directory, *(directory / name for name in _SUBFOLDERS)):
        if folder is not directory:
            if folder.is_symlink() or not folder.is_dir():
                continue
            _chmod(folder, FOLDER_MODE)
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False):
                _chmod(Path(entry.path), FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        held = path.lstat().st_mode
        if not stat.S_ISLNK(held) and stat.S_IMODE(held) != mode:
            os.chmod(path, mode)
    except FileNotFoundError:
        pass  # gone meanwhile (a journal SQLite removed)


# `verify` rebuilds the read model in a folder of the store named for its process (service/verify.py).
VERIFY_FOLDER = ".verify-"


def remove_stale(directory: Path) -> None:
    """Removes what a verify killed outright (SIGKILL) left in the store: its process is gone."""
    for folder in directory.glob(f"{VERIFY_FOLDER}*"):
        pid = folder.name.removeprefix(VERIFY_FOLDER)
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
