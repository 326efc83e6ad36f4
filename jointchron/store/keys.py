"""Keys for stores encrypted at rest (AES-256-GCM, by `eventsourcing`'s cipher).

A key is 32 random bytes, written as base64 on one line. It comes from a key file (`--key-file`),
`$JOINTCHRON_KEY`, a key file named by `$JOINTCHRON_KEY_FILE`, or the `key_file` that `init`
recorded, first found wins. A key file that others than its owner can read is refused.
"""

from __future__ import annotations

import binascii
import os
import stat
from base64 import b64decode
from collections.abc import Mapping
from pathlib import Path

from eventsourcing.cipher import AESCipher

from jointchron.domain.errors import JointchronError

KEY_BYTES = 32


class KeyProblem(JointchronError):
    pass


def new_key() -> str:
    return AESCipher.create_key(num_bytes=KEY_BYTES)


def write_key(path: Path) -> None:
    """Writes a new key to `path`, readable by its owner only; never overwrites a file."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyProblem(f"{path} already exists; a key is never overwritten, choose another file") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        os.fchmod(handle.fileno(), 0o600)  # whatever the umask
        handle.write(new_key() + "\n")


def read_key_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyProblem(f"key file {path} not found; check --key-file or $JOINTCHRON_KEY_FILE") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(
            f"key file {path} can be read by others (mode {stat.S_IMODE(mode):04o}); run `chmod 600 {path}`"
        )
    return checked(path.read_text(encoding="ascii", errors="replace").strip(), f"key file {path}")


def checked(key: str, source: str) -> str:
    try:
        size = len(b64decode(key.encode("ascii"), validate=True))
    except (binascii.Error, UnicodeEncodeError):
        size = -1
    if size not in AESCipher.KEY_SIZES:
        raise KeyProblem(f"{source} does not hold a key; make one with `jointchron keygen -o FILE`")
    return key


def find_key(
    key_file: Path | None, recorded_key_file: str | None, environ: Mapping[str, str] = os.environ
) -> str | None:
    """The key given for this run, if any: --key-file, $JOINTCHRON_KEY, $JOINTCHRON_KEY_FILE, or the
    key file that `init` recorded, in that order."""
    if key_file is not None:
        return read_key_file(key_file)
    if environ.get("JOINTCHRON_KEY"):
        return checked(environ["JOINTCHRON_KEY"].strip(), "$JOINTCHRON_KEY")
    path = environ.get("JOINTCHRON_KEY_FILE") or recorded_key_file
    return read_key_file(Path(path)) if path else None
