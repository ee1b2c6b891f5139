"""Visit pages of a served site in Chromium and record what the quality gates judge.

Each page is visited once with JavaScript on (errors, CSP, requests, when the Vega bundle loads, charts,
tooltips, axe, 360-px layout) and once with it off (static charts, figures in the HTML); at 1280 and 360 px in
both, each chart's width, type size and axis labels are measured. Rules then turn the records into
messages naming the page and the rule, so the same code judges the sample and deliberately broken sites.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netlify_rules import site_path
from playwright.sync_api import Browser, Page, Request
from playwright.sync_api import Error as PlaywrightError

DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 360
FIT_TOLERANCE_PX = 1.5
LEGIBLE_PX = 11
# How long the live charts drawing may go without one more of them drawn (or failed): a loaded machine draws slowly
# (a report page with a world map and a dozen charts took over 30 s beside the other test worker), but keeps
# drawing. Charts that never start drawing are not waited for.
CHART_STALL_MS = 30_000
MARKS = ".mark-rect path, .plotted_marks path"  # bars, or the shapes of a map's countries with a figure
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

CSP_LISTENER = """
window.__gateCsp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : "";
  window.__gateCsp.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}${where}`);
});
"""
CHARTS_DONE = """() => document.querySelectorAll(".chart-box[data-spec][data-drawn], .chart-box[data-spec][data-error]")
  .length"""
CHARTS_DRAWING = """() => document
  .querySelectorAll(".chart-box[data-spec][data-drawing]:not([data-drawn]):not([data-error])").length"""
# After `count` frames drawn, and then the tasks queued meanwhile (what the page does when it sees what is on
# screen: the chart script's intersection observer reports with a frame). Only frames count: a busy page draws
# none while a long task runs, and a timer set beside them would end the wait first. A minute without a frame (a
# page the browser has stopped drawing) ends it too: evaluate would not time out.
FRAMES = """(count) => new Promise((done) => {
  const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : setTimeout(done, 0));
  step(count);
  setTimeout(done, 60000);
})"""
# A reader scrolls each chart into view, then moves the pointer: charts.js loads Vega and draws only then.
# (window.scrollTo, as a reader's scrolling does, leaves the keyboard's starting point at the top of the page;
# Chromium moves it to an element scrollIntoView is called on.)
# Each chart stays in view until it has started drawing, or VIEW_FRAMES frames have been drawn with it on screen
# (the chart script saw it and held back: a broken page, judged later). Ten, not three: on a loaded machine the
# page's tasks, the intersection observer's among them, can wait while frames are drawn, and two charts of a report
# were once left unstarted after three. Charts not started yet (one on screen before the reader first
# scrolled, which the page did not count as reached) are reached again, as long as a round starts one.
VIEW_FRAMES = 10
SCROLL_TO_CHARTS = f"""async () => {{
  const frames = {FRAMES};
  const STARTED = "[data-drawing], [data-drawn], [data-error]";
  const stay = (box) => {{
    let watch;
    const started = new Promise((done) => {{ watch = setInterval(() => box.matches(STARTED) && done(), 50); }});
    return Promise.race([started, frames({VIEW_FRAMES})]).finally(() => clearInterval(watch));
  }};
  const waiting = () => [...document.querySelectorAll(".chart-box[data-spec]")].filter((box) => !box.matches(STARTED));
  for (let left = waiting(), before = Infinity; left.length && left.length < before; left = waiting()) {{
    before = left.length;
    for (const box of left) {{
      const boxTop = box.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, boxTop - (innerHeight - box.offsetHeight) / 2);
      await stay(box);
    }}
  }}
  window.scrollTo(0, 0);
  await frames(2);
}}"""
VEGA_BUNDLE = "/assets/vega."
SEARCH_INDEX = "/pagefind/"
# What a page does before any reader acts is done once it has drawn two frames after loading (the chart script's
# first look at what is on screen comes with the first) and run the tasks queued meanwhile.
SETTLED = f"() => ({FRAMES})(2)"
CHART_STATES = """(marks) => [...document.querySelectorAll(".chart-box[data-spec]")].map((box) => ({
  spec: box.dataset.spec,
  drawn: box.dataset.drawn === "true",
  started: box.hasAttribute("data-drawing"),
  error: box.dataset.error || null,
  marks: box.querySelector(".chart-live svg")?.querySelectorAll(marks).length ?? 0,
  plotted: box.closest("figure").querySelectorAll(".chart-data td.plotted").length,
}))"""
STATIC_CHARTS = """(marks) => [...document.querySelectorAll("figure.chart")].map((figure) => {
  const svg = [...figure.querySelectorAll(".chart-box svg")].find((each) => each.checkVisibility());
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {
    id: figure.id,
    caption: (figure.querySelector("figcaption")?.textContent || "").trim(),
    visible: box.width > 0 && box.height > 0 && getComputedStyle(svg).visibility !== "hidden",
    marks: svg ? svg.querySelectorAll(marks).length : 0,
    plotted: figure.querySelectorAll(".chart-data td.plotted").length,
  };
})"""
# Each chart's shown SVG (live or static): its width beside its column's, its smallest type as drawn on screen
# (null when it has none, as a map's colour key is HTML), and the labels each axis shows (Vega hides crowded
# ones with opacity 0).
CHART_GEOMETRY = """() => [...document.querySelectorAll("figure.chart .chart-box")].map((box) => {
  const id = box.closest("figure").id;
  const svg = [...box.querySelectorAll("svg")].find((each) => each.checkVisibility());
  if (!svg) return {id, width: 0, column: box.clientWidth, font: 0, axes: []};
  const shown = (node) => node.textContent.trim() && node.checkVisibility({opacityProperty: true});
  const width = svg.getBoundingClientRect().width;
  const scale = width / (svg.viewBox.baseVal?.width || width);
  const sizes = [...svg.querySelectorAll("text")].filter(shown)
    .map((text) => parseFloat(getComputedStyle(text).fontSize) * scale);
  const axes = [...svg.querySelectorAll(".role-axis")].map((axis) =>
    [...axis.querySelectorAll(".role-axis-label text")].filter(shown).map((text) => text.textContent));
  return {id, width, column: box.clientWidth, font: sizes.length ? Math.min(...sizes) : null, axes};
})"""
LIVE_CHARTS_FIT = """() => [...document.querySelectorAll(".chart-box[data-drawn] .chart-live svg")]
  .every((svg) => Math.abs(svg.getBoundingClientRect().width - svg.closest(".chart-box").clientWidth) <= 1)"""
RELAYOUT_MS = 3_000
MAIN_TEXT = """() => {
  const main = document.querySelector("main")?.cloneNode(true);
  if (!main) return "";
  main.querySelectorAll(".chart-box, script").forEach((node) => node.remove());
  return main.textContent.replace(/\\s+/g, " ").trim();
}"""
AXE_RUN = """async (options) => {
  const late = new Promise((_, fail) => setTimeout(() => fail(new Error("axe did not finish in 60 s")), 60000));
  const result = await Promise.race([axe.run(document, options), late]);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}: `
    + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ") + (v.nodes.length > 3 ? ", ..." : ""));
}"""
TARGET = """(marks) => {  // a point of the widest mark the pointer reaches (a country's box holds others), in view
  const widths = marks.map((mark) => mark.getBoundingClientRect().width);
  const order = widths.map((_, i) => i).sort((a, b) => widths[b] - widths[a]);
  const grid = Array.from({length: 100}, (_, n) => [(n % 10 + 0.5) / 10, (Math.floor(n / 10) + 0.5) / 10]);
  for (const mark of order.map((i) => marks[i])) {
    mark.scrollIntoView({block: "center"});
    const box = mark.getBoundingClientRect();
    const points = [[0.5, 0.5], ...grid].map(([x, y]) => [box.x + x * box.width, box.y + y * box.height]);
    const hit = points.find(([x, y]) => document.elementFromPoint(x, y) === mark);
    if (hit) return hit;
  }
  return [0, 0];
}"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@dataclass
class PageAudit:
    """What one page did in the browser."""

    path: str
    status: int = 0
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    tooltips: dict[str, str] = field(default_factory=dict)
    axe: list[str] = field(default_factory=list)
    sideways_px: int = 0
    main_text: str = ""
    static_charts: list[dict[str, Any]] = field(default_factory=list)
    static_main_text: str = ""
    vega_requests: list[str] = field(default_factory=list)
    vega_before_reaching: list[str] = field(default_factory=list)
    search_requests: list[str] = field(default_factory=list)
    search_before_reaching: list[str] = field(default_factory=list)
    chart_geometry: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def largest_of_each_kind(output: Path) -> list[Path]:
    """The largest HTML page of each kind (one report, one report's print view, one country...) in a built site:
    the page that holds the most of what its kind's template shows."""
    largest: dict[str, tuple[int, Path]] = {}
    for file in output.rglob("*.html"):
        kind = re.sub(r"^/(reports|countries)/[^/]+/", r"/\1/*/", site_path(output, file))
        largest[kind] = max(largest.get(kind, (-1, file)), (file.stat().st_size, file))
    return sorted(file for _, file in largest.values())


