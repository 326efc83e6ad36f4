"""Optimistic concurrency: a command whose save another process beat is run again on what the store now holds."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from jointchron.domain.errors import JointchronError

_P = ParamSpec("_P")
_R = TypeVar("_R")
CONFLICT_ATTEMPTS = 6


class ConcurrentWrite(JointchronError):
    def __init__(self) -> None:
        super().__init__("another command wrote the same records at the same time; run this command again")


def retried_on_conflict(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Runs a command again, on what the store now holds, when another process saved the same records first.

    A command reads versions, decides, and saves in one transaction; the store refuses the save when
    a version it meant to write was taken meanwhile (optimistic concurrency). Deciding again on the
    fresh versions gives the outcome a one-at-a-time run would have; after a few tries the conflict
    is reported.
    """

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        for attempt in range(1, CONFLICT_ATTEMPTS):
            try:
                return command(*args, **kwargs)
            except ConcurrentWrite:
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # let the other writer finish
        return command(*args, **kwargs)

    return run
