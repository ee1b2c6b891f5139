"""Worker processes for the render stage's heavy work: vl-convert's drawings and Python-Markdown's conversions.

Both hold the interpreter's lock while they work, so threads gain nothing; processes use every core. Workers
are started with `spawn`, never `fork`: vl-convert runs a JavaScript engine with threads of its own, and a
forked child inherits that engine's locks without the threads that hold them, so its first drawing waits
forever. A spawned worker starts clean, and keeps its own engine warm for every drawing it is given.

What the pages need (static SVGs, Markdown) is waited for: `map`, `cached_map`. What only its own file needs (a
chart's PNG, a preview card) is made in the background, `later`: handed to the workers one per worker at a time,
so that work the build waits for passes ahead of it, and drawn while this process writes the pages. `apart` runs
one task in a process of its own that ends with it, in the background (the Vega bundle, whose bundler would
otherwise stay in a worker's memory), and `alone` one whose result the build waits for (making many charts, whose
library, Altair, would otherwise stay in this process's memory).

The pool starts only when there is enough work to repay a worker's start-up (about half a second).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Executor, Future, ProcessPoolExecutor
from functools import partial
from typing import Any, TypeVar

from .cache import Cache
from .later import Later

T = TypeVar("T")
R = TypeVar("R")
# Below this many tasks of a kind the build does them itself, unless the workers have already started.
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


def _spawned(count: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))


class Workers:
    """The build's worker processes, started on first use; `close` (or leaving a `with` block) stops them."""

    def __init__(self, count: int | None = None) -> None:
        self.count = worker_count() if count is None else count
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._waiting: deque[tuple[Callable[[Any], bytes], Any, Later]] = deque()
        self._running = 0  # background tasks handed to the pool and not finished

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def executor(self, tasks: int) -> Executor:
        """The pool when it is running, or `tasks` is enough work to start it and the machine has cores to spare;
        else this process."""
        if self.count < 2 or (self._pool is None and tasks < ENOUGH):
            return _Here()
        if self._pool is None:
            self._pool = _spawned(self.count)
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

    def later(self, fn: Callable[[T], bytes], items: list[T], names: list[str], cache: Cache) -> list[Later]:
        """`fn` of each item, in the background: taken from the cache under the item's name where it was made
        before; the others made by the workers when the build's other work leaves them free (in this process at
        once when a pool would not pay), and kept in the cache."""
        held = [cache.holds(name) for name in names]
        laters = [Later(name, cache, hit) for name, hit in zip(names, held, strict=True)]
        todo = [(item, later) for item, later, hit in zip(items, laters, held, strict=True) if not hit]
        executor = self.executor(len(todo))
        if executor is not self._pool:
            for item, later in todo:
                later.made(executor.submit(fn, item))
            return laters
        with self._lock:
            self._waiting.extend((fn, item, later) for item, later in todo)
        self._feed()
        return laters

    def apart(self, fn: Callable[[], bytes], name: str, cache: Cache) -> Later:
        """`fn()` taken from the cache under `name`, else made in a process of its own that ends with it (in this
        process when the build has no workers)."""
        if cache.holds(name):
            return Later(name, cache, held=True)
        later = Later(name, cache)
        self._alone(fn).add_done_callback(later.made)
        return later

    def alone(self, fn: Callable[..., R], *args: Any) -> R:
        """`fn(*args)`, made in a process of its own that ends with it (in this process when the build has no
        workers)."""
        return self._alone(fn, *args).result()

    def _alone(self, fn: Callable[..., R], *args: Any) -> Future[R]:
        if self.count < 2:
            return _Here().submit(fn, *args)
        alone = _spawned(1)
        work = alone.submit(fn, *args)
        alone.shutdown(wait=False)  # the process ends once its one task is done
        return work

    def _feed(self) -> None:
        """Hand waiting background tasks to the pool while fewer than one per worker are in it."""
        while (task := self._next()) is not None:
            pool, (fn, item, later) = task
            try:
                work = pool.submit(fn, item)
            except RuntimeError as exc:  # a pool that broke or was closed: the task fails, not the feeding
                self._finished(later, _failed(exc), feed=False)
                continue
            work.add_done_callback(partial(self._finished, later))

    def _next(self) -> tuple[ProcessPoolExecutor, tuple[Callable[[Any], bytes], Any, Later]] | None:
        """The pool and the next background task for it, counted as running; None when it has enough."""
        with self._lock:
            if not self._waiting or self._running >= self.count or self._pool is None:
                return None
            self._running += 1
            return self._pool, self._waiting.popleft()

    def _finished(self, later: Later, work: Future[bytes], feed: bool = True) -> None:
        later.made(work)
        with self._lock:
            self._running -= 1
        if feed:
            self._feed()

    def close_after(self, files: Iterator[T]) -> Iterator[T]:
        """Each of `files`, then the workers stopped (also when the files are not all taken)."""
        try:
            yield from files
        finally:
            self.close()

    def close(self) -> None:
        with self._lock:
            waiting, self._waiting = self._waiting, deque()
            pool, self._pool = self._pool, None
        for *_, later in waiting:
            later.made(_failed(CancelledError()))
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _failed(exc: BaseException) -> Future[bytes]:
    failed: Future[bytes] = Future()
    failed.set_exception(exc)
    return failed
