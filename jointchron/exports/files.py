"""Writing an output file so that nothing is lost: whole or not at all, private, and never through a link.

- Every output is written to a temporary file beside it and renamed into place only once complete:
  a full disk or an interrupted command leaves the previous good export as it was, never half a CSV
  or a workbook that is not a zip.
- A new file is readable by its owner only (0600); a file replaced keeps the mode its owner gave it.
- `-o` naming a symbolic link is refused unless `force`: a link planted where an export is expected
  would otherwise send the chronology wherever it points. With `force`, the file it points to is written.
- A device or a pipe (`/dev/stdout`) is written directly: there is nothing beside it to rename.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jointchron.domain.errors import JointchronError

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# How the libraries under jointchron say it (SQLite's SQLITE_FULL, DuckDB's I/O errors).
_FULL_TEXTS = ("disk is full", "no space left on device", "disk quota exceeded")


class OutputRefused(JointchronError):
    pass


class DiskFull(JointchronError):
    pass


def is_disk_full(error: BaseException) -> bool:
    """Whether `error`, or an error it was raised from, says the disk (or the quota) is full."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in _FULL_ERRNOS:
            return True
        if any(text in str(seen).lower() for text in _FULL_TEXTS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def disk_full(path: Path | None = None, kept: bool = False) -> DiskFull:
    if path is None:  # an import keeps the whole batches it wrote; running it again finishes it
        return DiskFull("the disk is full; free some space and run the command again")
    previous = " (its previous version is unchanged)" if kept else ""
    return DiskFull(
        f"the disk is full: {path} was not written{previous}; free some space and run the command again"
    )


@contextmanager
def output_file(path: Path, force: bool = False) -> Iterator[Path]:
    """The path to write `path`'s content to; it becomes `path` when the block ends without an error."""
    if path.is_symlink():
        if not force:
            raise OutputRefused(
                f"{path} is a symbolic link (to {os.readlink(path)}); jointchron does not write through links: "
                "choose another file, or add --force to write to the file it points to"
            )
        path = path.resolve()
    if path.exists() and not path.is_file():
        try:
            yield path
        except OSError as error:
            if is_disk_full(error):
                raise disk_full(path) from None
            raise
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # The suffix kept last, for writers that choose their format by it (`report -o pack.docx`).
    descriptor, name = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=f".part{path.suffix}", dir=path.parent
    )
    os.close(descriptor)
    partial = Path(name)
    try:
        yield partial
        if path.exists():
            os.chmod(partial, stat.S_IMODE(path.stat().st_mode))
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if is_disk_full(error):
            raise disk_full(path, kept=path.exists()) from None
        raise
