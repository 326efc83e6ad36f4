"""The terminal consoles of the commands (rich), imported when a command first writes: not by `--help`."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from jointchron.domain.text import for_terminal


class SafeConsole(Console):
    """A console that shows control characters in any text as escapes (`\\x1b`): an escape sequence typed
    into an extract (clear the screen, a hidden link) is shown, never run. Rich's own styling is unaffected."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Any:
        return super().render_str(for_terminal(text), *args, **kwargs)