class SiteAuditor:
    """Audits pages of one served site: one tab with JavaScript on and one with it off, reused for speed."""

    def __init__(self, browser: Browser, base_url: str, axe_source: str) -> None:
        self.base_url, self.axe_source = base_url, axe_source
        self.current = PageAudit("")
        self.live_context = browser.new_context(viewport=DESKTOP)
        self.live_context.add_init_script(CSP_LISTENER)
        self.live = self.live_context.new_page()
        self.live.on("console", lambda m: m.type == "error" and self.current.console_errors.append(_console_text(m)))
        self.live.on("pageerror", lambda e: self.current.page_errors.append(str(e)))
        self.live.on("request", self._note_request)
        self.static_context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
        self.static = self.static_context.new_page()
        # A request to another origin is noted (above), then refused: this machine may have no network, and a page
        # whose policy was taken out (a breakage test) would otherwise wait on it.
        foreign = re.compile(rf"^(?!{re.escape(base_url)}/)(?:https?|wss?):")
        for context in (self.live_context, self.static_context):
            context.route(foreign, lambda route: route.abort())

    def close(self) -> None:
        self.live_context.close()
        self.static_context.close()

    def audit(self, paths: Iterable[str]) -> dict[str, PageAudit]:
        """Every page in `paths` audited with JavaScript on and off."""
        audits = {}
        for path in paths:
            audits[path] = self.current = PageAudit(path)
            self._live_visit(self.current)
            self._static_visit(self.current)
        self.current = PageAudit("")
        return audits

    def _note_request(self, request: Request) -> None:
        url = request.url
        if VEGA_BUNDLE in url:
            self.current.vega_requests.append(url)
        if SEARCH_INDEX in url:
            self.current.search_requests.append(url)
        if url.startswith(("http:", "https:", "ws:", "wss:")) and not url.startswith(self.base_url + "/"):
            self.current.foreign_requests.append(f"{request.resource_type} {url}")

    def _live_visit(self, audit: PageAudit) -> None:
        page = self.live
        page.set_viewport_size(DESKTOP)
        response = page.goto(self.base_url + audit.path, wait_until="load")
        audit.status = response.status if response else 0
        page.evaluate(SETTLED)
        audit.vega_before_reaching = list(audit.vega_requests)
        audit.search_before_reaching = list(audit.search_requests)
        reach_charts(page)
        self._check_charts(page, audit)
        audit.chart_geometry[f"{DESKTOP['width']}px"] = page.evaluate(CHART_GEOMETRY)
        audit.main_text = page.evaluate(MAIN_TEXT)
        audit.axe = self._axe(page, {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        with suppress(PlaywrightError):  # judged below: a live chart that keeps its old width is reported
            page.wait_for_function(LIVE_CHARTS_FIT, timeout=RELAYOUT_MS)
        audit.chart_geometry[f"{PHONE_WIDTH}px"] = page.evaluate(CHART_GEOMETRY)
        audit.sideways_px = page.evaluate(SIDEWAYS)
        narrow = self._axe(page, {"runOnly": ["scrollable-region-focusable"], "resultTypes": ["violations"]})
        audit.axe += [f"at {PHONE_WIDTH}px: {violation}" for violation in narrow]
        audit.csp_violations = page.evaluate("window.__gateCsp")

    def _check_charts(self, page: Page, audit: PageAudit) -> None:
        wait_for_charts(page)  # judged below: an undrawn chart is reported by name
        audit.charts = page.evaluate(CHART_STATES, MARKS)
        for chart in audit.charts:
            if chart["marks"]:
                audit.tooltips[chart["spec"]] = _hover_tooltip(page, chart["spec"])

    def _axe(self, page: Page, options: dict[str, Any]) -> list[str]:
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(self.axe_source)
        return page.evaluate(AXE_RUN, options)

    def _static_visit(self, audit: PageAudit) -> None:
        self.static.set_viewport_size(DESKTOP)
        self.static.goto(self.base_url + audit.path, wait_until="load")
        audit.static_charts = self.static.evaluate(STATIC_CHARTS, MARKS)
        audit.static_main_text = self.static.evaluate(MAIN_TEXT)
        audit.chart_geometry[f"{DESKTOP['width']}px without JavaScript"] = self.static.evaluate(CHART_GEOMETRY)
        self.static.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        audit.chart_geometry[f"{PHONE_WIDTH}px without JavaScript"] = self.static.evaluate(CHART_GEOMETRY)


def reach_charts(page: Page) -> None:
    """Do what a reader does before the live charts are drawn: scroll to each chart, move the pointer."""
    page.evaluate(SCROLL_TO_CHARTS)
    page.mouse.move(1, 1)
    page.mouse.move(2, 2)
    page.evaluate(SETTLED)  # the browser hands pointer moves to the page with its next frame


def wait_for_charts(page: Page) -> None:
    """Wait while the live charts that have started drawing keep finishing: until none is left drawing, or none
    more has finished for CHART_STALL_MS. What is then undrawn, CHART_STATES tells."""
    done, drawing = page.evaluate(f"() => [({CHARTS_DONE})(), ({CHARTS_DRAWING})()]")
    while drawing:
        try:  # read together with `drawing`: a chart that has finished since then ends this wait at once
            page.wait_for_function(f"() => ({CHARTS_DONE})() > {done}", timeout=CHART_STALL_MS)
        except PlaywrightError:
            return
        done, drawing = page.evaluate(f"() => [({CHARTS_DONE})(), ({CHARTS_DRAWING})()]")


def undrawn_charts(charts: list[dict[str, Any]]) -> list[str]:
    """Why each live chart in `charts` (CHART_STATES) is not drawn."""
    found = []
    for chart in charts:
        if not chart["drawn"]:
            why = chart["error"] or ("started, never finished" if chart["started"] else "never started")
            found.append(f"{chart['spec'].removesuffix('-spec')} was not drawn ({why})")
    return found


def _console_text(message: Any) -> str:
    where = message.location.get("url", "")
    return f"{message.text} ({where})" if where else message.text


def _hover_tooltip(page: Page, spec: str) -> str:
    """The tooltip's text after hovering over the chart's widest bar or shape; empty if none appeared or stayed."""
    marks = page.locator(f'.chart-box[data-spec="{spec}"] .chart-live svg').locator(MARKS)
    x, y = marks.evaluate_all(TARGET)
    try:
        page.mouse.move(x, y)
        tooltip = page.wait_for_selector("#vg-tooltip-element.visible", timeout=1_000)
        text = (tooltip.text_content() or "").strip() if tooltip else ""
    except PlaywrightError:
        text = ""
    page.mouse.move(0, 0)
    try:
        page.wait_for_function("() => !document.querySelector('#vg-tooltip-element.visible')", timeout=3_000)
    except PlaywrightError:
        return ""  # a tooltip that never goes away is not a working tooltip
    return text


Rule = Callable[[PageAudit], list[str]]


def _charts_draw(audit: PageAudit) -> list[str]:
    found = undrawn_charts(audit.charts)
    for chart in (chart for chart in audit.charts if chart["drawn"]):
        name = chart["spec"].removesuffix("-spec")
        if not chart["marks"]:
            found.append(f"{name} drew no bars")
        elif chart["marks"] != chart["plotted"]:
            found.append(f"{name} drew {chart['marks']} bars for {chart['plotted']} figures in its data table")
    return found


def _tooltips(audit: PageAudit) -> list[str]:
    return [f"{c['spec'].removesuffix('-spec')} showed no tooltip on hover over a bar"
            for c in audit.charts if c["marks"] and not audit.tooltips.get(c["spec"])]


def _vega_waits(audit: PageAudit) -> list[str]:
    found = [f"the Vega bundle was loaded before a reader reached a chart: {url}" for url in audit.vega_before_reaching]
    if not audit.charts and audit.vega_requests:
        found.append(f"the Vega bundle was loaded on a page without live charts: {audit.vega_requests[0]}")
    return found


def _chart_fit(audit: PageAudit) -> list[str]:
    found = []
    for where, charts in audit.chart_geometry.items():
        for chart in charts:
            if abs(chart["width"] - chart["column"]) > FIT_TOLERANCE_PX:
                found.append(f"{chart['id']} at {where} is {chart['width']:.0f}px wide in a {chart['column']}px column")
            if chart["font"] is not None and chart["font"] < LEGIBLE_PX:  # None: no type at all (a map)
                found.append(f"{chart['id']} at {where} has {chart['font']:.1f}px type (at least {LEGIBLE_PX}px)")
    return found


def _repeated_labels(audit: PageAudit) -> list[str]:
    return [f"{chart['id']} at {where} labels an axis {labels}" for where, charts in audit.chart_geometry.items()
            for chart in charts for labels in chart["axes"] if len(labels) != len(set(labels))]


def _sideways(audit: PageAudit) -> list[str]:
    return [f"scrolls sideways by {audit.sideways_px}px"] if audit.sideways_px > 0 else []


def _static_charts(audit: PageAudit) -> list[str]:
    found = []
    for chart in audit.static_charts:
        parts = (("caption", chart["caption"]), ("visible SVG", chart["visible"]), ("bars in the SVG", chart["marks"]),
                 ("data table", chart["plotted"]))
        missing = [what for what, ok in parts if not ok]
        if missing:
            found.append(f"{chart['id']} has no {', no '.join(missing)} with JavaScript off")
    return found


def _same_text(audit: PageAudit) -> list[str]:
    if audit.main_text == audit.static_main_text:
        return []
    live, static = audit.main_text, audit.static_main_text
    at = next((i for i, (a, b) in enumerate(zip(live, static, strict=False)) if a != b), min(len(live), len(static)))
    return [f"text differs with JavaScript off from {static[at:at + 80]!r}; with it on {live[at:at + 80]!r}"]


RULES: dict[str, Rule] = {
    "HTTP 200": lambda a: [] if a.status == 200 else [f"HTTP status {a.status}"],
    "no console error": lambda a: a.console_errors,
    "no page error": lambda a: a.page_errors,
    "no CSP violation": lambda a: a.csp_violations,
    "no request to another origin": lambda a: a.foreign_requests,
    "every chart draws its bars": _charts_draw,
    "every chart shows a tooltip": _tooltips,
    "the Vega bundle waits until a chart is reached": _vega_waits,
    "the search index waits for a reader": lambda a: [f"loaded with the page: {u}" for u in a.search_before_reaching],
    "charts fill their column with legible type": _chart_fit,
    "no axis repeats a label": _repeated_labels,
    "axe-core: no violation": lambda a: a.axe,
    f"no sideways scroll at {PHONE_WIDTH}px": _sideways,
    "charts readable with JavaScript off": _static_charts,
    "every figure is in the HTML": _same_text,
}


def failures(audits: Iterable[PageAudit], rule: str) -> list[str]:
    """`page: rule: detail` for every breach of `rule`."""
    return [f"{a.path}: {rule}: {detail}" for a in audits for detail in RULES[rule](a)]
