"""File-system work done a few files at a time: making a file or a link costs most file systems far more than
writing its bytes, and threads overlap those waits (each releases the interpreter's lock while it waits). On ext4
just after many files were deleted, as a build's last output folder is, each new file took 1 to 3 ms here."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

THREADS = 4
# Tasks handed over and not yet done, at most: what a build holds of the files it has made but not written.
AHEAD = 8


class FileThreads:
    """Threads that make files. `make` hands one over (once the oldest is made, when AHEAD wait), `wait` waits for
    all and raises the first failure, `close` lets those begun end and drops the rest."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(THREADS, thread_name_prefix="files")
        self._pending: deque[Future[None]] = deque()
        self._folders: set[Path] = set()

    def make(self, path: Path, maker: Callable[[], object]) -> None:
        """`maker()`, which makes the file `path`, run in a thread once that file's folder is made."""
        while len(self._pending) >= AHEAD:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(self._make, path, maker))

    def _make(self, path: Path, maker: Callable[[], object]) -> None:
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        maker()

    def wait(self) -> None:
        while self._pending:
            self._pending.popleft().result()

    def close(self) -> None:
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def file_threads() -> Iterator[FileThreads]:
    """Threads whose files are all made when the block ends (or, if it raises, no more begun)."""
    threads = FileThreads()
    try:
        yield threads
        threads.wait()
    finally:
        threads.close()
