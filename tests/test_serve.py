"""`python build.py serve`: serves the built site, rebuilds after edits, shows errors in the page, recovers."""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from conftest import REPO, SHARED_CACHE, copy_sample

SKYPE_CSV = Path("data/reports/2013-h1-skype.csv")
ABOUT = Path("content/about.md")
EDITED = (SKYPE_CSV, ABOUT)  # the files tests edit on the module's server
ARGENTINA = "Argentina,12,19,0,3,0,9"
RELOAD_TAG = '<script src="/__livereload.js"'
WAIT = 60.0
POLL = 0.02  # seconds between checks of what a test waits for: it goes on as soon as that holds
# Python, started with SIGINT ignored (which a program it then runs inherits), as a shell script's `&` starts a command.
IGNORING_INTERRUPTS = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                       "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


class DevServer:
    """`build.py serve --port 0` running on a site folder, read and stopped by the test."""

    def __init__(self, site: Path, *args: str, deaf: bool = False) -> None:
        """`deaf`: started with interrupts ignored, as a script's `&` starts a command."""
        env = {**os.environ, "SITE_BUILDER_CACHE": str(SHARED_CACHE), "PYTHONUNBUFFERED": "1"}
        self.site = site
        self.process = subprocess.Popen([*(IGNORING_INTERRUPTS if deaf else [sys.executable]), str(REPO / "build.py"),
                                         "serve", "--port", "0", *args],
                                        cwd=site, env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out: list[str] = []
        self.err: list[str] = []
        self.readers = [read_lines(self.process.stdout, self.out), read_lines(self.process.stderr, self.err)]
        self.base = self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and self.process.poll() is None:
            if found := re.search(r"http://127\.0\.0\.1:\d+", "".join(self.out)):
                return found.group(0)
            time.sleep(POLL)
        raise AssertionError(f"serve printed no address: {self.out} {self.err}")

    def get(self, path: str) -> Response:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as reply:
                return Response(reply.status, dict(reply.headers), reply.read().decode("utf-8"))
        except urllib.error.HTTPError as reply:
            return Response(reply.code, dict(reply.headers), reply.read().decode("utf-8"))

    def build_status(self) -> dict:
        return json.loads(self.get("/__build").body)

    def wait_for_build(self, after: str | None = None) -> dict:
        """The status once a build other than `after` has finished."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            status = self.build_status()
            if not status["building"] and status["id"] != after:
                return status
            time.sleep(POLL)
        raise AssertionError(f"no new build within {WAIT} s: {self.out} {self.err}")

    def prints(self, pattern: str, since: int = 0) -> bool:
        """Whether serve's output from its line `since` on matches `pattern` within WAIT s: the thread reading it
        may be a moment behind the build status."""
        return eventually(lambda: re.search(pattern, "".join(self.out[since:])) is not None)

    def interrupt(self) -> int:
        """Ctrl-C, as an editor stops it; the exit code, once all it printed has been read."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=20)
        for reader in self.readers:
            reader.join(timeout=WAIT)
        return code

    def stderr(self) -> str:
        """What serve has printed to stderr so far."""
        return "".join(self.err)


def read_lines(stream: IO[str], into: list[str]) -> threading.Thread:
    """A thread, started, that adds each line of `stream` to `into` as it is printed, until the stream ends."""
    reader = threading.Thread(target=lambda: into.extend(iter(stream.readline, "")), daemon=True)
    reader.start()
    return reader


@contextlib.contextmanager
def serving(site: Path, deaf: bool = False) -> Iterator[DevServer]:
    """`serve` on a copy of the sample with its netlify.toml, once its first build has succeeded."""
    copy_sample(site)
    shutil.copy2(REPO / "netlify.toml", site / "netlify.toml")
    running = DevServer(site, deaf=deaf)
    try:
        assert running.wait_for_build()["ok"], running.err
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait(timeout=10)


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """One server for the module's tests; each test that edits the site puts it back (see `server`)."""
    with serving(tmp_path_factory.mktemp("serve") / "site") as running:
        yield running


@pytest.fixture
def server(module_server: DevServer) -> Iterator[DevServer]:
    """The module's server; after the test, the files tests edit as they were and the site built from them again."""
    texts = {path: path.read_text(encoding="utf-8") for path in (module_server.site / name for name in EDITED)}
    yield module_server
    changed = {path: text for path, text in texts.items() if path.read_text(encoding="utf-8") != text}
    if changed:
        before = module_server.build_status()["id"]
        for path, text in changed.items():
            path.write_text(text, encoding="utf-8")
        assert module_server.wait_for_build(after=before)["ok"], module_server.stderr()


@pytest.fixture
def sample_copy(server: DevServer) -> Path:
    """The site the server serves, for the tests to read and edit."""
    return server.site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serves_the_built_site_with_the_reload_script_only_in_responses(server: DevServer,
                                                                          sample_copy: Path) -> None:
    page = server.get("/reports/2013-h1/")
    assert page.status == 200
    assert "37,196" in page.body
    assert page.body.count(RELOAD_TAG) == 1
    assert page.body.index(RELOAD_TAG) < page.body.index("</head>")
    assert RELOAD_TAG not in (sample_copy / "output" / "reports" / "2013-h1" / "index.html").read_text()
    script = server.get("/__livereload.js")
    assert script.status == 200 and "javascript" in script.headers["Content-Type"]
    assert 'fetch("/__build"' in script.body


def test_sends_the_security_headers_of_netlify_toml(server: DevServer) -> None:
    rules = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))["headers"]
    csp = next(r["values"]["Content-Security-Policy"] for r in rules if r["for"] == "/*")
    for path in ("/", "/__build", "/__livereload.js"):
        assert server.get(path).headers["Content-Security-Policy"] == csp


