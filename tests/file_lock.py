"""A lock that test processes running side by side (pytest-xdist workers) share through a file."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def held(lock: Path) -> Iterator[None]:
    """Hold the lock file `lock` (waiting for any other test process that holds it)."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
