"""What vl-convert draws, as the worker processes run it: this module imports nothing else of the builder's, so that
a spawned worker starts quickly and small, and its JavaScript engine stays warm between drawings."""

from __future__ import annotations

from typing import Any

import vl_convert

# Chart PNGs are drawn at twice the SVG's size, for sharp type on high-density screens and in print.
PNG_SCALE = 2


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec drawn as SVG."""
    return vl_convert.vegalite_to_svg(spec)


def png_of_spec(spec: dict[str, Any]) -> bytes:
    """A Vega-Lite spec drawn as PNG at its own size."""
    return bytes(vl_convert.vegalite_to_png(spec))


def png_of_svg(drawing: str) -> bytes:
    """A finished SVG drawn as PNG at PNG_SCALE times its size."""
    return bytes(vl_convert.svg_to_png(drawing, scale=PNG_SCALE))


def vega_script() -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one script."""
    return vl_convert.javascript_bundle().encode()
