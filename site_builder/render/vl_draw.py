"""What vl-convert draws, as the worker processes run it: this module imports nothing else of the builder's, so that
a spawned worker starts quickly and small, and its JavaScript engine stays warm between drawings.

vl-convert ships Liberation Sans (the charts' `sans-serif`) and, as it starts, also loads every font file of the
machine; a font loaded from a file is opened and mapped again for every glyph it measures or draws, so where the
machine has its own copy of Liberation Sans each label cost milliseconds. So vl-convert starts with its own fonts
only (FONTCONFIG_FILE names a file of no folders), and the machine's folders are added after them: Liberation Sans
is found in memory first, and the machine's fonts still draw the characters it lacks.

After a process's first drawing, the pages of vl-convert's library that only its start-up read are given back
(startup_pages.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import vl_convert

from .startup_pages import release_startup_pages

# Chart PNGs are drawn at twice the SVG's size, for sharp type on high-density screens and in print.
PNG_SCALE = 2
NO_FONT_FOLDERS = Path(__file__).with_name("no-font-folders.conf")
# Where fontconfig looks by default on Linux (/etc/fonts/fonts.conf); on other systems vl-convert ignores
# FONTCONFIG_FILE and loads the system's fonts itself.
MACHINE_FONTS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
# What draws: part of every drawing's cache key, so that a drawing made another way is never reused.
DRAWN_BY = f"vl-convert {vl_convert.__version__}, its own fonts first"
# What the Vega bundle gives the page: Vega-Embed, which brings Vega and Vega-Lite with it.
EMBED_ONLY = "window.vegaEmbed = vegaEmbed;"
_fonts_ready = False
_started = False


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec drawn as SVG."""
    _fonts()
    drawing = vl_convert.vegalite_to_svg(spec)
    _started_up()
    return drawing


def png_of_spec(spec: dict[str, Any]) -> bytes:
    """A Vega-Lite spec drawn as PNG at its own size."""
    _fonts()
    drawing = bytes(vl_convert.vegalite_to_png(spec))
    _started_up()
    return drawing


def png_of_svg(drawing: str) -> bytes:
    """A finished SVG drawn as PNG at PNG_SCALE times its size."""
    _fonts()
    return bytes(vl_convert.svg_to_png(drawing, scale=PNG_SCALE))


def _started_up() -> None:
    """After this process's first drawing, the pages that only vl-convert's start-up needed given back."""
    global _started
    if not _started:
        release_startup_pages(vl_convert.vl_convert.__file__)
        _started = True


def vega_script() -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one script that gives the page `vegaEmbed`, all that charts.js calls. Named
    so, the bundler peaks at about 120 MiB; left to its default (which also sets `vega` and `vegaLite` on the window)
    at about 150 MiB, more than anything else a build does."""
    return vl_convert.javascript_bundle(snippet=EMBED_ONLY).encode()


def _fonts() -> None:
    """Before this process's first drawing: vl-convert's own fonts first, then the machine's folders."""
    global _fonts_ready
    if _fonts_ready:
        return
    before = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(NO_FONT_FOLDERS)
    try:
        for folder in (Path(f).expanduser() for f in MACHINE_FONTS):
            if folder.is_dir():
                vl_convert.register_font_directory(str(folder))  # the first call starts vl-convert's fonts
    finally:
        if before is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = before
    _fonts_ready = True
