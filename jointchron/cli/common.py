"""What every command shares: one-line errors, UK dates, the store chosen, the audit entry, output."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

from jointchron.domain.errors import InvalidDate, JointchronError
from jointchron.domain.text import for_terminal

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from jointchron.service.review_store import Store
    from jointchron.store.settings import Command, Location


F = TypeVar("F", bound=Callable[..., Any])


class _OnFirstUse:
    """A console made when first used: rich takes a tenth of a second to import, which `--help` and the
    start of every command would otherwise pay."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def made(self) -> Console:
        if self._console is None:
            from jointchron.cli.console import SafeConsole

            self._console = SafeConsole(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made(), name)


def console_itself(console: Console) -> Console:
    """The console behind `out` or `err`, for rich's own objects (a progress bar), which also use it as a
    context manager."""
    return console.made() if isinstance(console, _OnFirstUse) else console


# markup=False: text from the records (`[name]`, `[identifier]`, a `[bold]` typed in an extract) is shown
# as written, never read as Rich markup.
err = cast("Console", _OnFirstUse(stderr=True, highlight=False, soft_wrap=True, markup=False))
out = cast("Console", _OnFirstUse(highlight=False, soft_wrap=True, markup=False))


def new_table(**options: Any) -> Table:
    """A rich table (`rich.table.Table(**options)`), rich imported only now."""
    from rich.table import Table

    return Table(**options)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"error: {message}", markup=False)
    sys.exit(code)


def friendly(command: F) -> F:
    """Turns every error into one line on stderr and an exit status; never a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except JointchronError as error:
            fail(str(error))
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            fail("interrupted; whole batches already written are kept, run the command again to finish", 130)
        except Exception as error:
            fail(_one_line(error))

    return run  # type: ignore[return-value]


def _is_persistence_error(error: Exception) -> bool:
    """Whether `error` is the event store's; checked only once something failed, so that starting a
    command (and `--help`) does not import the event store's library."""
    from eventsourcing.persistence import PersistenceError

    return isinstance(error, PersistenceError)


def _one_line(error: Exception) -> str:
    """What went wrong, in one line without personal data (a library's message may quote stored data)."""
    from jointchron.exports.files import disk_full, is_disk_full

    if is_disk_full(error) or (_io_error(error) and _store_disk_is_full()):
        return str(disk_full())
    if isinstance(error, OSError) and not _is_persistence_error(error):
        return f"{error.strerror or error}: {error.filename or ''}; check the path and permissions".strip()
    if os.environ.get("JOINTCHRON_DEBUG"):
        raise error
    if _is_persistence_error(error):  # the event log failed under the command: server gone, file damaged
        return (f"the event log could not be read or written ({type(error).__name__}); check that it is "
                "reachable and undamaged, then run the command again")  # fmt: skip
    # A bug: say so in one line, details only on request.
    return f"unexpected {type(error).__name__}; please report it (set JOINTCHRON_DEBUG=1 for details)"


def _io_error(error: BaseException) -> bool:
    """SQLite says only "disk I/O error" when it cannot create its journal on a full disk."""
    return "i/o error" in str(error).lower() or isinstance(error, OSError)


def _store_disk_is_full() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    try:
        from jointchron.store.settings import Location

        directory = Location.choose(root.params.get("store") if root else None).directory
        while not directory.exists() and directory != directory.parent:
            directory = directory.parent
        return shutil.disk_usage(directory).free < FULL_BELOW_BYTES
    except (OSError, JointchronError):
        return False


# A disk with less free space than this cannot take a SQLite journal page, let alone a batch.
FULL_BELOW_BYTES = 64 * 1024


def uk_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        from jointchron.domain.dates import FuzzyDate

        return FuzzyDate.parse(value).earliest
    except InvalidDate as error:
        raise click.BadParameter(str(error), param=param) from None


