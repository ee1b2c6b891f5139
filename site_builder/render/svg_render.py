"""Static SVGs of each chart, rendered by vl-convert and cached by the spec's hash: one for each range of column
widths, so that type stays legible (never much smaller or larger than drawn) when the SVG is scaled to its column."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import vl_convert

from .cache import Cache
from .chart_parts import Chart, chart_config

# Room around the plot: the static SVG's text is measured with vl-convert's fonts, and browsers may draw it
# wider, which would otherwise clip long labels at the edges.
STATIC_PADDING = {"left": 24, "right": 24, "top": 5, "bottom": 5}


@dataclass(frozen=True)
class Size:
    """One static rendering: its name (site.css shows it when the chart's column is about this wide), width, type
    size and label room."""

    name: str
    width: int
    font_size: int
    label_limit: int


# site.css shows narrow below a 480 px column (phones), medium up to 800 px, wide from there (and without
# container queries): each drawn within about 0.9 to 1.5 times its size.
NARROW = Size("narrow", 320, 13, 140)
MEDIUM = Size("medium", 560, 13, 240)
WIDE = Size("wide", 900, 14, 300)
SIZES = (NARROW, MEDIUM, WIDE)


@dataclass(frozen=True)
class StaticSvgs:
    """A chart's static SVGs by size name, as vl-convert drew them."""

    svgs: dict[str, str]

    @property
    def inline(self) -> str:
        """Every size, for the page: CSS shows the one that fits the screen."""
        return "".join(inline_ready(self.svgs[s.name], s) for s in SIZES)

    @property
    def wide(self) -> str:
        return self.svgs[WIDE.name]


def spec_hash(spec: dict[str, Any]) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{vl_convert.__version__}:{text}".encode()).hexdigest()[:20]


def sized(spec: dict[str, Any], size: Size) -> dict[str, Any]:
    """The live spec (as wide as its container) at a fixed width, type size and label room."""
    fixed = copy.deepcopy(spec)
    fixed["width"] = size.width
    fixed["padding"] = STATIC_PADDING
    fixed["autosize"] = {"type": "fit-x", "contains": "padding"}
    fixed["config"] = {**fixed.get("config", {}), **chart_config(size.font_size, size.label_limit)}
    return fixed


def render_svgs(charts: list[Chart], cache: Cache) -> dict[str, StaticSvgs]:
    """Chart id to its static SVGs, reusing cached renders where the spec is unchanged."""
    jobs = [(chart, size) for chart in charts for size in SIZES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        svgs = list(pool.map(lambda job: _cached_svg(sized(job[0].spec, job[1]), cache), jobs))
    found: dict[str, dict[str, str]] = {}
    for (chart, size), svg in zip(jobs, svgs, strict=True):
        found.setdefault(chart.id, {})[size.name] = svg
    return {chart_id: StaticSvgs(by_size) for chart_id, by_size in found.items()}


def cached_render(spec: dict[str, Any], cache: Cache, suffix: str, make: Callable[[dict[str, Any]], bytes]) -> bytes:
    """`make(spec)`, kept under the spec's hash and `suffix` and reused while the spec is unchanged."""
    return cache.remember(f"{spec_hash(spec)}.{suffix}", lambda: make(spec))


def _cached_svg(spec: dict[str, Any], cache: Cache) -> str:
    return cached_render(spec, cache, "svg", lambda s: vl_convert.vegalite_to_svg(s).encode()).decode("utf-8")


def inline_ready(svg: str, size: Size) -> str:
    """Let the SVG scale with its column, mark its size for CSS, and leave its name to the enclosing figure."""
    return re.sub(r'^<svg ([^>]*?)class="marks"', rf'<svg \1class="marks chart-static chart-static-{size.name}" '
                  'aria-hidden="true" focusable="false"', svg, count=1)
