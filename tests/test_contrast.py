"""Contrast of the site's text and chart colours in the light and dark schemes (axe cannot judge SVG text).

Text needs 4.5:1 against its background, graphics such as bars and the focus ring 3:1 (WCAG 1.4.3, 1.4.11).
The colours come from site_builder/templates/static/site.css and site_builder/render/charts.py, never from copies here.
"""

from __future__ import annotations

import re

import pytest
from colour_contrast import GRAPHICS_MINIMUM, TEXT_MINIMUM, contrast
from conftest import ENGINE_TEMPLATES

from site_builder.render import map_bands
from site_builder.render.charts import ACCENT_COLOUR, BAR_COLOUR

SITE_CSS = ENGINE_TEMPLATES / "static" / "site.css"
DARK_ROOT = r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}"
TEXT_PAIRS = [("--fg", "--bg"), ("--muted", "--bg"), ("--link", "--bg"), ("--fg", "--panel"),
              ("--muted", "--panel"), ("--link", "--panel"), ("--fg", "--caution-bg")]
GRAPHIC_PAIRS = [("BAR_COLOUR", "--bg"), ("ACCENT_COLOUR", "--bg"), ("--focus", "--bg"), ("--focus", "--panel")]


def _properties(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))


def scheme_colours(css: str) -> dict[str, dict[str, str]]:
    """Custom properties and chart colours of each scheme: dark overrides light where it sets a property."""
    light_block = re.search(r":root\s*\{([^}]*)\}", css)
    dark_block = re.search(DARK_ROOT, css)
    assert light_block and dark_block, f"{SITE_CSS} lacks a :root block or a prefers-color-scheme: dark :root block"
    charts = {"BAR_COLOUR": BAR_COLOUR, "ACCENT_COLOUR": ACCENT_COLOUR}
    light = _properties(light_block.group(1)) | charts
    return {"light": light, "dark": light | _properties(dark_block.group(1)) | charts}


CASES = [(scheme, fore, back, minimum) for scheme in ("light", "dark")
         for pairs, minimum in ((TEXT_PAIRS, TEXT_MINIMUM), (GRAPHIC_PAIRS, GRAPHICS_MINIMUM))
         for fore, back in pairs]


@pytest.mark.parametrize(("scheme", "fore", "back", "minimum"), CASES)
def test_colour_pair_has_enough_contrast(scheme: str, fore: str, back: str, minimum: float) -> None:
    colours = scheme_colours(SITE_CSS.read_text(encoding="utf-8"))[scheme]
    ratio = contrast(colours[fore], colours[back])
    assert ratio >= minimum, (f"{scheme} scheme: {fore} {colours[fore]} on {back} {colours[back]} "
                              f"has contrast {ratio:.2f}:1, needs {minimum}:1")


def test_contrast_detects_a_failing_pair() -> None:
    assert contrast("#777777", "#ffffff") < TEXT_MINIMUM <= contrast("#595959", "#ffffff")
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("rgb(255, 255, 255)", "#fff") == pytest.approx(1.0)


def test_dark_scheme_overrides_the_light_one() -> None:
    schemes = scheme_colours(SITE_CSS.read_text(encoding="utf-8"))
    assert schemes["dark"]["--bg"] != schemes["light"]["--bg"]


def test_map_bands_stand_out_from_each_schemes_background() -> None:
    schemes = scheme_colours(SITE_CSS.read_text(encoding="utf-8"))
    for scheme, colours in (("light", map_bands.LIGHT), ("dark", map_bands.DARK)):
        for colour in (*colours, map_bands.EDGE):
            ratio = contrast(colour, schemes[scheme]["--bg"])
            assert ratio >= GRAPHICS_MINIMUM, f"{scheme} map colour {colour} has contrast {ratio:.2f}:1"


def test_the_dark_scheme_gives_each_map_band_its_dark_colour() -> None:
    css = SITE_CSS.read_text(encoding="utf-8")
    dark = re.search(r"@media screen and \(prefers-color-scheme: dark\) \{(.*?)\n\}", css, re.S)
    assert dark, "site.css has no screen-only dark block for the maps"
    swaps = dict(re.findall(r'path\[fill="(#[0-9a-f]{6})"\] \{ fill: (#[0-9a-f]{6}); \}', dark.group(1)))
    light = (*map_bands.LIGHT, map_bands.NO_FIGURE_LIGHT)
    assert swaps == dict(zip(light, (*map_bands.DARK, map_bands.NO_FIGURE_DARK), strict=True))
