"""Work a build does on its second core.

Once the data is checked, some outputs need nothing more than the checked
directory: the open data is about 1.4 ms a service (14 s at 10,000), and
it used to wait for the last page to be written. A forked process starts
with the directory already in memory (no copying, no pickling), writes its
files into a staging folder beside the site, and the build moves them into
place when it has finished writing pages (`SideWork`). A failure in the
process reaches the build as an exception with the process's own message,
so nothing is published half-made.

Service pages are made the same way, half in a forked process (`map_halves`),
and What's new reads the git history in one while the listings load (`Ahead`):
rendering a description's markdown and the page template is about 3 ms a
service, and nothing else runs on the second core while the data becomes
pages. The fast YAML reader and `check` share their reading the same way.
All of them run their second process as a `Worker`.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = [
    "MAP_MIN_ITEMS",
    "Ahead",
    "SideWork",
    "SideWorkFailed",
    "Worker",
    "WorkerFailed",
    "map_halves",
]

_In = TypeVar("_In")
_Out = TypeVar("_Out")

MAP_MIN_ITEMS = 400
"""Below this many items a forked process costs more than it saves."""


def _fork_is_safe() -> bool:
    """Whether this process runs one thread only: a fork copies just the
    calling thread, so with others running (a preview server, Pagefind's
    pipe) a lock one of them held stays locked in the copy for ever."""
    return threading.active_count() == 1


class SideWorkFailed(Exception):
    """The side process failed; the message is what it raised, or how it ended."""


class WorkerFailed(Exception):
    """The worker process stopped, or raised (the message is its error).

    Callers either do the worker's share themselves or report it."""


class Worker:
    """One helper process running `target(send, *args)`; `receive()` gets what it sent, in order.

    Messages are pickled, so only what the target chooses to send crosses
    over. The process is a daemon: it cannot outlive the main process.
    Fork is cheapest (nothing is imported twice), but forking a process that
    runs other threads (as `mkdocs serve` does) can deadlock, so then a fork
    server is used.
    """

    def __init__(self, target: Callable[..., None], *args: object) -> None:
        methods = multiprocessing.get_all_start_methods()
        context: multiprocessing.context.BaseContext
        if "fork" in methods and _fork_is_safe():
            context = multiprocessing.get_context("fork")
        elif "forkserver" in methods:
            context = multiprocessing.get_context("forkserver")
        else:
            context = multiprocessing.get_context("spawn")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(send, target, args), daemon=True
        )
        self._process.start()
        send.close()

    def receive(self) -> Any:
        try:
            ok, value = pickle.loads(self._receive.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError) as error:
            raise WorkerFailed(repr(error)) from error
        if not ok:
            raise WorkerFailed(value)
        return value

    def close(self) -> None:
        """Stop the worker (it may still be freeing memory it no longer needs)."""
        self._receive.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _serve(conn: Any, target: Callable[..., None], args: tuple[object, ...]) -> None:
    """The worker's main function: run the target, report any failure, and leave at once."""

    def send(value: object) -> None:
        conn.send_bytes(pickle.dumps((True, value), protocol=pickle.HIGHEST_PROTOCOL))

    try:
        target(send, *args)
    except BaseException as error:  # the main process does the work itself instead
        with suppress(Exception):
            conn.send_bytes(pickle.dumps((False, repr(error))))
    finally:
        conn.close()
        os._exit(0)  # no clean-up: freeing a large tree object by object is wasted time


class SideWork:
    """`job(staging_folder)` run in a forked process, from now until `finish`."""

    def __init__(self, job: Callable[[Path], object], *, beside: Path) -> None:
        beside.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".side-", dir=beside))
        self._worker = Worker(_run_job, job, self.staging)

    def finish(self, into: Path) -> None:
        """Wait for the job, then move everything it wrote into `into`.

        Raises `SideWorkFailed` (and removes the staging folder) if it failed.
        """
        try:
            try:
                self._worker.receive()
            except WorkerFailed as error:
                raise SideWorkFailed(str(error)) from None
            into.mkdir(parents=True, exist_ok=True)
            for item in sorted(self.staging.iterdir()):
                target = into / item.name
                if target.exists():
                    raise SideWorkFailed(f"{target} was written twice.")
                item.replace(target)
        finally:
            self._worker.close()
            shutil.rmtree(self.staging, ignore_errors=True)

    def cancel(self) -> None:
        """Stop the job (the build failed) and remove what it wrote."""
        self._worker.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def _run_job(send: Callable[[object], None], job: Callable[[Path], object], staging: Path) -> None:
    job(staging)
    send(None)


class Ahead(Generic[_Out]):
    """`function()` started now in a forked process; `result()` waits for it.

    For work the build needs later and that needs nothing the build has not
    got yet (What's new reads git history while the listings load). Done in
    this process, at `result()`, when a fork is not safe (other threads run
    here) or the forked process failed: its error then comes from here.
    """

    def __init__(self, function: Callable[[], _Out], *, fork: bool | None = None) -> None:
        """`fork`: None to fork only when it is safe, True always (tests), False never."""
        self._function = function
        if fork is None:
            fork = _fork_is_safe()
        self._worker = Worker(_call, function) if fork else None

    def result(self) -> _Out:
        if self._worker is not None:
            worker, self._worker = self._worker, None
            try:
                value: _Out = worker.receive()
                return value
            except WorkerFailed:
                pass  # done here instead, so any error is raised here
            finally:
                worker.close()
        return self._function()

    def cancel(self) -> None:
        """Stop the work: its result is no longer wanted."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None


def _call(send: Callable[[object], None], function: Callable[[], object]) -> None:
    send(function())


def map_halves(
    function: Callable[[_In], _Out], items: Sequence[_In], *, fork: bool | None = None
) -> list[_Out]:
    """`[function(item) for item in items]`, the second half in another process.

    The results come back pickled, in order. With `fork=None`, done in this
    process alone for few items, and whenever other threads run here (a
    preview server): a fork copies only the calling thread, and the other
    ways to start a process would pickle `function` and everything it holds.
    `fork=True` always uses a second process, `False` never. Raises
    `SideWorkFailed` with the second process's error if its half failed.
    """
    if fork is None:
        fork = len(items) >= MAP_MIN_ITEMS and _fork_is_safe()
    if not fork:
        return [function(item) for item in items]
    middle = len(items) // 2
    worker = Worker(_map, function, items[middle:])
    try:
        first = [function(item) for item in items[:middle]]
        try:
            second: list[_Out] = worker.receive()
        except WorkerFailed as error:
            raise SideWorkFailed(str(error)) from None
    finally:
        worker.close()
    return [*first, *second]


def _map(
    send: Callable[[object], None], function: Callable[[_In], _Out], items: Sequence[_In]
) -> None:
    send([function(item) for item in items])
