"""Layout in Chromium: visible keyboard focus, print, the dark scheme, and screenshots for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from colour_contrast import GRAPHICS_MINIMUM, TEXT_MINIMUM, contrast, luminance
from playwright.sync_api import Browser, Page

from .page_audit import CHART_TIMEOUT_MS, CHARTS_SETTLED, DESKTOP

PHONE = {"width": 375, "height": 812}
PRINT_WIDTH = 794  # A4 at 96 dpi
TAB_STOPS = 12

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40);
  return {
    name: `${el.tagName.toLowerCase()} "${label}"`,
    outline: style.outlineStyle === "auto" || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2),
    shadow: style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""
PRINTED = """() => ({
  navs: [...document.querySelectorAll("nav")].filter((n) => n.checkVisibility()).map((n) => n.outerHTML.slice(0, 60)),
  figures: [...document.querySelectorAll("main figure")].map((f) => ({
    id: f.id || f.className,
    breakInside: getComputedStyle(f).breakInside,
    caption: !!f.querySelector("figcaption")?.checkVisibility(),
  })),
})"""
COLOURS = """() => {
  const css = (selector, property) => {
    const el = document.querySelector(selector);
    return el ? getComputedStyle(el)[property] : null;
  };
  return {
    background: css("body", "backgroundColor"),
    text: css("body", "color"),
    chartText: css(".chart-box text", "fill"),
    bar: css(".chart-box .mark-rect path", "fill"),
  };
}"""


@pytest.fixture(scope="module")
def report_path(site_output: Path) -> str:
    """The report page with the most charts: the richest page to look at."""
    reports = sorted(site_output.glob("reports/*/index.html"))
    assert reports, f"no report pages in {site_output}"
    richest = max(reports, key=lambda f: f.read_text(encoding="utf-8").count('class="chart-box"'))
    return f"/reports/{richest.parent.name}/"


@contextmanager
def opened(browser: Browser, url: str, **options: Any) -> Iterator[Page]:
    """A page at `url` in a fresh context, its charts drawn."""
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        if options.get("java_script_enabled", True):
            page.wait_for_function(CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS)
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("which", ["home", "report"])
def test_keyboard_focus_is_visible(browser: Browser, site_url: str, report_path: str, which: str) -> None:
    path = "/" if which == "home" else report_path
    hidden = []
    with opened(browser, site_url + path) as page:
        for _ in range(TAB_STOPS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if not (focused["outline"] or focused["shadow"]) or not focused["onScreen"]:
                hidden.append(focused["name"])
    assert not hidden, f"{path}: keyboard focus visible: no visible focus on " + ", ".join(hidden)


def test_print_hides_navigation_and_keeps_figures_whole(browser: Browser, site_url: str, report_path: str) -> None:
    with opened(browser, site_url + report_path) as page:
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
    assert not printed["navs"], f"{report_path}: print hides navigation: still shown: {printed['navs']}"
    assert printed["figures"], f"{report_path} has no figures to print"
    broken = [f["id"] for f in printed["figures"] if f["breakInside"] != "avoid" or not f["caption"]]
    assert not broken, f"{report_path}: print keeps each figure with its caption: not kept: {broken}"


def test_dark_scheme_follows_the_system(browser: Browser, site_url: str, report_path: str) -> None:
    schemes = {}
    for scheme in ("light", "dark"):
        with opened(browser, site_url + report_path, color_scheme=scheme) as page:
            schemes[scheme] = page.evaluate(COLOURS)
    light, dark = schemes["light"], schemes["dark"]
    assert luminance(dark["background"]) < luminance(light["background"]), (
        f"{report_path}: dark scheme: background {dark['background']} is not darker than {light['background']}")
    for scheme, colours in schemes.items():
        _assert_readable(report_path, scheme, colours)


def _assert_readable(path: str, scheme: str, colours: dict[str, str | None]) -> None:
    background = colours["background"] or ""
    for key, minimum in (("text", TEXT_MINIMUM), ("chartText", TEXT_MINIMUM), ("bar", GRAPHICS_MINIMUM)):
        colour = colours[key]
        if colour is None:
            continue
        ratio = contrast(colour, background)
        assert ratio >= minimum, f"{path}: {scheme} scheme: {key} {colour} on {background} has contrast {ratio:.2f}"


@pytest.mark.parametrize("which", ["home", "report"])
def test_screenshots(browser: Browser, site_url: str, report_path: str, screenshot_dir: Path, which: str) -> None:
    path = "/" if which == "home" else report_path
    shots = [screenshot_dir / f"{which}-{kind}.png" for kind in ("desktop", "phone", "print")]
    with opened(browser, site_url + path) as page:
        page.screenshot(path=shots[0], full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=shots[1], full_page=True)
        page.set_viewport_size({"width": PRINT_WIDTH, "height": 1123})
        page.emulate_media(media="print")
        page.screenshot(path=shots[2], full_page=True)
        page.pdf(path=screenshot_dir / f"{which}-print.pdf", format="A4", print_background=True)
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{shot} is not a PNG"
    assert re.match(rb"%PDF-", (screenshot_dir / f"{which}-print.pdf").read_bytes()[:5])
