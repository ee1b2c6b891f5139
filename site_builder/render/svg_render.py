"""Static SVGs of each chart, rendered by vl-convert and cached by the spec's hash: one for each range of column
widths, so that type stays legible (never much smaller or larger than drawn) when the SVG is scaled to its column."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import vl_draw
from .cache import Cache
from .chart_parts import Chart, chart_config
from .workers import Workers

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


# A chart drawn once at its own size: a map, which has no type to keep legible and scales as a picture.
OWN_SIZE = "own"


@dataclass(frozen=True)
class StaticSvgs:
    """A chart's static SVGs by size name (or one, under OWN_SIZE), as vl-convert drew them."""

    svgs: dict[str, str]

    @property
    def inline(self) -> str:
        """Every size, for the page: CSS shows the one that fits the screen."""
        if OWN_SIZE in self.svgs:
            return _hidden(self.svgs[OWN_SIZE])
        return "".join(inline_ready(self.svgs[s.name], s) for s in SIZES)

    @property
    def wide(self) -> str:
        return self.svgs.get(WIDE.name) or self.svgs[OWN_SIZE]

    def each(self, change: Callable[[str], str]) -> StaticSvgs:
        """The same SVGs, each changed by `change`."""
        return StaticSvgs({name: change(svg) for name, svg in self.svgs.items()})


def spec_hash(spec: dict[str, Any]) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{vl_draw.DRAWN_BY}:{text}".encode()).hexdigest()[:20]


def sized(spec: dict[str, Any], size: Size) -> dict[str, Any]:
    """The live spec (as wide as its container) at a fixed width, type size and label room (a copy of its top
    level only: nothing below it is changed)."""
    fixed = dict(spec)
    fixed["width"] = size.width
    fixed["padding"] = STATIC_PADDING
    fixed["autosize"] = {"type": "fit-x", "contains": "padding"}
    fixed["config"] = {**fixed.get("config", {}), **chart_config(size.font_size, size.label_limit)}
    return fixed


def render_svgs(charts: list[Chart], own_size: set[str], cache: Cache, workers: Workers) -> dict[str, StaticSvgs]:
    """Chart id to its static SVGs (one at the chart's own size for the ids in `own_size`), reusing cached renders
    where the spec is unchanged and drawing the others on the workers."""
    jobs = [(chart.id, size.name, sized(chart.spec, size)) for chart in charts if chart.id not in own_size
            for size in SIZES]
    jobs += [(chart.id, OWN_SIZE, chart.spec) for chart in charts if chart.id in own_size]
    specs = [spec for *_, spec in jobs]
    drawn = workers.cached_map(vl_draw.svg, specs, [f"{spec_hash(spec)}.svg" for spec in specs], cache)
    found: dict[str, dict[str, str]] = {}
    for (chart_id, size_name, _), svg in zip(jobs, drawn, strict=True):
        found.setdefault(chart_id, {})[size_name] = svg or ""
    return {chart_id: StaticSvgs(by_size) for chart_id, by_size in found.items()}


def _hidden(svg: str) -> str:
    """The SVG left out of the accessibility tree: the enclosing figure names it."""
    return re.sub(r"^<svg ", '<svg aria-hidden="true" focusable="false" ', svg, count=1)


def inline_ready(svg: str, size: Size) -> str:
    """Let the SVG scale with its column, mark its size for CSS, and leave its name to the enclosing figure."""
    return re.sub(r'^<svg ([^>]*?)class="marks"', rf'<svg \1class="marks chart-static chart-static-{size.name}" '
                  'aria-hidden="true" focusable="false"', svg, count=1)
