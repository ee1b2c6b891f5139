"""The world map's bands of figures and their colours, which read in the light and the dark scheme.

Counts across jurisdictions run from one to thousands, so a map shades bands with round bounds
(1–9, 10–99… or finer steps for small figures) rather than a linear scale. Each scheme has its own
sequential viridis colours, every one with at least 3:1 contrast against that scheme's background;
site.css gives the dark scheme's colour to each light one. Jurisdictions without a figure are grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Four steps of about 15 in CIELAB lightness each, so that bands differ in lightness alone too.
LIGHT = ("#229c88", "#306c8e", "#433a81", "#440154")  # viridis 0.55 to 0: darker is more
DARK = ("#2a788e", "#22a884", "#7ad151", "#fde725")  # viridis 0.4 to 1: brighter is more
NO_FIGURE_LIGHT, NO_FIGURE_DARK = "#e9ecef", "#2b3038"
EDGE = "#7b8794"  # country borders and legend outlines: 3:1 against both backgrounds
NO_FIGURE = "No figure"
MAX_BANDS = len(LIGHT)
STEPS = ((1, 2, 5), (1, 3), (1,))  # bounds within each power of ten, finest first


@dataclass(frozen=True)
class Band:
    """Figures from `low` up to the next band's low, under a label such as "10–99"."""

    label: str
    low: int
    colour: str


def _bounds(highest: int, steps: tuple[int, ...]) -> list[int]:
    bounds, power = [], 1
    while power <= highest:
        bounds += [power * s for s in steps if power * s <= highest]
        power *= 10
    return bounds


def _label(low: int, next_low: int | None) -> str:
    if next_low is None:
        return f"{low:,} or more"
    return f"{low:,}" if next_low - 1 == low else f"{low:,}–{next_low - 1:,}"


def bands(values: list[int]) -> list[Band]:
    """Bands for these counts: zero alone (when some figure is zero), then up to the highest figure."""
    zero = [0] if 0 in values else []
    room = MAX_BANDS - len(zero)
    positive = max((v for v in values if v > 0), default=0)
    bounds = next((b for s in STEPS if len(b := _bounds(positive, s)) <= room), None)
    if bounds is None:  # more powers of ten than colours: the lowest band takes the first ones
        bounds = [1, *_bounds(positive, (1,))[-(room - 1):]]
    lows = zero + bounds
    spread = (MAX_BANDS - 1) / (len(lows) - 1) if len(lows) > 1 else 0
    picked = [round(i * spread) for i in range(len(lows))] if len(lows) > 1 else [MAX_BANDS // 2]
    return [Band("0" if low == 0 else _label(low, lows[i + 1] if i + 1 < len(lows) else None), low, LIGHT[picked[i]])
            for i, low in enumerate(lows)]


def band_of(value: int, found: Sequence[Band]) -> Band:
    """The band a count falls in."""
    return next(b for b in reversed(found) if value >= b.low)
