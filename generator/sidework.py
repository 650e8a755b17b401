"""Work a build does on its second core.

Once the data is checked, some outputs need nothing more than the checked
directory: the open data is about 1.4 ms a service (14 s at 10,000), and
it used to wait for the last page to be written. A forked process starts
with the directory already in memory (no copying, no pickling), writes its
files into a staging folder beside the site, and the build moves them into
place when it has finished writing pages (`SideWork`). A failure in the
process reaches the build as an exception with the process's own message,
so nothing is published half-made.

Service pages are made the same way, half in a forked process (`map_halves`):
rendering a description's markdown and the page template is about 3 ms a
service, and nothing else runs on the second core while the data becomes
pages.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

__all__ = ["SideWork", "SideWorkFailed", "map_halves", "MAP_MIN_ITEMS"]

_In = TypeVar("_In")
_Out = TypeVar("_Out")

MAP_MIN_ITEMS = 400
"""Below this many items a forked process costs more than it saves."""


class SideWorkFailed(Exception):
    """The side process failed; the message is what it raised, or how it ended."""


class SideWork:
    """`job(staging_folder)` run in a forked process, from now until `finish`."""

    def __init__(self, job: Callable[[Path], object], *, beside: Path) -> None:
        beside.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".side-", dir=beside))
        context = multiprocessing.get_context("fork")
        self._result, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(job, self.staging, sender), daemon=True)
        self._process.start()
        sender.close()  # the parent's copy: EOF reaches us when the child ends

    def finish(self, into: Path) -> None:
        """Wait for the job, then move everything it wrote into `into`.

        Raises `SideWorkFailed` (and removes the staging folder) if it failed.
        """
        try:
            try:
                message = self._result.recv()
            except EOFError:
                message = None
            self._process.join()
            if message is not None or self._process.exitcode != 0:
                raise SideWorkFailed(
                    message or f"The side process ended with code {self._process.exitcode}."
                )
            into.mkdir(parents=True, exist_ok=True)
            for item in sorted(self.staging.iterdir()):
                target = into / item.name
                if target.exists():
                    raise SideWorkFailed(f"{target} was written twice.")
                item.replace(target)
        finally:
            self._result.close()
            shutil.rmtree(self.staging, ignore_errors=True)

    def cancel(self) -> None:
        """Stop the job (the build failed) and remove what it wrote."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._result.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def _run(job: Callable[[Path], object], staging: Path, sender: Connection) -> None:
    """The child: run the job; send None when it worked, else what went wrong."""
    try:
        job(staging)
    except BaseException as error:  # reported to the parent, which raises it
        sender.send(f"{error}\n{traceback.format_exc()}".strip())
        raise SystemExit(1) from None
    sender.send(None)


def map_halves(
    function: Callable[[_In], _Out], items: Sequence[_In], *, fork: bool | None = None
) -> list[_Out]:
    """`[function(item) for item in items]`, the second half in a forked process.

    The results come back pickled, in order. With `fork=None`, done in this
    process alone for few items, and whenever other threads run here (a
    preview server): a fork copies only the calling thread, and a lock
    another thread held would stay locked in the child for ever. `fork=True`
    always forks, `False` never. Raises `SideWorkFailed` with the child's
    error if the second half failed.
    """
    if fork is None:
        fork = len(items) >= MAP_MIN_ITEMS and threading.active_count() == 1
    if not fork:
        return [function(item) for item in items]
    middle = len(items) // 2
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_map_child, args=(function, items[middle:], sender), daemon=True
    )
    child.start()
    sender.close()
    try:
        first = [function(item) for item in items[:middle]]
        try:
            ok, second = receiver.recv()
        except EOFError:
            ok, second = False, f"The second process ended with code {child.exitcode}."
        if not ok:
            raise SideWorkFailed(second)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    return [*first, *second]


def _map_child(
    function: Callable[[_In], _Out], items: Sequence[_In], sender: Connection
) -> None:
    try:
        results = [function(item) for item in items]
    except BaseException as error:
        sender.send((False, f"{error}\n{traceback.format_exc()}".strip()))
        raise SystemExit(1) from None
    sender.send((True, results))
