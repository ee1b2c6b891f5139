"""Renders kept between builds (static SVGs, preview PNGs, the Vega bundle, Markdown as HTML), in the site's .cache/
folder.

A build reads and fills the cache; `check`, which promises to write nothing, only reads it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..whole_files import write_whole


@dataclass(frozen=True)
class Cache:
    """A folder of rendered files by name; `writable` false means look, never write; no folder means no cache."""

    folder: Path | None
    writable: bool = True

    @property
    def keeps(self) -> bool:
        """Whether what is put is kept (a cache that may be written to)."""
        return self.folder is not None and self.writable

    def holds(self, name: str) -> bool:
        """Whether content is cached under `name`."""
        return self.folder is not None and (self.folder / name).is_file()

    def get(self, name: str) -> bytes | None:
        """The content cached under `name`, if any."""
        path = self.folder / name if self.folder else None
        return path.read_bytes() if path is not None and path.is_file() else None

    def put(self, name: str, content: bytes) -> None:
        """Keep `content` under `name`, when the cache may be written: whole, so that builds sharing the cache at
        the same time never read part of it."""
        if self.folder is not None and self.writable:
            write_whole(self.folder / name, content)

    def remember(self, name: str, make: Callable[[], bytes]) -> bytes:
        """The content cached under `name`, or `make()`'s, kept under that name when the cache may be written."""
        content = self.get(name)
        if content is None:
            content = make()
            self.put(name, content)
        return content


NO_CACHE = Cache(None)


def cache_folder(root: Path) -> Path:
    """Where rendered charts, the Vega bundle and the record of builds are kept: $SITE_BUILDER_CACHE or .cache/."""
    return Path(os.environ.get("SITE_BUILDER_CACHE") or root / ".cache")
