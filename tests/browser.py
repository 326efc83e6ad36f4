"""Real headless Chromium for the HTML tests, the benchmark and the screenshot in docs/.

Debian's `chromium` driven by Playwright (the Python package only: no browser download), with the
flags DESIGN §10 found to work as root in a container, a fresh profile per run, and every request
the page makes recorded and refused unless it is the page's own file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route, sync_playwright

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
)


def chromium_path() -> str | None:
    """Debian's Chromium (or $JOINTCHRON_CHROMIUM), if this machine has it."""
    chosen = os.environ.get("JOINTCHRON_CHROMIUM")
    if chosen:
        return chosen
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Opened:
    """A page as the browser opened it, with everything it tried to fetch and every console error."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def outside_requests(self) -> list[str]:
        """Requests for anything but the page itself (data: and blob: URLs never leave the page)."""
        return [u for u in self.requests if u != self.url and not u.startswith(("data:", "blob:"))]

    def wait_until_drawn(self, timeout_ms: int = 30_000) -> float:
        """Waits for every chart to be drawn; returns milliseconds from navigation to drawn."""
        self.page.wait_for_function(
            "window.jointchron && (window.jointchron.ready || window.jointchron.errors.length)",
            timeout=timeout_ms,
        )
        errors = self.page.evaluate("window.jointchron.errors")
        assert not errors, errors
        return float(self.page.evaluate("window.jointchron.readyAt"))


class Chromium:
    def __init__(self, context: BrowserContext) -> None:
        self.context = context

    def open(self, path: Path, viewport: tuple[int, int] = (1400, 1000)) -> Opened:
        page = self.context.new_page()
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        opened = Opened(page=page, url=path.resolve().as_uri())

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                opened.console_errors.append(message.text)

        def on_request(request: Request) -> None:
            opened.requests.append(request.url)

        def refuse_outside(route: Route) -> None:
            if route.request.url == opened.url:
                route.continue_()
            else:
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda error: opened.console_errors.append(str(error)))
        page.on("request", on_request)
        page.route("**/*", refuse_outside)
        page.goto(opened.url, wait_until="load")
        return opened


@contextmanager
def chromium() -> Iterator[Chromium]:
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium not found: apt-get install chromium (or set JOINTCHRON_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="jointchron-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS), offline=True
        )
        try:
            yield Chromium(context)
        finally:
            context.close()
