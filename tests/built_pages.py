"""Reading the built site's pages in tests: parsed HTML, their addresses, the base URL, and Chromium."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bs4 import BeautifulSoup
from playwright.sync_api import Browser, sync_playwright

BASE_URL = "https://transparency.example.org"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
Seen = TypeVar("Seen")


def soup_of(out: Path, url: str) -> BeautifulSoup:
    """The page at site address `url` (`/reports/2013-h1/` or `/404.html`), parsed; parsed once while the file is
    unchanged, so the same tree is shared by every test that reads the page: read it, never change it."""
    path = out / url.strip("/") / "index.html" if url.endswith("/") else out / url.lstrip("/")
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _parsed(path: Path, modified: int, size: int) -> BeautifulSoup:
    """The HTML file at `path` parsed, once per version of it (its modification time and size)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


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


def in_chromium(observe: Callable[[Browser], Seen]) -> Seen:
    """What `observe` sees in headless Chromium, as plain data. It runs on a thread of its own: Playwright's
    sync API allows one instance per thread, and the browser gates keep theirs open for the whole session."""
    def run() -> Seen:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return observe(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