def store_of(ctx: click.Context) -> Location:
    """The store chosen by --store, --key-file, the environment and store.toml; `ctx`'s command is audited."""
    root = ctx.find_root()
    from jointchron.store.settings import Location

    location = Location.choose(root.params.get("store"), root.params.get("key_file"))
    return location.running(command_of(ctx))


def command_of(ctx: click.Context) -> Command:
    """The running command for the audit log: who (--by, else the login name), and its arguments
    without personal data (file names, agency codes, ids, dates and flags; other values withheld)."""
    from jointchron.service.users import current_user

    names: list[str] = []
    node = ctx
    while node.parent is not None:  # `people import`: every name below the root
        names.insert(0, node.info_name or "")
        node = node.parent
    arguments = []
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.name == "by" or value is None or value is False or value == () or value == "":
            continue
        label = param.opts[0] if isinstance(param, click.Option) else ""
        if (
            isinstance(param, click.Option)
            and param.is_flag
            and isinstance(value, str)
            and param.flag_value != value
        ):
            continue  # one of several flags sharing one value (`--accept`/`--dismiss`): not the one given
        arguments.append(" ".join(filter(None, (label, _audited(param, value)))))
    by = ctx.params.get("by") or current_user()
    from jointchron.store.settings import Command

    return Command(" ".join(names), str(by), tuple(arguments))


def _audited(param: click.Parameter, value: Any) -> str:
    if value is True:
        return ""
    if isinstance(param, click.Option) and param.is_flag and isinstance(value, str):
        return ""  # one of several flags for one value (`--accept`/`--dismiss`): the label says which
    if isinstance(value, Path):
        return value.name
    if isinstance(value, datetime.date) or isinstance(param.type, click.Choice) or param.name == "agency":
        return str(value.isoformat() if isinstance(value, datetime.date) else value)
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    return "…"


_ID = re.compile(
    r"[0-9a-fA-F]{8}(-?[0-9a-fA-F]{4,}){0,4}"
)  # a contact or entry id, or its first 8 characters


def check_privacy_flags(named: bool, publish: bool) -> None:
    if named and publish:
        raise click.UsageError(
            "--named and --publish cannot be combined: a published output shows no real names"
        )


def _remember_force(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["jointchron.force"] = value
    return value


# The listing commands' --format: a table for reading, or JSON for scripts.
table_or_json = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help="Table for reading, json for scripts.")  # fmt: skip


def force_option(command: F) -> F:
    """`--force`: write -o even where it is a symbolic link (to the file it points to)."""
    return click.option("--force", is_flag=True, expose_value=False, callback=_remember_force,
                        help="Write -o even where it is a symbolic link, to the file the link points to.")(command)  # fmt: skip


def output_to(path: Path) -> Any:
    """Where to write `path`: a file beside it, renamed into place when complete (exports/files.py);
    `--force` of the running command lets it follow a symbolic link."""
    from jointchron.exports.files import output_file

    ctx = click.get_current_context(silent=True)
    return output_file(path, force=bool(ctx and ctx.find_root().meta.get("jointchron.force")))


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(for_terminal(text) if sys.stdout.isatty() else text)
        return
    with output_to(output) as partial:
        partial.write_text(text, encoding="utf-8-sig" if output.suffix.lower() == ".csv" else "utf-8")
    err.print(f"Wrote {output}", markup=False)


@contextmanager
def text_console(output: Path) -> Iterator[Console]:
    """A console writing a table to `output` as a terminal would show it, 200 characters wide."""
    with output_to(output) as partial, partial.open("w", encoding="utf-8") as handle:
        from jointchron.cli.console import SafeConsole

        yield SafeConsole(file=handle, width=200, highlight=False, markup=False)


@contextmanager
def opened_store(ctx: click.Context) -> Iterator[Store]:
    from jointchron.service.review_store import Store

    store = Store.open(store_of(ctx))
    try:
        yield store
    finally:
        store.close()


def show_table(table: Table, output: Path | None) -> None:
    if output is None:
        out.print(table)
        return
    with text_console(output) as console:
        console.print(table)
    err.print(f"Wrote {output}", markup=False)
