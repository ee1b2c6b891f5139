"""Browser gates: one Chromium, one served site and one audit of every page per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from built_pages import CHROMIUM_ARGS
from netlify_rules import site_path
from playwright.sync_api import Browser, sync_playwright

from .gate_tools import AXE_JS, REPO, chromium, npm_file
from .page_audit import PageAudit, SiteAuditor, largest_of_each_kind
from .site_server import serve

# $GATES_SITE_URL points the gates at a deployed site instead of a local server (with $GATES_SITE_OUTPUT naming
# the same build, for its list of pages).
DEPLOYED = os.environ.get("GATES_SITE_URL", "").rstrip("/")
# the suite's Chromium flags, and: no host but the site's resolves, so a request to another origin is
# recorded by the gates and goes nowhere
SITE_HOST = urlsplit(DEPLOYED).hostname or "127.0.0.1"
LAUNCH_ARGS = [*CHROMIUM_ARGS, "--disable-quic", f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {SITE_HOST}"]
SCREENSHOTS = Path(os.environ.get("GATES_ARTIFACTS", REPO / "test-artifacts")) / "screenshots"
_written: list[Path] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(site_output: Path, site_base: str) -> Iterator[str]:
    """The built site served on 127.0.0.1 at its base path, with the headers it publishes for hosts; or the
    deployed site at $GATES_SITE_URL."""
    if DEPLOYED:
        yield DEPLOYED
        return
    with serve(site_output, mount=site_base) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from the npm package."""
    return npm_file(AXE_JS).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def auditor(browser: Browser, site_url: str, axe_source: str) -> Iterator[SiteAuditor]:
    """Audits pages of the served site."""
    site_auditor = SiteAuditor(browser, site_url, axe_source)
    yield site_auditor
    site_auditor.close()


@pytest.fixture(scope="session")
def judged_pages(site_output: Path, site_name: str) -> list[Path]:
    """The HTML pages the gates judge: every page of the site. Of an example built below a domain's root, the
    largest of each kind: its every page is its root build's with the addresses moved (tests/test_links.py checks
    that), so what the pages show is judged at the root, and what their addresses load, here."""
    if site_name.endswith("-sub-path") and not os.environ.get("GATES_SITE_OUTPUT"):
        return largest_of_each_kind(site_output)
    return sorted(site_output.rglob("*.html"))


@pytest.fixture(scope="session")
def site_audits(auditor: SiteAuditor, site_output: Path, judged_pages: list[Path]) -> list[PageAudit]:
    """The judged pages, each audited once with JavaScript on and off."""
    return list(auditor.audit(site_path(site_output, page) for page in judged_pages).values())


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where screenshots go; its path is printed at the end of the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _written.append(SCREENSHOTS)
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Tell the person reading the CI log where to look at the pages."""
    if _written:
        shots = sorted(p.name for p in SCREENSHOTS.iterdir())
        terminalreporter.write_sep("-", "screenshots of the built site")
        terminalreporter.write_line(f"{SCREENSHOTS}: {', '.join(shots)}")
