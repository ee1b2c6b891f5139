"""Pagefind as a service (`pagefind --service`), handed each page's HTML in the builder's order.

Run on a folder, Pagefind takes the pages in the order the file system lists them, and numbers and bundles them in
that order: so the index would differ from one file system to another (ext4 lists a folder in an order of its own
for each disk; tmpfs and Btrfs in the order its files were made). As a service it takes them in the order given,
one after another. Each message, either way, is JSON in base64 followed by a comma; the answers come in the order
the messages were sent.
"""

from __future__ import annotations

import base64
import json
import subprocess
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Pages handed over and not yet indexed, at most: what Pagefind holds of them besides its index.
AHEAD = 8


class ServiceError(Exception):
    """Pagefind refused a request or stopped before answering it; the message says which."""


class PagefindService:
    """One Pagefind process in service mode, from its pipes: `index` makes one bundle."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._in, self._out = process.stdin, process.stdout
        self._read = b""
        self._sent = 0

    def index(self, folder: Path, pages: Sequence[str], excluded: str) -> dict[str, bytes]:
        """The files of a bundle indexing the pages at the paths `pages` within `folder` (addressed by those paths),
        leaving out what matches the CSS selector `excluded`: by path within the bundle. Handed over rather than
        written by Pagefind, which answers before its writes are done."""
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
        files = self._answer("GetFiles", "making the index")["files"]
        return {file["path"]: base64.b64decode(file["content"]) for file in files}

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        self._in.write(base64.b64encode(message) + b",")
        self._in.flush()

    def _answer(self, kind: str, doing: str) -> dict[str, Any]:
        """The next answer, which must be of `kind`; ServiceError naming what was being done otherwise."""
        while b"," not in self._read:
            more = self._out.read1(65536)
            if not more:
                raise ServiceError(f"it stopped while {doing}")
            self._read += more
        message, self._read = self._read.split(b",", 1)
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") != kind:
            raise ServiceError(f"{payload.get('message') or payload.get('type')}, while {doing}")
        return payload
