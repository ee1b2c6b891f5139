"""A local web server for a built site, as a static host serves it: the site's own `_headers` on every response,
404.html for missing paths, the site mounted at the path its base_url names (/ or /transparency/), and text
compressed with gzip for clients that accept it (as Netlify does)."""

from __future__ import annotations

import gzip
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from site_builder.render.headers import headers_for, parse_headers_file

Rules = list[tuple[str, dict[str, str]]]
COMPRESSED = ("text/", "application/json", "application/javascript", "application/xml", "application/atom+xml",
              "image/svg+xml")


def site_rules(root: Path) -> Rules:
    """The header rules the built site publishes for hosts, in its `_headers` file."""
    headers = root / "_headers"
    return parse_headers_file(headers.read_text(encoding="utf-8")) if headers.is_file() else []


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves one output folder below `mount` with its declared headers on every response."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".css": "text/css", ".html": "text/html; charset=utf-8",
                      ".json": "application/json", ".csv": "text/csv; charset=utf-8"}

    def __init__(self, *args: Any, rules: Rules, mount: str, **kwargs: Any) -> None:
        self.rules, self.mount = rules, mount
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """Paths below the mount are files of the output folder; any other path is not found."""
        inside = urlsplit(path).path
        if not inside.startswith(self.mount):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + inside.removeprefix(self.mount))

    def do_GET(self) -> None:
        if not self._send_compressed():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._send_compressed(head=True):
            super().do_HEAD()

    def _send_compressed(self, head: bool = False) -> bool:
        """A text file gzipped when the client accepts it; False leaves everything else to the plain handler."""
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return False
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not path.is_file() or not content_type.startswith(COMPRESSED):
            return False
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return True

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests report what matters."""


class SiteServer(ThreadingHTTPServer):
    """One thread per request; a browser that hangs up before a reply is read is not an error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path, rules: Rules | None = None, mount: str = "/") -> Iterator[str]:
    """Serve `root` at `mount` on 127.0.0.1 in a background thread, with `rules` (default: the site's `_headers`);
    yields the site's address without a trailing slash, e.g. http://127.0.0.1:4321/transparency."""
    handler = partial(SiteHandler, directory=str(root), rules=site_rules(root) if rules is None else rules,
                      mount=mount)
    server = SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount.rstrip('/')}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
