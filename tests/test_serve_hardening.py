"""`serve` answers only well-formed requests for files inside output/, each with the headers of netlify.toml.

A real server on port 0, fed raw bytes (so that nothing normalises the request on the way), on a small
output/ folder written by the test.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import REPO
from netlify_rules import headers_for, load_netlify

from site_builder.commands.serve import BuildState, DevHandler
from site_builder.render.headers import header_rules

SECURITY = {name: value for name, value in headers_for(load_netlify(), "/").items() if name != "Cache-Control"}
PAGE = "<!DOCTYPE html><html><head><title>{0}</title></head><body><main>{0}</main></body></html>"
OWN_HOST = object()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


class Served:
    """DevHandler on 127.0.0.1, port 0, as `serve` runs it; what the handlers write to stderr is kept."""

    def __init__(self, root: Path, capfd: pytest.CaptureFixture[str]) -> None:
        self.state = BuildState()
        self.state.record(None)
        handler = partial(DevHandler, directory=str(root / "output"), state=self.state, rules=header_rules())
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        self.capfd = capfd
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def send(self, raw: bytes, method: str = "GET") -> Reply:
        """The reply to `raw`, read until the server closes the connection; status 0 for an empty reply."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(raw)
            reply = http.client.HTTPResponse(sock, method=method)
            try:
                reply.begin()
            except http.client.RemoteDisconnected:
                return Reply(0, {}, b"")
            return Reply(reply.status, dict(reply.getheaders()), reply.read())

    def request(self, target: str, method: str = "GET", host: object = OWN_HOST) -> Reply:
        host = f"127.0.0.1:{self.port}" if host is OWN_HOST else host
        lines = [f"{method} {target} HTTP/1.1", *([f"Host: {host}"] if host is not None else []), "Connection: close"]
        return self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), method)

    def stderr(self) -> str:
        """What was written to stderr so far (a handler's traceback is written before its socket closes)."""
        return self.capfd.readouterr().err

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site" / "output"
    (out / "reports").mkdir(parents=True)
    (out / "index.html").write_text(PAGE.format("Home"), encoding="utf-8")
    (out / "reports" / "index.html").write_text(PAGE.format("Reports"), encoding="utf-8")
    (out / "404.html").write_text(PAGE.format("Page not found"), encoding="utf-8")
    shutil.copy2(REPO / "netlify.toml", tmp_path / "site" / "netlify.toml")
    return tmp_path / "site"


@pytest.fixture
def served(site: Path, capfd: pytest.CaptureFixture[str]) -> Iterator[Served]:
    running = Served(site, capfd)
    yield running
    running.stop()


def assert_secure(reply: Reply) -> None:
    """The reply carries every security header of netlify.toml's /* rule."""
    assert {name: reply.headers.get(name) for name in SECURITY} == SECURITY, (reply.status, reply.headers)


def assert_refused(reply: Reply, status: int) -> None:
    """A clean refusal: the status, a small HTML page and the security headers."""
    assert reply.status == status, reply
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>" in reply.body and len(reply.body) < 2000
    assert_secure(reply)


def test_directory_redirect_stays_on_the_site(served: Served) -> None:
    """Finding: /\\evil.example/%2e%2e/reports was redirected to /\\evil.example/..., another host to browsers."""
    for target in ("/\\evil.example/%2e%2e/reports", "/%5Cevil.example/%2e%2e/reports",
                   "//evil.example/%2e%2e/reports", "/%2F%2Fevil.example/%2e%2e/reports", "/%09/evil.example/"):
        reply = served.request(target)
        assert_secure(reply)
        if 300 <= reply.status < 400:
            assert re.match(r"/(?![/\\])", reply.headers["Location"]), (target, reply.headers["Location"])
    assert_refused(served.request("/\\evil.example/%2e%2e/reports"), 400)
    for target, location in (("/reports", "/reports/"), ("/reports?x=1", "/reports/?x=1"),
                             ("/x/%2e%2e/reports", "/reports/")):
        reply = served.request(target)
        assert (reply.status, reply.headers["Location"]) == (301, location)
        assert_secure(reply)
    assert "Traceback" not in served.stderr()


