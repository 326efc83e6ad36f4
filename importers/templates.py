"""Summary templates of `[[events]]`: `Referral[ from {Referral Source}]`.

`{name}` is a column's text; `[…]` around text holding placeholders is left out when they are all
empty; `{{` and `}}` are literal braces. An empty cell is empty text, and so is a column a built-in
profile names that the file lacks (a mapping file's columns must all be there: header_check.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jointchron.importers.errors import MappingError

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_TOKEN = re.compile(r"\[(?P<optional>[^\[\]]*)\]|\{\{|\}\}|\{[^{}]*\}")

__all__ = ["fill_template", "template_names"]


def template_names(template: str, where: str) -> list[str]:
    """The `{name}`s a template uses, as written; a MappingError for empty or unbalanced braces."""
    names: list[str] = []
    for match in _PLACEHOLDER.finditer(template):
        if match.group(1) is not None:
            if not match.group(1).strip():
                raise MappingError(f"{where}: {{}} needs a column name inside, e.g. {{Referral Source}}")
            names.append(match.group(1))
    leftover = _PLACEHOLDER.sub("", template)
    if "{" in leftover or "}" in leftover:
        raise MappingError(
            f"{where}: unbalanced braces in {template!r}; write {{{{ and }}}} for literal braces"
        )
    return names


def fill_template(template: str, value_of: Callable[[str], str]) -> str:
    """The template with each `{name}` as `value_of(name)`, empty optional parts left out, spaces collapsed."""

    def placeholder(match: re.Match[str]) -> str:
        name = match.group(1)
        return match.group(0)[0] if name is None else value_of(name)

    def token(match: re.Match[str]) -> str:
        inner = match.group("optional")
        if inner is None:
            text = match.group(0)
            return text[0] if text in ("{{", "}}") else value_of(text[1:-1])
        names = [m.group(1) for m in _PLACEHOLDER.finditer(inner) if m.group(1) is not None]
        if names and not any(value_of(name).strip() for name in names):
            return ""
        return _PLACEHOLDER.sub(placeholder, inner) if names else match.group(0)

    return " ".join(_TOKEN.sub(token, template).split())
