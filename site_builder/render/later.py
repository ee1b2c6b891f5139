"""A file made in the background (a chart's PNG, a preview card, the Vega bundle), asked for when it is written.

Once made it waits in the cache, not in memory, so that a large site's drawings are not all held at once."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from .cache import Cache


class Later:
    """The content kept under `name` in `cache`, already (`held`) or once made: `made` is told when the work ends,
    `result` waits for it."""

    def __init__(self, name: str, cache: Cache, held: bool = False) -> None:
        self.name, self.cache = name, cache
        self._done = threading.Event()
        self._content: bytes | None = None
        self._error: BaseException | None = None
        if held:
            self._done.set()

    def __reduce__(self) -> tuple[type[Later], tuple[str, Cache, bool]]:
        """Kept with a build's state (build_record.py) as what it refers to: its entry in the cache."""
        return Later, (self.name, self.cache, True)

    def made(self, work: Future[bytes]) -> None:
        """Take the work's content (into the cache when it can be kept there) or its error."""
        try:
            content = work.result()
            self.cache.put(self.name, content)
            self._content = None if self.cache.keeps else content
        except BaseException as exc:  # handed to whoever asks for the result
            self._error = exc
        self._done.set()

    def result(self) -> bytes:
        """The content, once made; the work's error if it failed."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        if self._content is not None:
            return self._content
        content = self.cache.get(self.name)
        if content is None:
            raise FileNotFoundError(f"{self.name} is no longer in the cache {self.cache.folder}")
        return content