def test_missing_page_is_the_sites_404_page(server: DevServer) -> None:
    missing = server.get("/no-such-page/")
    assert missing.status == 404
    assert RELOAD_TAG in missing.body and "<main" in missing.body


def test_rebuilds_after_an_edit_and_shows_the_new_figure(server: DevServer, sample_copy: Path) -> None:
    before = server.build_status()["id"]
    assert "10,585" in server.get("/reports/2013-h1/").body
    assert "11,166" not in server.get("/reports/2013-h1/").body
    printed = len(server.out)
    edit(sample_copy / SKYPE_CSV, ARGENTINA, "Argentina,12,600,0,3,0,9")
    status = server.wait_for_build(after=before)
    assert status["ok"], server.stderr()
    assert "11,166" in server.get("/reports/2013-h1/").body  # Skype's accounts: 10,585 - 19 + 600
    assert "Changed: data/reports/2013-h1-skype.csv" in "".join(server.out[printed:])


def indexed_text(out: Path) -> str:
    """The text of every page in the search index, its bundle of edited pages included (Pagefind's fragments are
    gzipped JSON)."""
    return "".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                   for p in (out / "pagefind").glob("**/fragment/*.pf_fragment"))


def test_an_edited_page_is_served_at_once_and_searched_once_editing_pauses(server: DevServer,
                                                                          sample_copy: Path) -> None:
    before, printed = server.build_status()["id"], len(server.out)
    edit(sample_copy / ABOUT, "# About this site", "# About this site\n\nZyzzogeton was here.")
    assert server.wait_for_build(after=before)["ok"], server.stderr()
    assert "Zyzzogeton was here." in server.get("/about/").body
    assert server.prints(r"Built 1 edited page in [\d.]+ s into output/", since=printed)
    assert eventually(lambda: "Zyzzogeton" in indexed_text(sample_copy / "output"))
    assert eventually(lambda: not [p for p in sample_copy.iterdir() if p.name.startswith(".output")])  # removed


def test_serve_started_again_catches_up_a_search_index_left_behind(tmp_path: Path) -> None:
    site = copy_sample(tmp_path / "site")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    first = DevServer(site, "--port", port)  # the same address twice: the same build settings
    assert first.wait_for_build()["ok"], first.err
    before = first.build_status()["id"]
    edit(site / ABOUT, "# About this site", "# About this site\n\nQuuxbarian words.")
    assert first.wait_for_build(after=before)["ok"], first.stderr()
    first.process.kill()  # well within the pause serve waits for before it remakes the index
    first.process.wait(timeout=10)
    assert "Quuxbarian" not in indexed_text(site / "output")
    second = DevServer(site, "--port", port)
    try:
        assert second.wait_for_build()["ok"], second.err
        assert second.prints("Nothing changed since the last build")
        assert eventually(lambda: "Quuxbarian" in indexed_text(site / "output"))
    finally:
        second.process.kill()
        second.process.wait(timeout=10)


def eventually(condition: Callable[[], bool]) -> bool:
    """Whether `condition` holds within WAIT seconds. A file it reads that vanishes meanwhile (serve swaps a folder
    of the output in place of another) means that it does not hold yet."""
    deadline = time.monotonic() + WAIT
    while not _holds(condition):
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL)
    return True


def _holds(condition: Callable[[], bool]) -> bool:
    """Whether `condition` holds now; not if a file it reads vanished as it read it."""
    try:
        return condition()
    except FileNotFoundError:
        return False


def test_failed_rebuild_shows_the_problems_in_every_page_then_recovers(server: DevServer,
                                                                       sample_copy: Path) -> None:
    before = server.build_status()["id"]
    edit(sample_copy / SKYPE_CSV, ARGENTINA, "Argentina,12.5,19,0,3,0,9")
    failed = server.wait_for_build(after=before)
    assert not failed["ok"]
    for path in ("/", "/reports/2013-h1/", "/countries/ar/"):
        page = server.get(path)
        assert page.status == 500
        assert "data/reports/2013-h1-skype.csv:2:11: error:" in page.body
        assert "requests for Argentina: &#x27;12.5&#x27; is not a whole number" in page.body
        assert RELOAD_TAG in page.body
    shown = html.unescape(re.search(r"<pre>(.*)</pre>", server.get("/").body, re.S).group(1))
    assert eventually(lambda: shown in server.stderr()), server.stderr()  # printed as the build ended
    assert server.get("/data/2013-h1/skype.csv").status == 200
    edit(sample_copy / SKYPE_CSV, "Argentina,12.5,", "Argentina,12,")
    fixed = server.wait_for_build(after=failed["id"])
    assert fixed["ok"]
    page = server.get("/reports/2013-h1/")
    assert page.status == 200 and "37,196" in page.body


def test_error_page_escapes_what_the_editor_typed(server: DevServer, sample_copy: Path) -> None:
    before = server.build_status()["id"]
    edit(sample_copy / SKYPE_CSV, ARGENTINA, "Argentina,<b>12</b>,19,0,3,0,9")
    assert not server.wait_for_build(after=before)["ok"]
    body = server.get("/").body
    assert "&lt;b&gt;12&lt;/b&gt;" in body
    assert "<b>" not in body


@pytest.mark.parametrize("deaf", [False, True], ids=["from a terminal", "started with interrupts ignored"])
def test_ctrl_c_stops_cleanly(tmp_path: Path, deaf: bool) -> None:
    with serving(tmp_path / "site", deaf) as server:
        assert server.interrupt() == 0
        assert "Traceback" not in server.stderr()
        assert "Stopped." in "".join(server.out)


def test_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    sample_copy = copy_sample(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)],
                              cwd=sample_copy, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port" in done.stderr and "Traceback" not in done.stderr
    assert not (sample_copy / "output").exists()
