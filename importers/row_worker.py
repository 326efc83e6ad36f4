"""Reading an extract's rows in a worker process while this one records them.

Reading and mapping a row costs about as much as recording it, and both are Python, so one
process spends half an import waiting for the other. A large import on a machine with a second
core forks a worker that reads and maps the file into `RowChunk`s (importers/chunks.py)
and hands them over in file order, a bounded number of chunks ahead, while this process records
them: the import takes about as long as the slower of the two halves instead of their sum.

The worker is forked: it starts in milliseconds with the mapping, the register and the subjects
already in memory, and needs nothing pickled but its chunks. It touches none of the store's
connections, ignores Ctrl-C (this process stops it) and never writes to the terminal. Where fork
is not available (Windows, macOS) or only one core is, rows are read in this process, as they are
for small files. `JOINTCHRON_ROW_WORKER=always|never` overrides the choice (the tests use both).
"""

from __future__ import annotations

import ctypes
import fcntl
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path

from jointchron.domain.errors import JointchronError
from jointchron.importers.chunks import RowChunk

# Files smaller than this are read in this process: a worker would save less than it costs.
MIN_BYTES = 1_000_000
_DONE = "done"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_F_SETPIPE_SZ = 1031  # linux/fcntl.h (fcntl.F_SETPIPE_SZ from Python 3.10, not on every platform's build)
# Pipe size asked for: a chunk of CHUNK_ROWS canonical rows pickles to about 550 KB.
PIPE_BYTES = 1 << 20


class WorkerTraceback(Exception):
    """Where an error in the worker came from (shown with JOINTCHRON_DEBUG=1)."""

    def __str__(self) -> str:
        return f"\nin the row worker:\n{self.args[0]}"


class WorkerStopped(JointchronError):
    def __init__(self, code: int | None) -> None:
        super().__init__(
            f"the process reading the file's rows stopped unexpectedly (exit status {code}); the batches "
            "already recorded are kept: run the import again to finish it (JOINTCHRON_ROW_WORKER=never reads "
            "the rows in one process)"
        )


def use_worker(path: Path) -> bool:
    """Whether to read this file's rows in a worker process (see the module's docstring)."""
    setting = os.environ.get("JOINTCHRON_ROW_WORKER", "auto")
    if setting in ("always", "never"):
        return setting == "always" and _can_fork()
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return _can_fork() and cores > 1 and path.stat().st_size >= MIN_BYTES


def _can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def chunks_from_worker(
    read: Callable[[], Generator[RowChunk, None, None]], ahead: int
) -> Generator[RowChunk, None, None]:
    """The chunks `read()` yields, read in a forked worker process, in order; its errors are raised here.

    The worker reads at most `ahead` chunks ahead of this process: enough to go on reading while this
    one records a batch, and no more, so that memory stays flat however long the file.
    """
    context = multiprocessing.get_context("fork")
    chunks: Queue[object] = context.Queue(maxsize=ahead)
    _widen(chunks)
    # What this process has buffered must not be written a second time by the worker's copy.
    sys.stdout.flush()
    sys.stderr.flush()
    worker = context.Process(
        target=_work, args=(read, chunks, os.getpid()), name="jointchron-rows", daemon=True
    )
    worker.start()
    try:
        while True:
            item = _next(chunks, worker)
            if isinstance(item, RowChunk):
                yield item
            elif isinstance(item, _Failure):
                raise item.error from WorkerTraceback(item.where)
            else:
                return
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        chunks.close()


def _widen(chunks: Queue[object]) -> None:
    """Lets the queue's pipe hold a whole chunk, so that one write hands it over.

    Through a pipe of 64 KiB, the worker's writing thread must take the GIL back after every 64 KiB
    it writes. Only a speed-up: skipped where the pipe cannot be resized.
    """
    writer = getattr(chunks, "_writer", None)  # multiprocessing's own end of the pipe
    try:
        size = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        fcntl.fcntl(writer.fileno(), _F_SETPIPE_SZ, min(size, PIPE_BYTES))  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        pass


def _next(chunks: Queue[object], worker: BaseProcess) -> object:
    while True:
        try:
            return chunks.get(timeout=0.5)
        except queue.Empty:
            if not worker.is_alive():
                try:  # what it put just before it ended
                    return chunks.get(timeout=0.5)
                except queue.Empty:
                    raise WorkerStopped(worker.exitcode) from None


def _work(read: Callable[[], Generator[RowChunk, None, None]], chunks: Queue[object], parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the importing process stops the worker on Ctrl-C
    # Killed with the importing process, even by SIGKILL, which runs none of its clean-up.
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)
    # Its own stdio objects: a lock that another thread of the importing process (a progress bar)
    # held at the fork would never be released here. Nothing is written: errors go to the importer.
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open for the life of the process
    # The queue's thread that hands chunks over waits for the GIL each time it wakes, while this
    # thread maps rows: by default up to 5 ms a wait, which throttles the importing process.
    sys.setswitchinterval(0.0002)
    try:
        for chunk in read():
            chunks.put(chunk)
        chunks.put(_DONE)
    except BaseException as error:
        chunks.put(_Failure(_portable(error), "".join(traceback.format_exception(error))))


@dataclass
class _Failure:
    error: BaseException
    where: str


def _portable(error: BaseException) -> BaseException:
    """The error as the importing process can raise it: itself when it can be pickled and rebuilt."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        if isinstance(error, JointchronError):
            return JointchronError(str(error))
        return RuntimeError(type(error).__name__)
    error.__traceback__ = None
    return error
