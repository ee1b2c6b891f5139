"""Files written whole: beside their place, then renamed into it, so that no reader (a web server, a build sharing the
cache, a build reading the last one's record) ever sees one half written or changed in place."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# What a published file may be read by: everyone, whatever this process's umask.
READABLE = 0o644


@contextmanager
def written_whole(path: Path, mode: int | None = None) -> Iterator[BinaryIO]:
    """A stream into a file beside `path`, renamed into its place (with the permissions `mode`, when given) once the
    block ends; removed when it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        with partial.open("wb") as stream:
            yield stream
        if mode is not None:
            partial.chmod(mode)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_whole(path: Path, content: bytes, mode: int | None = None) -> None:
    """`content` written whole at `path`."""
    with written_whole(path, mode) as stream:
        stream.write(content)
