"""Layout in Chromium: visible keyboard focus, print, the dark scheme, and screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .layout_checks import dark_failures, focus_failures, opened, print_failures, richest_report

PHONE = {"width": 375, "height": 812}
A4 = {"width": 794, "height": 1123}  # at 96 dpi
RELAYOUT_MS = 500


@pytest.fixture(scope="module")
def report_path(site_output: Path) -> str:
    return richest_report(site_output)


def _assert_none(found: list[str]) -> None:
    assert not found, "\n".join(found)


@pytest.mark.parametrize("which", ["home", "report"])
def test_keyboard_focus_is_visible(browser: Browser, site_url: str, report_path: str, which: str) -> None:
    _assert_none(focus_failures(browser, site_url, "/" if which == "home" else report_path))


def test_print_hides_navigation_and_keeps_figures_whole(browser: Browser, site_url: str, report_path: str) -> None:
    _assert_none(print_failures(browser, site_url, report_path))


def test_dark_scheme_follows_the_system(browser: Browser, site_url: str, report_path: str) -> None:
    _assert_none(dark_failures(browser, site_url, report_path))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "report"])
def test_screenshots(browser: Browser, site_url: str, report_path: str, screenshot_dir: Path, site_name: str,
                     which: str, scheme: str) -> None:
    """Desktop (1280 px) and phone (375 px) in each scheme, and print (light only), with the live charts drawn."""
    suffix = "" if scheme == "light" else "-dark"
    kinds = ("desktop", "phone", "print") if scheme == "light" else ("desktop", "phone")
    shots = [screenshot_dir / f"{site_name}-{which}-{kind}{suffix}.png" for kind in kinds]
    pdf = screenshot_dir / f"{site_name}-{which}-print.pdf"
    with opened(browser, site_url + ("/" if which == "home" else report_path), color_scheme=scheme) as page:
        page.screenshot(path=shots[0], full_page=True)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(RELAYOUT_MS)  # the live charts follow the new width
        page.screenshot(path=shots[1], full_page=True)
        if scheme == "light":
            page.set_viewport_size(A4)
            page.emulate_media(media="print")
            page.screenshot(path=shots[2], full_page=True)
            page.pdf(path=pdf, format="A4", print_background=True)
            assert pdf.read_bytes().startswith(b"%PDF-"), f"{pdf} is not a PDF"
    for shot in shots:
        assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), f"{shot} is not a PNG"
