"""`serve`: build, serve output/ on 127.0.0.1, rebuild when a source changes, reload the open page.

Development only: the reload script and the error page exist in the server, never in output/.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import html
import json
import os
import secrets
import sys
import threading
import time
import tomllib
import traceback
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..reporter import display_path

HOST = "127.0.0.1"
WATCHED = ("site.yaml", "data", "content", "templates")
POLL_SECONDS = 0.5
RELOAD_URL = "/__livereload.js"
BUILD_URL = "/__build"
RELOAD_SCRIPT = b"""// Development only (python build.py serve): reload this page after each new build.
(() => {
  const seen = document.currentScript.dataset.build;
  function later() { setTimeout(check, 500); }
  function check() {
    fetch("/__build", {cache: "no-store"})
      .then((response) => response.json())
      .then((build) => (build.id === seen ? later() : location.reload()))
      .catch(later);
  }
  later();
})();
"""
ERROR_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{advice}</p>
<pre>{details}</pre>
</main>
</body>
</html>
"""

Rebuild = Callable[[], str | None]
"""Builds the site once; returns the problems as printed when it failed, None when it succeeded."""


class BuildState:
    """The latest build's id and outcome, shared by the watcher and the request handlers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session = secrets.token_hex(4)
        self._count = 0
        self._failure: str | None = None

    def record(self, failure: str | None) -> None:
        with self._lock:
            self._count += 1
            self._failure = failure

    def read(self) -> tuple[str, bool, str | None]:
        """(build id, whether any build has finished, problems of the latest one or None)."""
        with self._lock:
            return f"{self._session}-{self._count}", self._count > 0, self._failure


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file; cheap enough to poll twice a second."""
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


def netlify_headers(root: Path) -> list[tuple[str, dict[str, str]]]:
    """(path pattern, headers) from the site's netlify.toml, so pages are served as in production."""
    path = root / "netlify.toml"
    if not path.is_file():
        return []
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        print(f"warning: {display_path(path)} could not be read ({exc}): serving without its headers",
              file=sys.stderr)
        return []
    return [(rule["for"], {k: str(v) for k, v in rule.get("values", {}).items()})
            for rule in config.get("headers", []) if "for" in rule]


def inject_reload(page: bytes, build_id: str) -> bytes:
    """The page with the reload script tag added at the end of its head."""
    tag = f'<script src="{RELOAD_URL}" data-build="{html.escape(build_id)}" defer></script>'.encode()
    lowered = page.lower()
    for marker in (b"</head>", b"</body>"):
        at = lowered.find(marker)
        if at >= 0:
            return page[:at] + tag + page[at:]
    return page + tag


def error_page(failure: str | None) -> bytes:
    """The page shown instead of the site while the latest build has failed (or none has finished)."""
    if failure is None:
        text = ERROR_PAGE.format(title="Building the site", details="",
                                 advice="This page reloads by itself when the build is done.")
    else:
        text = ERROR_PAGE.format(title="The site could not be built", details=html.escape(failure),
                                 advice="Fix the problems below and save the file: this page reloads by itself.")
    return text.encode("utf-8")


class DevHandler(SimpleHTTPRequestHandler):
    """Serves output/ as a static host would, plus the reload script, the build status and error pages."""

    def __init__(self, *args, state: BuildState, rules: list[tuple[str, dict[str, str]]], **kwargs) -> None:
        self.state, self.rules = state, rules
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Nothing is logged: the page polls the build status all the time."""

    def _respond(self, with_body: bool) -> None:
        url = unquote(urlsplit(self.path).path)
        build_id, built, failure = self.state.read()
        if url == BUILD_URL:
            status = {"id": build_id, "ok": built and failure is None, "building": not built}
            return self._send(HTTPStatus.OK, "application/json", json.dumps(status).encode(), with_body)
        if url == RELOAD_URL:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_SCRIPT, with_body)
        if (not built or failure is not None) and _is_page(url):
            page = inject_reload(error_page(failure), build_id)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page, with_body)
        self._send_file(url, build_id, with_body)

    def _send_file(self, url: str, build_id: str, with_body: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not url.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            status, path = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
        body = path.read_bytes() if path.is_file() else b"Not found"
        kind = self.guess_type(str(path))
        if kind == "text/html":
            body, kind = inject_reload(body, build_id), "text/html; charset=utf-8"
        self._send(status, kind, body, with_body)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def end_headers(self) -> None:
        headers = {"Cache-Control": "no-store"}
        for pattern, values in self.rules:
            if fnmatch.fnmatchcase(urlsplit(self.path).path, pattern):
                headers |= values
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()


def _is_page(url: str) -> bool:
    """True for addresses of HTML pages rather than assets or downloads."""
    last = url.rsplit("/", 1)[-1]
    return url.endswith(("/", ".html")) or "." not in last


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


def _record(state: BuildState, rebuild: Rebuild) -> None:
    """Build once; a crash in the builder itself is shown like a failed build, and serving goes on."""
    try:
        failure = rebuild()
    except Exception:
        failure = "The builder crashed (a bug, not a mistake in your files):\n\n" + traceback.format_exc()
        print(failure, file=sys.stderr)
    state.record(failure)


def _open_server(port: int, root: Path, state: BuildState) -> ThreadingHTTPServer | None:
    handler = partial(DevHandler, directory=str(root / "output"), state=state, rules=netlify_headers(root))
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
    state = BuildState()
    server = _open_server(port, root, state)
    if server is None:
        return 2
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    print(f"Serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        _record(state, rebuild)
        watch(root, lambda changed: _rebuild_after(changed, state, rebuild), poll)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("\nStopped.", flush=True)
    return 0


def _rebuild_after(changed: list[Path], state: BuildState, rebuild: Rebuild) -> None:
    shown = ", ".join(display_path(p) for p in changed[:3]) + (" …" if len(changed) > 3 else "")
    print(f"Changed: {shown}: rebuilding", flush=True)
    _record(state, rebuild)
