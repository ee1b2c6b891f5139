"""Giving back the memory of a shared library's pages that only its start-up read.

vl-convert's library carries its JavaScript engine's start-up image, the scripts of Vega and Vega-Lite and the
Unicode tables; its first drawing reads about 45 MiB of it, of which later drawings touch about half. Those pages
are the file's own, never changed, so the kernel may drop them from this process and read any back from the page
cache when they are touched again: a drawing worker's peak memory is then about 20 MiB lower. Linux only; elsewhere,
or if anything is not as expected, nothing is done."""

from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

MADV_DONTNEED = 4
_MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$")


def release_startup_pages(library: str) -> None:
    """Drop this process's pages of the library file `library` that it can read again as they were: mappings not
    writable and holding no page of their own (a page changed after loading, as relocations are, would be lost)."""
    if not sys.platform.startswith("linux"):
        return
    library = os.path.realpath(library)
    try:
        madvise = ctypes.CDLL(None, use_errno=True).madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        for start, end in _unchanged_mappings(Path("/proc/self/smaps").read_text(), library):
            madvise(start, end - start, MADV_DONTNEED)
    except (OSError, AttributeError, ValueError):
        return


def _unchanged_mappings(smaps: str, library: str) -> list[tuple[int, int]]:
    """The address ranges of `library`'s mappings that are not writable and hold no anonymous (changed) page."""
    found: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for line in smaps.splitlines():
        if mapping := _MAPPING.match(line):
            start, end, permissions, name = mapping.groups()
            ours = name == library and "w" not in permissions
            current = (int(start, 16), int(end, 16)) if ours else None
        elif current is not None and line.startswith("Anonymous:"):
            if int(line.split()[1]) == 0:
                found.append(current)
            current = None
    return found
