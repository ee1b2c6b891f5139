"""Work made in the background by the worker processes: in order, kept in the cache, failures and stops reported."""

from __future__ import annotations

import os
import zlib
from concurrent.futures import CancelledError
from pathlib import Path

import pytest

from site_builder.render.cache import Cache
from site_builder.render.workers import ENOUGH, Workers

ITEMS = [f"item {n}".encode() * (n + 1) for n in range(ENOUGH * 2)]
NAMES = [f"z/{n}.bin" for n in range(len(ITEMS))]


@pytest.mark.parametrize("count", [0, 2])
def test_background_results_come_in_order_and_stay_in_the_cache(tmp_path: Path, count: int) -> None:
    cache = Cache(tmp_path)
    with Workers(count) as workers:
        made = [later.result() for later in workers.later(zlib.compress, ITEMS, NAMES, cache)]
    assert made == [zlib.compress(item) for item in ITEMS]
    assert [cache.get(name) for name in NAMES] == made
    with Workers(count) as workers:  # made before: taken from the cache, never made again
        again = workers.later(zlib.decompress, ITEMS, NAMES, cache)
        assert [later.result() for later in again] == made


def test_background_results_wait_in_memory_when_the_cache_is_read_only(tmp_path: Path) -> None:
    cache = Cache(tmp_path, writable=False)
    with Workers(2) as workers:
        made = [later.result() for later in workers.later(zlib.compress, ITEMS, NAMES, cache)]
    assert made == [zlib.compress(item) for item in ITEMS]
    assert not list(tmp_path.iterdir())


def test_a_failed_task_raises_its_error_when_its_result_is_asked_for(tmp_path: Path) -> None:
    with Workers(2) as workers:
        laters = workers.later(zlib.decompress, [zlib.compress(b"fine"), b"not compressed", *ITEMS[2:]], NAMES,
                               Cache(tmp_path))
        assert laters[0].result() == b"fine"
        with pytest.raises(zlib.error):
            laters[1].result()


def test_work_still_waiting_when_the_workers_stop_is_cancelled(tmp_path: Path) -> None:
    workers = Workers(2)
    laters = workers.later(zlib.compress, ITEMS, NAMES, Cache(tmp_path))
    workers.close()
    with pytest.raises(CancelledError):
        laters[-1].result()


def test_work_apart_is_made_once_and_kept(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with Workers(2) as workers:
        assert workers.apart(bytes, "apart.bin", cache).result() == b""
    assert cache.get("apart.bin") == b""


@pytest.mark.parametrize("count", [0, 2])
def test_work_alone_is_waited_for_and_made_in_a_process_of_its_own(count: int) -> None:
    with Workers(count) as workers:
        made_by = workers.alone(os.getpid)
    assert (made_by != os.getpid()) == (count == 2)
