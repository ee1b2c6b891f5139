"""What every chart is made of: the `Chart` record, colours, the shared config and axes, and the finished spec.

Specs are drawn at the width of their column (`width: "container"`); svg_render.py gives them a fixed width
for the static SVGs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.objects import Report, Section, Site
from ..plan.charts import PlannedChart

if TYPE_CHECKING:  # imported where charts are made: a build that makes edited pages alone never needs it
    import altair as alt

BAR_COLOUR = "#3a78c9"
ACCENT_COLOUR = "#c2571a"
SERIES_COLOURS = (BAR_COLOUR, ACCENT_COLOUR, "#2f7d4f", "#7a4fa3")
MISSING = "not published"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
FONT_SIZE = 13
# Labels may take up to this share of a live chart's width (never less than LABEL_MIN px): long names are cut
# with an ellipsis on a phone, and read in full in the tooltip and the data table.
LABEL_SHARE = 0.45
LABEL_MIN = 96
LIVE_PADDING = 5
HELD_ROWS = "\0rows "  # stands in for a chart's rows while Altair makes its spec (_rows_held)
TICK_SPACING = 80  # px between axis ticks at most, so a narrow chart gets fewer ticks


@dataclass(frozen=True)
class Chart:
    """One chart: its spec, what it says in words, and the table of its data.

    `plotted` holds the (row, column) of every cell of the table that the chart draws as a mark."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    plotted: frozenset[tuple[int, int]] = frozenset()

    @property
    def dom_id(self) -> str:
        return dom_id(self.id)


def dom_id(chart_id: str) -> str:
    """The element id of a chart's figure."""
    return "chart-" + chart_id.replace("/", "-")


def chart_config(font_size: int = FONT_SIZE, label_limit: int | dict[str, str] | None = None) -> dict[str, Any]:
    """The look every chart shares; labels limited to a share of the container unless `label_limit` is given."""
    share = {"expr": f"max({LABEL_MIN}, containerSize()[0] * {LABEL_SHARE})"}
    limit = label_limit if label_limit is not None else share
    return {
        "background": None,
        "view": {"stroke": None},
        "font": FONT,
        "axis": {"labelFontSize": font_size, "titleFontSize": font_size, "labelLimit": limit},
        "legend": {"labelFontSize": font_size, "titleFontSize": font_size, "orient": "bottom", "labelLimit": limit},
    }


def finished_spec(chart: alt.Chart | alt.LayerChart, description: str, height: int) -> dict[str, Any]:
    """The spec of `chart` as wide as its container and `height` px tall, with the shared config."""
    rows: list[Any] = []
    held = _rows_held(chart, rows)
    # What `properties` would set, without the check of each value against the Vega-Lite schema that it makes even
    # outside Altair's debug mode (a quarter of the time a chart took): these are the same three for every chart.
    held.width, held.height, held.description = "container", height, description
    spec = _rows_returned(held.to_dict(validate=False), rows)
    spec["config"] = chart_config()
    spec["padding"] = LIVE_PADDING
    spec.pop("$schema", None)
    return spec


def _rows_held(chart: alt.Chart | alt.LayerChart, held: list[Any]) -> Any:
    """A copy of `chart` whose inline rows are stand-ins numbered in `held`, which keeps the rows: Altair converts
    every value of a spec one by one (slowly), and the rows need no converting."""
    import altair as alt

    copy = chart.copy(deep=False)
    if isinstance(copy.data, alt.Data) and isinstance(copy.data.values, list):
        copy.data = copy.data.copy(deep=False)
        copy.data.values = f"{HELD_ROWS}{len(held)}"
        held.append(chart.data.values)
    if isinstance(copy, alt.LayerChart):
        copy.layer = [_rows_held(layer, held) for layer in copy.layer]
    return copy


def _rows_returned(spec: Any, held: list[Any]) -> Any:
    """`spec` with each stand-in of `_rows_held` replaced by the rows it stands for."""
    if isinstance(spec, dict):
        return {key: _rows_returned(value, held) for key, value in spec.items()}
    if isinstance(spec, list):
        return [_rows_returned(value, held) for value in spec]
    if isinstance(spec, str) and spec.startswith(HELD_ROWS):
        return held[int(spec[len(HELD_ROWS):])]
    return spec


def count_axis(title: str | None, largest: float | None) -> alt.Axis:
    """An axis of whole numbers: never more ticks than the largest value, so no label repeats (0, 0, 1, 1)."""
    import altair as alt

    most = max(1, int(largest or 0))
    return alt.Axis(title=title, format=",d", tickCount={"expr": f"min(ceil(width / {TICK_SPACING}), {most})"})


def largest(values: list[dict[str, Any]], *fields: str) -> float:
    """The largest number in `fields` of `values` (0 when there is none)."""
    return max((v[f] for v in values for f in fields if isinstance(v.get(f), int | float)), default=0)


def plotted_cells(rows: list[tuple[str, ...]], columns: tuple[int, ...]) -> frozenset[tuple[int, int]]:
    """The cells of `columns` that hold a drawn figure (not the words for a missing one)."""
    return frozenset((r, c) for r, row in enumerate(rows) for c in columns if row[c] != MISSING)


def report_section(site: Site, planned: PlannedChart) -> tuple[Report, Section]:
    """The report and the table a chart of one report shows."""
    report = next(r for r in site.reports if r.id == planned.report)
    section = report.section(planned.section)
    assert section is not None
    return report, section
