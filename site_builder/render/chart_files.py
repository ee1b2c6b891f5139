"""Each chart's downloads: its data table as CSV, and the chart as a standalone SVG and PNG with its title and
the source and licence, so that no copy travels without them."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import textwrap
from dataclasses import dataclass

from ..plan.plan import CHART_FORMATS
from .cache import Cache
from .chart_parts import FONT, Chart
from .later import Later
from .vl_draw import DRAWN_BY, PNG_SCALE, png_of_svg
from .workers import Workers

FILE_KINDS = {f"chart-{fmt}": fmt for fmt in CHART_FORMATS}
MARGIN = 16
TITLE_SIZE = 17
NOTE_SIZE = 12
TEXT_COLOUR = "#1d2126"
NOTE_COLOUR = "#525a63"
NUMBER = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
RANGE = re.compile(r"[\d,]+–[\d,]+")


@dataclass(frozen=True)
class Provenance:
    """Where a chart's figures come from and under which licence they may be reused."""

    source: str
    licence: str

    @property
    def line(self) -> str:
        return f"Source: {self.source}. Licence: {self.licence}."


def chart_csv(chart: Chart, provenance: Provenance) -> bytes:
    """The chart's data table, numbers without thousands separators, each line with its source and licence."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*chart.columns, "source", "licence"])
    writer.writerows([*(_plain(cell) for cell in row), provenance.source, provenance.licence] for row in chart.rows)
    return buffer.getvalue().encode("utf-8")


def _plain(cell: str) -> str:
    """'75,378' → '75378' and '1,000–1,249' → '1000-1249' (as the section CSVs write bands); words stay words."""
    return cell.replace(",", "").replace("–", "-") if NUMBER.fullmatch(cell) or RANGE.fullmatch(cell) else cell


def _lines(text: str, size: int, width: int) -> list[str]:
    """`text` wrapped to `width` px, at about 0.55 em a character."""
    return textwrap.wrap(text, max(20, int((width - 2 * MARGIN) / (0.55 * size)))) or [""]


def _text(lines: list[str], top: float, size: int, colour: str, weight: str = "400") -> str:
    return "".join(f'<text x="{MARGIN}" y="{top + (i + 1) * size * 1.3:.1f}" font-family="{FONT}" '
                   f'font-size="{size}px" font-weight="{weight}" fill="{colour}">{html.escape(line)}</text>'
                   for i, line in enumerate(lines))


def chart_svg(chart: Chart, svg: str, provenance: Provenance) -> str:
    """A standalone SVG file: white background, the title above the drawn chart, source and licence below."""
    width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    titles = _lines(chart.title, TITLE_SIZE, int(width))
    notes = _lines(provenance.line, NOTE_SIZE, int(width))
    top = MARGIN / 2 + len(titles) * TITLE_SIZE * 1.3 + MARGIN / 2
    bottom = top + height + MARGIN / 2
    total = bottom + len(notes) * NOTE_SIZE * 1.3 + MARGIN
    placed = _moved_down(svg, top)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{total:.0f}" '
            f'viewBox="0 0 {width:g} {total:.0f}"><title>{html.escape(chart.title)}</title>'
            f'<desc>{html.escape(chart.description)}</desc><rect width="100%" height="100%" fill="#ffffff"/>'
            f"{_text(titles, MARGIN / 2, TITLE_SIZE, TEXT_COLOUR, '600')}{placed}"
            f"{_text(notes, bottom, NOTE_SIZE, NOTE_COLOUR)}</svg>\n")


def _moved_down(svg: str, top: float) -> str:
    """The drawn chart's content as a group `top` px down. A group, not the nested <svg> it came as: the same
    picture, but vl-convert's renderer (resvg) draws a nested <svg> as a clipped layer the size of the whole image,
    several times slower."""
    content = re.match(r"<svg [^>]*>(.*)</svg>\s*$", svg, re.S)
    assert content is not None, "vl-convert draws one <svg> element"
    return f'<g transform="translate(0,{top:.1f})">{content.group(1)}</g>'


def chart_pngs(svgs: dict[str, str], cache: Cache, workers: Workers) -> dict[str, Later]:
    """Chart id → its standalone SVG drawn as PNG at twice its size, in the background, cached by the SVG's
    content like the static SVGs."""
    names = [f"{_digest(svg)}.download.png" for svg in svgs.values()]
    return dict(zip(svgs, workers.later(png_of_svg, list(svgs.values()), names, cache), strict=True))


def _digest(svg: str) -> str:
    return hashlib.sha256(f"{DRAWN_BY}:{PNG_SCALE}:{svg}".encode()).hexdigest()[:20]
