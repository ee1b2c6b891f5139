"""The world's country shapes as a small TopoJSON topology to carry inline in a map's spec.

Each of Natural Earth's arcs is simplified (Douglas–Peucker, within `TOLERANCE` degrees) and rounded
to a grid of `GRID` degrees, both a fraction of a pixel at the map's size; an arc's two ends never
move, so neighbouring countries still share their borders. Only the arcs the drawn shapes use are
kept, and each shape carries the properties the map draws and links.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from functools import cache
from itertools import accumulate, pairwise
from typing import Any

from ..plan.world import shapes, world

GRID = 0.2  # degrees: 720 pixels span 360 degrees of longitude, so a pixel is half a degree
TOLERANCE = 0.4  # degrees a simplified border may stray from Natural Earth's: under a pixel
Point = tuple[float, float]


def _absolute(arc: list[list[int]]) -> list[Point]:
    """An arc's points in degrees (TopoJSON stores quantized steps from the previous point)."""
    (sx, sy), (tx, ty) = world()["transform"]["scale"], world()["transform"]["translate"]
    xs = accumulate(p[0] for p in arc)
    ys = accumulate(p[1] for p in arc)
    return [(x * sx + tx, y * sy + ty) for x, y in zip(xs, ys, strict=True)]


def _distance(p: Point, a: Point, b: Point) -> float:
    """From `p` to the segment from `a` to `b`."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _simplified(points: list[Point]) -> list[Point]:
    """Douglas–Peucker: the points that keep the line within TOLERANCE of the original, both ends kept."""
    keep = {0, len(points) - 1}
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        far = max(range(first + 1, last), default=None,
                  key=lambda i: _distance(points[i], points[first], points[last]))
        if far is not None and _distance(points[far], points[first], points[last]) > TOLERANCE:
            keep.add(far)
            spans += [(first, far), (far, last)]
    return [points[i] for i in sorted(keep)]


def _delta_encoded(arc: list[list[int]]) -> list[list[int]]:
    """An arc simplified, on the coarse grid, as TopoJSON steps; points that rounding makes equal dropped."""
    grid = [(round((lon + 180) / GRID), round((lat + 90) / GRID)) for lon, lat in _simplified(_absolute(arc))]
    kept = [grid[0], *(p for previous, p in pairwise(grid[:-1]) if p != previous), grid[-1]]
    return [list(kept[0])] + [[x - px, y - py] for (px, py), (x, y) in pairwise(kept)]


@cache
def _arcs() -> tuple[list[list[int]], ...]:
    return tuple(_delta_encoded(arc) for arc in world()["arcs"])


def _arc_indexes(arcs: Any) -> Iterator[int]:
    for item in arcs:
        if isinstance(item, int):
            yield item if item >= 0 else ~item
        else:
            yield from _arc_indexes(item)


def _renumbered(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_renumbered(a, new) for a in arcs]


def topology(properties: Callable[[str, str], dict[str, Any]]) -> dict[str, Any]:
    """The drawn countries as one TopoJSON object `countries`, each with `properties(code, name)`."""
    drawn = shapes()
    used = sorted({i for _, g in drawn for i in _arc_indexes(g["arcs"])})
    new = {old: n for n, old in enumerate(used)}
    arcs = _arcs()
    geometries = [{"type": g["type"], "arcs": _renumbered(g["arcs"], new),
                   "properties": properties(code, g.get("properties", {}).get("name", ""))} for code, g in drawn]
    return {"type": "Topology", "transform": {"scale": [GRID, GRID], "translate": [-180, -90]},
            "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
            "arcs": [arcs[old] for old in used]}
