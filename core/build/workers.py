"""The build's helper processes: each runs its tasks in order, and exits when the build's process is gone."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait


class Helpers:
    """The build's helper processes, one executor each, started one by one; leaving shuts them all down.

    Each runs its tasks in order. When `parallel`, each is a process of its own, forked when this
    process ran no other thread at the start (the command line: a helper starts with every module
    already imported), spawned otherwise (a server building in a thread), as forking beside threads
    is unsafe. A helper started after another is forked beside that one's manager thread, which only
    waits on its pipes. Not `parallel`: inline, a task runs when its result is asked for.
    """

    def __init__(self, parallel: bool):
        self.parallel = parallel
        alone = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if alone else "spawn")
        self.started: dict[str, ProcessPoolExecutor | _Inline] = {}

    def start(self, name: str):
        """The helper called `name`, started now."""
        if self.parallel:
            self.started[name] = ProcessPoolExecutor(1, mp_context=self.context, initializer=_exit_with_parent)
        else:
            self.started[name] = _Inline()
        return self.started[name]

    def __getitem__(self, name: str):
        return self.started[name]

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        self.stop(failed=exc_type is not None)

    def stop(self, failed: bool = False) -> None:
        """Every helper gone, and its memory with it (waiting for them to exit: an executor left to exit by
        itself can fail at the interpreter's exit, Python 3.11's "Bad file descriptor" from its wake-up
        pipe). On a failure, queued tasks go."""
        for pool in self.started.values():
            if isinstance(pool, ProcessPoolExecutor):
                pool.shutdown(wait=True, cancel_futures=failed)
        self.started.clear()


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
