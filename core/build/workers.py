"""The build's helper processes: each runs its tasks in order, and exits when the build's process is gone."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait


@contextlib.contextmanager
def helpers(names: tuple[str, ...], parallel: bool) -> Iterator[dict]:
    """An executor per name: one process each when `parallel`, else inline (a task runs when its result is asked).

    The processes are forked when this process runs no other thread (the command line: they start
    with every module already imported); spawned otherwise, as forking beside threads is unsafe.
    The second fork sees the first executor's manager thread, which only waits on its pipes.
    """
    if not parallel:
        yield {name: _Inline() for name in names}
        return
    alone = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if alone else "spawn")
    pools = {name: ProcessPoolExecutor(1, mp_context=context, initializer=_exit_with_parent) for name in names}
    failed = True
    try:
        yield pools
        failed = False
    finally:
        # Waiting for the helpers to exit: an executor left to exit by itself can fail at the interpreter's
        # exit (Python 3.11: "Bad file descriptor" from its wake-up pipe). On a failure, queued tasks go.
        for pool in pools.values():
            pool.shutdown(wait=True, cancel_futures=failed)


def _exit_with_parent() -> None:
    """In a helper: exit as soon as the build's process is gone, killed or not, instead of waiting forever.

    A helper only builds: like the build's process, it does without the cycle collector.
    """
    gc.disable()
    parent = multiprocessing.parent_process()

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def timed(function: Callable, *args):
    """`function(*args)` and the seconds it took, where it ran (a helper's stage times itself)."""
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


class _Inline:
    """An executor that runs a task when its result is asked for: one process, the same code path."""

    def submit(self, function, *args):
        return _Deferred(lambda: function(*args))


@dataclass(frozen=True)
class _Deferred:
    run: Callable

    def result(self):
        return self.run()
