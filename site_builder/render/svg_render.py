"""Static SVG of each chart, rendered by vl-convert and cached by the spec's hash."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import vl_convert

from .cache import Cache
from .charts import Chart


def spec_hash(spec: dict[str, Any]) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{vl_convert.__version__}:{text}".encode()).hexdigest()[:20]


def render_svgs(charts: list[Chart], cache: Cache) -> dict[str, str]:
    """Chart id to static SVG markup, reusing cached renders where the spec is unchanged."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        svgs = pool.map(lambda chart: _cached_svg(chart.spec, cache), charts)
        return {chart.id: svg for chart, svg in zip(charts, svgs, strict=True)}


def cached_render(spec: dict[str, Any], cache: Cache, suffix: str, make: Callable[[dict[str, Any]], bytes]) -> bytes:
    """`make(spec)`, kept under the spec's hash and `suffix` and reused while the spec is unchanged."""
    return cache.remember(f"{spec_hash(spec)}.{suffix}", lambda: make(spec))


def _cached_svg(spec: dict[str, Any], cache: Cache) -> str:
    svg = cached_render(spec, cache, "svg", lambda s: _inline_ready(vl_convert.vegalite_to_svg(s)).encode())
    return svg.decode("utf-8")


def _inline_ready(svg: str) -> str:
    """Let the SVG scale with its box and leave its name to the enclosing figure."""
    svg = re.sub(r'^<svg ([^>]*?)width="(\d+)" height="(\d+)"',
                 r'<svg \1width="\2" height="\3" aria-hidden="true" focusable="false"', svg, count=1)
    return svg
