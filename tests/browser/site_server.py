"""A local web server for a built site: the headers from netlify.toml, and 404.html for missing paths."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from netlify_rules import headers_for, load_netlify


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves one output folder as Netlify would: its declared headers on every response."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".css": "text/css", ".html": "text/html; charset=utf-8",
                      ".json": "application/json", ".csv": "text/csv; charset=utf-8"}

    def __init__(self, *args: Any, netlify: dict[str, Any], **kwargs: Any) -> None:
        self.netlify = netlify
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in headers_for(self.netlify, urlsplit(self.path).path).items():
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


@contextmanager
def serve(root: Path, netlify: dict[str, Any] | None = None) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 in a background thread; yields the base URL without a trailing slash."""
    handler = partial(SiteHandler, directory=str(root), netlify=load_netlify() if netlify is None else netlify)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
