"""Layout checks in Chromium: visible keyboard focus, print, the dark scheme. Each returns `page: rule: detail`
messages, so the same checks judge the sample and deliberately broken sites."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from colour_contrast import GRAPHICS_MINIMUM, TEXT_MINIMUM, contrast, luminance
from playwright.sync_api import Browser, Page

from .page_audit import CHART_STATES, DESKTOP, MARKS, reach_charts, undrawn_charts, wait_for_charts

TAB_STOPS = 12
FOCUS_RULE = "keyboard focus visible"
PRINT_RULE = "print hides navigation and keeps each figure with its caption"
DARK_RULE = "dark scheme follows prefers-color-scheme"

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
  navs: [...document.querySelectorAll("nav")].filter((n) => n.checkVisibility())
    .map((n) => n.getAttribute("aria-label") || n.className || "nav"),
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
    "chart text": css(".chart-box text", "fill"),
    bars: css(".chart-box .mark-rect path", "fill"),
    "map shapes": css(".chart-box .plotted_marks path", "fill"),
  };
}"""


def richest_report(output: Path) -> str:
    """The path of the report page with the most charts: the richest page to look at."""
    reports = sorted(output.glob("reports/*/index.html"))
    if not reports:
        return "/"
    richest = max(reports, key=lambda f: f.read_text(encoding="utf-8").count('class="chart-box"'))
    return f"/reports/{richest.parent.name}/"


@contextmanager
def opened(browser: Browser, url: str, **options: Any) -> Iterator[Page]:
    """A page at `url` in a fresh context, its charts drawn."""
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        reach_charts(page)
        wait_for_charts(page)
        undrawn = undrawn_charts(page.evaluate(CHART_STATES, MARKS))
        assert not undrawn, f"{url}: the live charts were not all drawn: {'; '.join(undrawn)}"
        yield page
    finally:
        context.close()


def focus_failures(browser: Browser, base_url: str, path: str) -> list[str]:
    """Each of the first TAB_STOPS keyboard stops on the page that shows no focus indicator on screen."""
    hidden = []
    with opened(browser, base_url + path) as page:
        for _ in range(TAB_STOPS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if not (focused["outline"] or focused["shadow"]) or not focused["onScreen"]:
                hidden.append(f"{path}: {FOCUS_RULE}: no visible focus on {focused['name']}")
    return hidden


def print_failures(browser: Browser, base_url: str, path: str) -> list[str]:
    """Navigation still shown in print, and figures that may break away from their captions."""
    with opened(browser, base_url + path) as page:
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
    found = [f"{path}: {PRINT_RULE}: navigation '{nav}' is printed" for nav in printed["navs"]]
    found += [f"{path}: {PRINT_RULE}: figure {f['id']} may split from its caption (break-inside: {f['breakInside']})"
              for f in printed["figures"] if f["breakInside"] != "avoid" or not f["caption"]]
    return found


def dark_failures(browser: Browser, base_url: str, path: str) -> list[str]:
    """A dark scheme that is not darker, or text and bars that lose contrast in either scheme."""
    schemes = {}
    for scheme in ("light", "dark"):
        with opened(browser, base_url + path, color_scheme=scheme) as page:
            schemes[scheme] = page.evaluate(COLOURS)
    light, dark = schemes["light"]["background"], schemes["dark"]["background"]
    found = [] if luminance(dark) < luminance(light) else [
        f"{path}: {DARK_RULE}: the dark background {dark} is not darker than the light {light}"]
    for scheme, colours in schemes.items():
        found += _contrast_failures(path, scheme, colours)
    return found


def _contrast_failures(path: str, scheme: str, colours: dict[str, str | None]) -> list[str]:
    background = colours["background"] or ""
    found = []
    for key, minimum in (("text", TEXT_MINIMUM), ("chart text", TEXT_MINIMUM), ("bars", GRAPHICS_MINIMUM),
                         ("map shapes", GRAPHICS_MINIMUM)):
        colour = colours[key]
        if colour is not None and (ratio := contrast(colour, background)) < minimum:
            found.append(f"{path}: {DARK_RULE}: {scheme} {key} {colour} on {background} has contrast {ratio:.2f}:1")
    return found
