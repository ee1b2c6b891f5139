"""Reading the built site's pages in tests: parsed HTML, their addresses, the base URL, and Chromium."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Playwright, sync_playwright

BASE_URL = "https://transparency.example.org"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
Seen = TypeVar("Seen")
Read = TypeVar("Read")


def once_per_version(read: Callable[[Path], Read]) -> Callable[[Path], Read]:
    """`read` of a file, made once per version of the file (its modification time and size) and then shared by
    every test that asks for it: read what it returns, never change it."""
    @functools.cache
    def version(path: Path, modified: int, size: int) -> Read:
        return read(path)

    def current(path: Path) -> Read:
        stat = path.stat()
        return version(path, stat.st_mtime_ns, stat.st_size)
    return current


@once_per_version
def _parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def soup_of(out: Path, url: str) -> BeautifulSoup:
    """The page at site address `url` (`/reports/2013-h1/` or `/404.html`), parsed once while the file is
    unchanged (`once_per_version`)."""
    return _parsed(out / url.strip("/") / "index.html" if url.endswith("/") else out / url.lstrip("/"))


def text_of(node) -> str:
    """A node's text as a reader sees it: inline elements run on, white space collapsed."""
    return " ".join(node.get_text().split())


def page_urls(out: Path) -> list[str]:
    """The address of every HTML page in the output folder (search's own files aside)."""
    urls = []
    for path in sorted(out.rglob("*.html")):
        relative = path.relative_to(out).as_posix()
        if not relative.startswith("pagefind/"):
            urls.append("/" + relative.removesuffix("index.html"))
    return urls


def meta(soup: BeautifulSoup, key: str) -> str | None:
    """The content of a <meta> by its property (Open Graph) or name (Twitter, robots)."""
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


class Chromium:
    """One headless Chromium for observations made one after another, each as in a browser of its own (the
    contexts it opens are closed after it). Playwright's sync API objects may only be used on the thread that made
    them, and it allows one instance per thread (the browser gates keep theirs open for the whole session): so
    Playwright and the browser live on a thread of their own, which runs each observation."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1)
        try:
            self._playwright, self._browser = self._thread.submit(_launch).result()
        except BaseException:
            self._thread.shutdown()
            raise

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the browser, stop Playwright and end its thread."""
        try:
            self._thread.submit(self._stop).result()
        finally:
            self._thread.shutdown()

    def see(self, observe: Callable[[Browser], Seen]) -> Seen:
        """What `observe` sees in the browser, as plain data."""
        return self._thread.submit(self._run, observe).result()

    def _run(self, observe: Callable[[Browser], Seen]) -> Seen:
        try:
            return observe(self._browser)
        finally:
            for context in self._browser.contexts:
                context.close()

    def _stop(self) -> None:
        try:
            self._browser.close()
        finally:
            self._playwright.stop()


def _launch() -> tuple[Playwright, Browser]:
    """Playwright started, and Chromium launched by it (Playwright stopped again if that fails)."""
    playwright = sync_playwright().start()
    try:
        return playwright, playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except BaseException:
        playwright.stop()
        raise


def in_chromium(observe: Callable[[Browser], Seen]) -> Seen:
    """What `observe` sees in a headless Chromium launched for it alone, as plain data."""
    with Chromium() as chromium:
        return chromium.see(observe)
