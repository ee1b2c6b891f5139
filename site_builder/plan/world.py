"""The jurisdictions a world map can draw: Natural Earth's 1:110m countries, by ISO 3166-1 alpha-2 code.

The boundaries are package data (`site_builder/geo/countries-110m.json`, TopoJSON from the world-atlas
package), each country's `id` its ISO 3166-1 numeric code. Jurisdictions too small for this scale
(Monaco, Singapore, Hong Kong…) have no shape: pages list them beside the map instead.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from ..model.objects import Measures, Section, Site

WORLD = Path(__file__).resolve().parent.parent / "geo" / "countries-110m.json"
# Shapes Natural Earth draws without a numeric code: Kosovo takes the code publishers and statistics give it.
UNCODED = {"Kosovo": "XK"}
LEFT_OUT = frozenset({"AQ"})  # Antarctica: no figures, and it would take a fifth of the map's height


@cache
def world() -> dict[str, Any]:
    """The TopoJSON topology as published, read once."""
    return json.loads(WORLD.read_text(encoding="utf-8"))


def shape_code(geometry: dict[str, Any]) -> str:
    """A country shape's alpha-2 code, or "" for a shape with none (Somaliland, Northern Cyprus)."""
    numeric = geometry.get("id")
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else UNCODED.get(geometry.get("properties", {}).get("name", ""), "")


def shapes() -> list[tuple[str, dict[str, Any]]]:
    """(code, TopoJSON geometry) of every country the map draws, Antarctica left out."""
    found = [(shape_code(g), g) for g in world()["objects"]["countries"]["geometries"]]
    return [(code, g) for code, g in found if code not in LEFT_OUT]


@cache
def mapped_codes() -> frozenset[str]:
    """The alpha-2 codes of the jurisdictions the map draws as shapes."""
    return frozenset(code for code, _ in shapes() if code)


def can_map(section: Section, measures: Measures) -> bool:
    """True for a table of jurisdictions whose lead figure is a count, given for a jurisdiction the map draws."""
    lead = section.lead_measure(measures)
    if not section.dimension.is_jurisdictions or section.is_national_security or lead is None:
        return False
    drawn = mapped_codes()
    return not measures[lead].is_percentage and any(r.key in drawn and r.value(lead).is_number for r in section.rows)


def mapped_series(site: Site) -> list[str]:
    """Ids of the tables of jurisdictions the countries index lists whose latest period can be mapped."""
    return [i for i in site.jurisdiction_tables if can_map(site.series(i)[-1][1], site.measures)]
