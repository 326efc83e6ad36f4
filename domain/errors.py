"""The one exception root of jointchron, and the errors the domain raises.

Messages never carry personal data beyond a row number, a column name and the
offending value where the value is not a person's detail (a date, a kind).
"""

from __future__ import annotations


class JointchronError(Exception):
    """Root of every error jointchron raises on purpose.

    The CLI turns these into one line on stderr and a non-zero exit status.
    """


class InvalidDate(JointchronError, ValueError):
    """A date that cannot be read as a UK date, or that does not exist."""


class InvalidValue(JointchronError, ValueError):
    """A value outside the vocabulary (an unknown kind, agency code or relation)."""


class NotFound(JointchronError, LookupError):
    """Something asked for by id that the store does not hold."""
