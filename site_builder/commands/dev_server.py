"""The request handler of `serve`: output/ as a static host serves it, plus the reload script and build status.

Only well-formed GET and HEAD asks for paths inside output/ are answered with files; anything else
gets a small error page. Every response carries the headers the published site has (Content-Security-Policy
and the rest), refusals included.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from ..render.headers import headers_for

RELOAD_URL = "/__livereload.js"
BUILD_URL = "/__build"
NAME_MAX = 255
"""Longest file or folder name, in UTF-8 bytes, that the usual file systems accept."""
PATH_MAX = 2048
"""Longest decoded path served, in UTF-8 bytes; far beyond any address of a built site."""
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


class Refused(Exception):
    """A request answered with an error status (and why) instead of a file."""

    def __init__(self, status: HTTPStatus, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Target:
    """A request's path, checked and normalised: its decoded names, whether it ends with /, its query."""

    names: tuple[str, ...]
    slash: bool
    query: str

    @property
    def path(self) -> str:
        """The decoded path: "/", "/reports/" or "/feed.xml"; never starts with "//"."""
        return "/" + "/".join(self.names) + ("/" if self.slash and self.names else "")


def parse_target(target: str) -> Target:
    """The checked path of a request line's target; raises Refused for anything a browser would not send."""
    if not target.startswith("/"):
        raise Refused(HTTPStatus.BAD_REQUEST, "The address must be a path starting with /.")
    if not (target.isascii() and target.isprintable()):
        raise Refused(HTTPStatus.BAD_REQUEST, "The address holds characters that must be percent-encoded.")
    raw, _, query = target.partition("#")[0].partition("?")
    names: list[str] = []
    for part in raw.split("/")[1:]:
        try:
            name = unquote_to_bytes(part).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(HTTPStatus.BAD_REQUEST, "The address is not valid UTF-8.") from None
        if "/" in name or "\\" in name or not name.isprintable():
            raise Refused(HTTPStatus.BAD_REQUEST, "The address holds an encoded slash, a backslash or a control.")
        if name == "..":
            if not names:
                raise Refused(HTTPStatus.BAD_REQUEST, "The address leads above the site's root.")
            names.pop()
        elif name not in ("", "."):
            if len(name.encode()) > NAME_MAX:
                raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, "A name in the address is too long.")
            names.append(name)
    checked = Target(tuple(names), raw.endswith("/") or raw.rsplit("/", 1)[-1] in ("", ".", ".."), query)
    if len(checked.path.encode()) > PATH_MAX:
        raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, "The address is too long.")
    return checked


class DevHandler(SimpleHTTPRequestHandler):
    """Serves output/ as a static host would, plus the reload script, the build status and error pages."""

    default_request_version = "HTTP/1.0"  # so that even a refused HTTP/0.9 request gets a status line and headers
    rule_path = "/"  # the path the header rules are matched against; "/" until the request is understood
    target: Target  # the request's checked path, set by parse_request

    def __init__(self, *args, state: BuildState, rules: list[tuple[str, dict[str, str]]], **kwargs) -> None:
        self.state, self.rules = state, rules
        super().__init__(*args, **kwargs)

    def parse_request(self) -> bool:
        """Read the request; False (after refusing it) unless it is a GET or HEAD with a well-formed path."""
        self.rule_path = "/"
        if not super().parse_request():
            return False
        if len(self.requestline.split()) != 3:
            self.send_error(HTTPStatus.BAD_REQUEST, "The request line has no HTTP version.")
            return False
        if self.command not in ("GET", "HEAD"):
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD are answered.")
            return False
        try:
            self.target = parse_target(self.path)
        except Refused as refused:
            self.send_error(refused.status, refused.reason)
            return False
        self.rule_path = self.target.path
        return True

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def handle(self) -> None:
        """Answer what the connection asks for; a client that hangs up early is no error."""
        try:
            super().handle()
        except ConnectionError:
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Nothing is logged: the page polls the build status all the time."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Refuse the request with a small page (message escaped) and the headers of every response."""
        status = HTTPStatus(code)
        page = ERROR_PAGE.format(title=f"{status.value} {status.phrase}", details="",
                                 advice=html.escape(message or explain or status.description))
        extra = {"Connection": "close"} | ({"Allow": "GET, HEAD"} if code == HTTPStatus.METHOD_NOT_ALLOWED else {})
        self.close_connection = True
        self._send(status, "text/html; charset=utf-8", page.encode(), self.command != "HEAD", extra)

    def _respond(self, with_body: bool) -> None:
        target = self.target
        build_id, built, failure = self.state.read()
        if not self._from_own_host():  # another name for 127.0.0.1 (DNS rebinding) reads nothing, errors included
            port = self.server.server_address[1]
            return self.send_error(HTTPStatus.FORBIDDEN, f"Open this address as http://127.0.0.1:{port}/.")
        if target.path == BUILD_URL:
            status = {"id": build_id, "ok": built and failure is None, "building": not built}
            return self._send(HTTPStatus.OK, "application/json", json.dumps(status).encode(), with_body)
        if target.path == RELOAD_URL:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", RELOAD_SCRIPT, with_body)
        if (not built or failure is not None) and _is_page(target.path):
            page = inject_reload(error_page(failure), build_id)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page, with_body)
        self._send_file(target, build_id, with_body)

    def _from_own_host(self) -> bool:
        """True when the Host header names this server, not another name that resolves to it (DNS rebinding)."""
        port = self.server.server_address[1]
        own = {f"{name}:{port}" for name in ("127.0.0.1", "localhost")}
        if port == 80:  # browsers leave the default port out
            own |= {"127.0.0.1", "localhost"}
        hosts = self.headers.get_all("Host") or []
        return len(hosts) == 1 and hosts[0].strip().lower() in own

    def _send_file(self, target: Target, build_id: str, with_body: bool) -> None:
        found = self._find(*target.names)
        if found is not None and found.is_dir():
            if not target.slash:
                location = quote(target.path + "/") + (f"?{target.query}" if target.query else "")
                return self._send(HTTPStatus.MOVED_PERMANENTLY, "text/html; charset=utf-8", b"", with_body,
                                  {"Location": location})
            found = self._find(*target.names, "index.html")
        status = HTTPStatus.OK
        if found is None or not found.is_file():
            status, found = HTTPStatus.NOT_FOUND, self._find("404.html")
        try:
            body = found.read_bytes() if found is not None and found.is_file() else b"Not found"
        except OSError:
            status, body = HTTPStatus.NOT_FOUND, b"Not found"
        kind = self.guess_type(str(found or "404.html"))
        if kind == "text/html":
            body, kind = inject_reload(body, build_id), "text/html; charset=utf-8"
        self._send(status, kind, body, with_body)

    def _find(self, *names: str) -> Path | None:
        """The file or folder at `names` in output/; None when there is none or a symlink leads out of output/."""
        try:
            root = Path(self.directory).resolve(strict=True)
            found = root.joinpath(*names).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # missing, too long, a symlink loop
            return None
        return found if found.is_relative_to(root) else None

    def _send(self, status: HTTPStatus, kind: str, body: bytes, with_body: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def end_headers(self) -> None:
        """Every response, refusals included, gets the headers the published site gives its path."""
        headers = {"Cache-Control": "no-store"} | headers_for(self.rules, self.rule_path)
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()


def _is_page(url: str) -> bool:
    """True for addresses of HTML pages rather than assets or downloads."""
    last = url.rsplit("/", 1)[-1]
    return url.endswith(("/", ".html")) or "." not in last