def test_overlong_names_and_malformed_request_lines_get_a_clean_error(served: Served) -> None:
    """Finding: a name over 255 characters, or a malformed request line, gave an empty reply and a traceback."""
    assert_refused(served.request("/" + "a" * 300), 414)
    assert_refused(served.request("/reports/" + "a" * 256 + ".html"), 414)
    assert_refused(served.request("/x" * 3000), 414)
    assert_refused(served.send(b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n"), 414)
    for raw in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1 extra\r\n\r\n", b"GET / HTTQ/1.1\r\n\r\n", b"GET /\r\n\r\n"):
        assert_refused(served.send(raw), 400)
    assert "Traceback" not in served.stderr()


def test_a_path_without_a_leading_slash_is_refused_with_the_security_headers(served: Served) -> None:
    """Finding: GET reports/ was served, without the security headers."""
    for target in ("reports/", "index.html", "*", f"http://127.0.0.1:{served.port}/"):
        assert_refused(served.request(target), 400)
    assert "Traceback" not in served.stderr()


def test_every_address_answers_only_the_servers_own_host(served: Served) -> None:
    """Finding: /__build answered any Host, so a page on a rebinding domain could read it (DNS rebinding); so could
    the pages, and the error page with its build errors."""
    for host in ("evil.example", f"evil.example:{served.port}"):
        assert_refused(served.request("/", host=host), 403)
    for path in ("/__build", "/__livereload.js"):
        for host in ("evil.example", f"evil.example:{served.port}", "127.0.0.1", "127.0.0.1:1", None):
            assert_refused(served.request(path, host=host), 403)
        for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", f"LocalHost:{served.port}"):
            reply = served.request(path, host=host)
            assert reply.status == 200, (path, host)
            assert_secure(reply)
    assert json.loads(served.request("/__build").body)["ok"] is True
    twice = f"GET /__build HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nHost: evil.example\r\n\r\n"
    assert_refused(served.send(twice.encode()), 403)
    assert "Traceback" not in served.stderr()


def test_symlinks_leading_out_of_output_are_not_served(served: Served, site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("secret", encoding="utf-8")
    out = site / "output"
    (out / "key.txt").symlink_to(secret / "key.txt")
    (out / "secrets").symlink_to(secret, target_is_directory=True)
    (out / "loop").symlink_to(out / "loop")
    (out / "home.html").symlink_to(out / "index.html")
    for path in ("/key.txt", "/secrets/key.txt", "/secrets/", "/secrets", "/loop"):
        reply = served.request(path)
        assert reply.status == 404 and b"secret" not in reply.body and b"Page not found" in reply.body, path
        assert_secure(reply)
    assert served.request("/home.html").status == 200
    assert "Traceback" not in served.stderr()


def test_only_get_and_head_of_well_formed_paths_are_answered(served: Served) -> None:
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "BREW"):
        reply = served.request("/", method=method)
        assert_refused(reply, 405)
        assert reply.headers["Allow"] == "GET, HEAD"
    for target in ("/a%00b", "/a%2Fb", "/a%5Cb", "/a\\b", "/%2e%2e/%2e%2e/etc/passwd", "/..", "/%0d%0aSet-Cookie:x",
                   "/%ff", "/caf\xe9"):
        assert_refused(served.request(target), 400)
    head = served.request("/reports/", method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert_secure(head)
    assert b"Reports" in served.request("/reports/%2e%2e/reports/").body
    assert "Traceback" not in served.stderr()


def test_every_kind_of_response_carries_the_security_headers(served: Served) -> None:
    replies = {"page": served.request("/"), "missing": served.request("/nowhere/"),
               "redirect": served.request("/reports"), "status": served.request("/__build"),
               "script": served.request("/__livereload.js")}
    served.state.record("data/x.csv:1:1: error: simulated")
    replies["error page"] = served.request("/reports/")
    assert [r.status for r in replies.values()] == [200, 404, 301, 200, 200, 500]
    for reply in replies.values():
        assert_secure(reply)
    assert b"simulated" in replies["error page"].body
    assert "Traceback" not in served.stderr()
