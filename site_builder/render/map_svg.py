"""A map's static SVG finished for readers without JavaScript: each shape with a tooltip and its link, made lighter.

Shapes' coordinates are rounded to a tenth of a pixel (about a third of the bytes) and their common
border is set once on their group. vl-convert's own links are replaced: it resolves them against a
base of its own, so the site's link goes in instead.
"""

from __future__ import annotations

import re
from html import escape

SHAPES = re.compile(r'(<g class="mark-shape[^>]*>)(.*?)(</g>)', re.S)  # a shape mark's group holds only paths
PATH = re.compile(r"<path ([^>]*?)/>")
LINK = re.compile(r"</?a\b[^>]*>")
STROKE = re.compile(r' stroke="[^"]*" stroke-width="[^"]*"')  # every shape of a layer has the same border


def _tenths(path: str) -> str:
    return re.sub(r"\d+\.\d+", lambda n: f"{float(n[0]):.1f}".removesuffix(".0"), path)


def _compact(attributes: str) -> str:
    attributes = attributes.replace('transform="translate(0,0)" ', "")
    return re.sub(r'\bd="([^"]*)"', lambda d: f'd="{_tenths(d[1])}"', attributes)


def _shape(attributes: str, title: str, href: str) -> str:
    """One shape with its tooltip; a link out of the tab order, as the tables beside the map carry the same links."""
    path = f"<path {_compact(attributes)}><title>{escape(title)}</title></path>"
    return f'<a href="{escape(href)}" tabindex="-1">{path}</a>' if href else path


def linked_shapes(svg: str, shapes: list[tuple[str, str]]) -> str:
    """`svg` with its shapes, in drawing order, given their (tooltip, link or "")."""
    drawn = sum(len(PATH.findall(group[2])) for group in SHAPES.finditer(svg))
    if drawn != len(shapes):
        raise ValueError(f"the map's SVG draws {drawn} shapes for {len(shapes)} countries")
    labels = iter(shapes)

    def finished(group: re.Match[str]) -> str:
        border = STROKE.search(group[2])
        paths = PATH.findall(STROKE.sub("", LINK.sub("", group[2])))
        opening = group[1].removesuffix(">") + (border[0] if border else "") + ">"
        return opening + "".join(_shape(path, *next(labels)) for path in paths) + group[3]
    return SHAPES.sub(finished, svg)
