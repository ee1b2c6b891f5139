"""Worker processes for the render stage's heavy work: vl-convert's drawings and Python-Markdown's conversions.

Both hold the interpreter's lock while they work, so threads gain nothing; processes use every core. Workers
are started with `spawn`, never `fork`: vl-convert runs a JavaScript engine with threads of its own, and a
forked child inherits that engine's locks without the threads that hold them, so its first drawing waits
forever. A spawned worker starts clean, and keeps its own engine warm for every drawing it is given.

The pool starts only when there is enough work to repay a worker's start-up (about half a second).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

from .cache import Cache

T = TypeVar("T")
R = TypeVar("R")
# Below this many tasks of a kind the build does them itself.
ENOUGH = 8


def worker_count() -> int:
    """One worker per core the build may use ($SITE_BUILDER_WORKERS sets another number; 0 or 1: none)."""
    wanted = os.environ.get("SITE_BUILDER_WORKERS", "")
    if wanted.isdigit():
        return int(wanted)
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return len(cores)


class _Here(Executor):
    """Runs each task at once in this process: the pool when a pool would not pay."""

    def submit(self, fn: Callable[..., R], /, *args: Any, **kwargs: Any) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever asks for the result, as a pool does
            future.set_exception(exc)
        return future


class Workers:
    """The build's worker processes, started on first use; `close` (or leaving a `with` block) stops them."""

    def __init__(self, count: int | None = None) -> None:
        self.count = worker_count() if count is None else count
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def executor(self, tasks: int) -> Executor:
        """The pool when `tasks` is enough work for it and the machine has cores to spare; else this process."""
        if tasks < ENOUGH or self.count < 2:
            return _Here()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`fn` of each item, in order, spread over the workers when there are enough items."""
        items = list(items)
        chunk = max(1, len(items) // (self.count * 4)) if self.count else 1
        return list(self.executor(len(items)).map(fn, items, chunksize=chunk))

    def cached_map(self, fn: Callable[[T], str | None], items: list[T], names: list[str],
                   cache: Cache) -> list[str | None]:
        """`fn` of each item, taken from the cache under the item's name where it was made before; the others made
        by the workers and kept (a result of None is returned, not kept)."""
        found = [cache.get(name) for name in names]
        made = iter(self.map(fn, [item for item, hit in zip(items, found, strict=True) if hit is None]))
        results = [hit.decode() if hit is not None else next(made) for hit in found]
        for name, hit, result in zip(names, found, results, strict=True):
            if hit is None and result is not None:
                cache.put(name, result.encode())
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
