"""`serve`: build, serve output/ on 127.0.0.1, rebuild when a source changes, reload the open page.

Development only: the reload script and the error page exist in the server (dev_server.py), never in output/.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from ..render.headers import header_rules
from ..reporter import display_path
from ..write.search_index import SearchIndexError, update_index
from .dev_server import BuildState, DevHandler

__all__ = ["BuildState", "DevHandler", "SearchRefresher", "serve"]

HOST = "127.0.0.1"
WATCHED = ("site.yaml", "data", "content", "templates")
POLL_SECONDS = 0.1
QUIET_SECONDS = 2.0

Rebuild = Callable[[str], str | None]  # given the address it is served at; returns the failure, if any
"""Builds the site once; returns the problems as printed when it failed, None when it succeeded."""


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file; cheap enough to poll ten times a second (a few
    milliseconds for a thousand pages)."""
    files = {}
    for name in WATCHED:
        _scan(str(root / name), files)
    return files


def _scan(path: str, files: dict[str, tuple[int, int]]) -> None:
    try:
        entries = list(os.scandir(path))
    except NotADirectoryError:
        entries = []
        with contextlib.suppress(OSError):
            info = os.stat(path)
            files[path] = (info.st_mtime_ns, info.st_size)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, files)
        else:
            with contextlib.suppress(OSError):
                info = entry.stat()
                files[entry.path] = (info.st_mtime_ns, info.st_size)


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[Path]:
    return sorted(Path(p) for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def watch(root: Path, on_change: Callable[[list[Path]], None], poll: float = POLL_SECONDS) -> None:
    """Call `on_change` with the changed files whenever a watched file changes; runs until interrupted."""
    seen = snapshot(root)
    while True:
        time.sleep(poll)
        now = snapshot(root)
        if now != seen:
            now = _settled(root, now, poll / 5)
            changed, seen = changed_files(seen, now), now
            on_change(changed)


def _settled(root: Path, current: dict[str, tuple[int, int]], pause: float) -> dict[str, tuple[int, int]]:
    """Wait (briefly, at most ten pauses) for a burst of saves to end."""
    for _ in range(10):
        time.sleep(pause)
        again = snapshot(root)
        if again == current:
            break
        current = again
    return current


class SearchRefresher:
    """Brings the served folder's search index up to the pages edited in place (`pending` names them all, since the
    whole index was made), in a thread of its own once builds that edited pages have paused for QUIET_SECONDS: an
    edited page is shown at once, and search catches up when the editing stops. `after` is told the pages the
    index's edits bundle then holds. Builds run under `building()`; an index made while another build ran is
    dropped (that build made or asked for its own)."""

    def __init__(self, out_dir: Path, pending: Callable[[], Collection[str]],
                 after: Callable[[tuple[str, ...]], None]) -> None:
        self.out_dir, self.pending, self.after = out_dir, pending, after
        self._lock = threading.Lock()
        self._builds = 0
        self._wanted = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    @contextlib.contextmanager
    def building(self) -> Iterator[None]:
        """Hold off swapping in a new index while a build runs."""
        with self._lock:
            self._builds += 1
            yield

    def request(self) -> None:
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            while self._wanted.wait(QUIET_SECONDS):
                self._wanted.clear()
            with self._lock:
                builds = self._builds
            try:
                update = update_index(self.out_dir, self.pending())
            except SearchIndexError as exc:
                print(f"warning: the search index was not updated: {exc}", file=sys.stderr, flush=True)
                continue
            with self._lock:
                if builds == self._builds:
                    update.apply(self.out_dir)
                    self.after(update.pages)
                else:
                    update.discard()


def _record(state: BuildState, rebuild: Rebuild, address: str) -> None:
    """Build once; a crash in the builder itself is shown like a failed build, and serving goes on."""
    try:
        failure = rebuild(address)
    except Exception:
        failure = "The builder crashed (a bug, not a mistake in your files):\n\n" + traceback.format_exc()
        print(failure, file=sys.stderr)
    state.record(failure)


def _open_server(port: int, root: Path, state: BuildState) -> ThreadingHTTPServer | None:
    handler = partial(DevHandler, directory=str(root / "output"), state=state, rules=header_rules())
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        reason = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        print(f"error: port {port} on {HOST} {reason}", file=sys.stderr)
        print("  hint: pick another with --port N (--port 0 picks any free port), "
              "or stop the other server", file=sys.stderr)
        return None
    server.daemon_threads = True
    return server


def serve(root: Path, port: int, rebuild: Rebuild, poll: float = POLL_SECONDS) -> int:
    """Serve until Ctrl-C (exit 0); 2 when the port cannot be used."""
    # Ctrl-C stops the server even when whatever started it had interrupts ignored (a script's `&` does that, and
    # the process would otherwise run on, deaf to them).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    state = BuildState()
    server = _open_server(port, root, state)
    if server is None:
        return 2
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    address = f"http://{HOST}:{server.server_address[1]}/"
    print(f"Serving {address} (Ctrl-C to stop)", flush=True)
    try:
        _record(state, rebuild, address)
        watch(root, lambda changed: _rebuild_after(changed, state, rebuild, address), poll)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("\nStopped.", flush=True)
    return 0


def _rebuild_after(changed: list[Path], state: BuildState, rebuild: Rebuild, address: str) -> None:
    shown = ", ".join(display_path(p) for p in changed[:3]) + (" …" if len(changed) > 3 else "")
    print(f"Changed: {shown}: rebuilding", flush=True)
    _record(state, rebuild, address)
