"""Text from the records made inert wherever it is shown: control characters written out, formulas guarded.

An extract is written by someone else. A summary can hold a terminal escape sequence (`ESC[2J` clears
the screen, `ESC]8;;…` makes a link), a NUL that a spreadsheet drops after jointchron's formula guard
has looked at the cell, or a bidirectional override that shows text in another order. Every output
writes such characters out as visible escapes (`\\x1b`, `\\x00`, `\\u202e`) before anything else looks
at the text: nothing is dropped, and nothing acts.
"""

from __future__ import annotations

import re

# C0 controls but tab, newline and carriage return (which files may hold), DEL, C1 controls, and the
# Unicode characters that reorder text on screen.
_IN_FILES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# A terminal also moves the cursor back on a carriage return: only tab and newline are left.
_ON_TERMINALS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# What makes a spreadsheet cell a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` for a file: control characters (not tab, newline, carriage return) written as `\\xNN`."""
    return _IN_FILES.sub(_escaped, text) if _IN_FILES.search(text) else text


def for_terminal(text: str) -> str:
    """`text` for a terminal: every control character but tab and newline written as `\\xNN`."""
    return _ON_TERMINALS.sub(_escaped, text) if _ON_TERMINALS.search(text) else text


def neutralise(value: str) -> str:
    """A spreadsheet cell that shows as text and never runs as a formula: control characters are written
    out first (a NUL before `=` must not hide the formula from the guard), then a formula start is quoted."""
    value = visible(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def neutralised(cells: list[str]) -> list[str]:
    """`[neutralise(cell) for cell in cells]`, for a row: one search finds whether any cell holds a control
    character (a newline, which joins them, is not one), and only then is each written out."""
    joined = "\n".join(cells)
    if _IN_FILES.search(joined):
        return [neutralise(cell) for cell in cells]
    if not _A_CELL_STARTS_A_FORMULA.search(joined):
        return cells
    return ["'" + cell if cell.startswith(FORMULA_START) else cell for cell in cells]


# A formula start at the start of a cell of `neutralised`'s joined row (or after a newline inside one).
_A_CELL_STARTS_A_FORMULA = re.compile("(?:^|\n)[" + re.escape("".join(FORMULA_START)) + "]")
