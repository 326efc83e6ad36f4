"""Who is running a command: the author every recorded event names when `--by` (`by=`) is not given."""

from __future__ import annotations

import getpass


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def author(by: str | None) -> str:
    """The name an event records as its author: `by` as given (trimmed), else the login name."""
    return by.strip() if by and by.strip() else current_user()
