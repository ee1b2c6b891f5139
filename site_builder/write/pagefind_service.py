"""Pagefind as a service (`pagefind --service`), handed each page's HTML in the builder's order, in a process of
its own: `python -m site_builder.write.pagefind_service PROGRAM FOLDER INTO EXCLUDED [UNUSED...]`, with the pages'
paths one a line on standard input, writes their bundle into INTO, less the files matching the UNUSED patterns.
Pagefind hands a bundle back as one answer of megabytes, which a build's own process would hold on to.

Run on a folder, Pagefind takes the pages in the order the file system lists them, and numbers and bundles them in
that order: so the index would differ from one file system to another (ext4 lists a folder in an order of its own
for each disk; tmpfs and Btrfs in the order its files were made). As a service it takes them in the order given,
one after another. Each message, either way, is JSON in base64 followed by a comma; the answers come in the order
the messages were sent.
"""

from __future__ import annotations

import base64
import binascii
import json
import subprocess
import sys
from collections import deque
from collections.abc import Sequence
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from typing import Any

from .file_threads import file_threads

# Pages handed over and not yet indexed, at most: what Pagefind holds of them besides its index.
AHEAD = 8
# The exit code when the bundle could not be written (1: Pagefind failed).
WRITE_FAILED = 2


class ServiceError(Exception):
    """Pagefind refused a request or stopped before answering it; the message says which."""


class PagefindService:
    """One Pagefind process in service mode, from its pipes: `index` makes one bundle."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._in, self._out = process.stdin, process.stdout
        self._read = b""  # read and not yet decoded
        self._sent = 0

    def index(self, folder: Path, pages: Sequence[str], excluded: str) -> dict[str, str]:
        """The files of a bundle indexing the pages at the paths `pages` within `folder` (addressed by those paths),
        leaving out what matches the CSS selector `excluded`: each file's content in base64 by its path within the
        bundle. Handed over rather than written by Pagefind, which answers before its writes are done."""
        self._send({"type": "NewIndex", "config": {"exclude_selectors": [excluded]}})
        index_id = self._answer("NewIndex", "starting an index")["index_id"]
        waiting: deque[str] = deque()
        for page in pages:
            if len(waiting) == AHEAD:
                self._answer("IndexedFile", f"indexing {waiting.popleft()}")
            self._send({"type": "AddFile", "index_id": index_id, "file_path": page,
                        "file_contents": (folder / page).read_text(encoding="utf-8")})
            waiting.append(page)
        while waiting:
            self._answer("IndexedFile", f"indexing {waiting.popleft()}")
        self._send({"type": "GetFiles", "index_id": index_id})
        return {file["path"]: file["content"] for file in self._answer("GetFiles", "making the index")["files"]}

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        self._in.write(base64.b64encode(message) + b",")
        self._in.flush()

    def _answer(self, kind: str, doing: str) -> dict[str, Any]:
        """The next answer, which must be of `kind`; ServiceError naming what was being done otherwise. Decoded
        as it is read: a bundle's files come as one answer of megabytes, never held twice."""
        decoded = bytearray()
        while (end := self._read.find(b",")) < 0:
            whole = len(self._read) // 4 * 4  # base64 decodes four characters at a time
            decoded += binascii.a2b_base64(self._read[:whole])
            more = self._out.read1(65536)
            if not more:
                raise ServiceError(f"it stopped while {doing}")
            self._read = self._read[whole:] + more
        decoded += binascii.a2b_base64(self._read[:end])
        self._read = self._read[end + 1:]
        payload = json.loads(decoded)["payload"]
        if payload.get("type") != kind:
            raise ServiceError(f"{payload.get('message') or payload.get('type')}, while {doing}")
        return payload


def write_bundle(files: dict[str, str], into: Path, unused: Sequence[str]) -> None:
    """The bundle's `files` (in base64) written into the folder `into`, less those matching the `unused` patterns."""
    with file_threads() as threads:
        while files:
            name, content = files.popitem()  # each file's text let go once it is written
            if not any(fnmatch(name, pattern) for pattern in unused):
                threads.make(into / name, partial(_write_decoded, into / name, content))


def _write_decoded(path: Path, content: str) -> None:
    path.write_bytes(base64.b64decode(content))


def main() -> None:
    """The bundle of the pages named on standard input; what failed said on standard error, with exit code 1 if
    Pagefind failed, WRITE_FAILED if the bundle could not be written."""
    program, folder, into, excluded, *unused = sys.argv[1:]
    pages = sys.stdin.read().splitlines()
    process = subprocess.Popen([program, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        files = PagefindService(process).index(Path(folder), pages, excluded)
    except (ServiceError, OSError, ValueError) as exc:  # OSError: its pipe closed; ValueError: an answer cut off
        sys.exit(str(exc))
    finally:
        process.kill()
        process.wait()
    try:
        write_bundle(files, Path(into), unused)
    except OSError as exc:
        print(f"could not write the search index: {exc}", file=sys.stderr)
        sys.exit(WRITE_FAILED)


if __name__ == "__main__":
    main()
