"""The world map: one table of jurisdictions shaded by its lead figure, on Natural Earth's 1:110m countries.

The shapes travel inline in the spec (the pages' policy forbids fetching data). Countries with a
figure form the `plotted` layer, each linked to its page; the others are drawn grey underneath.
The colour key and the rows the map cannot draw (groups such as rest of world, jurisdictions too
small at this scale) are HTML beside the map, so that they read at any width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model.jurisdictions import display_name, is_code
from ..model.objects import Measure, Report, Row, Section, Site
from ..plan.charts import PlannedChart
from ..plan.plan import country_url
from ..plan.world import mapped_codes
from ..validate.figures import figure_text
from .chart_parts import Chart, chart_config, report_section
from .environment import Templates
from .map_bands import EDGE, NO_FIGURE, NO_FIGURE_LIGHT, Band, band_of, bands
from .map_shapes import topology
from .map_svg import linked_shapes
from .urls import site_link

MAP_WIDTH, MAP_HEIGHT = 720, 330
PADDING = 5
PLOTTED = "plotted"  # the layer of the countries with a figure: the browser gates count its shapes
HAS_FIGURE = "datum.properties.value != null"


@dataclass(frozen=True)
class WorldMap:
    """What one map shows: a report's table, the figure it shades, the rows it draws and the bands of their figures."""

    report: Report
    section: Section
    measure: Measure
    drawn: tuple[Row, ...]  # rows with a shape on the map and a number
    bands: tuple[Band, ...]

    def band(self, row: Row) -> Band:
        return band_of(_count(row, self.measure), self.bands)

    @property
    def unmapped(self) -> list[Row]:
        """The table's rows without a shape: groups, pseudo-rows and jurisdictions too small at this scale."""
        shaped = mapped_codes()
        return [r for r in self.section.rows if r.key not in shaped]


def _count(row: Row, measure: Measure) -> int:
    return int(row.value(measure.id).value or 0)


def world_map(site: Site, planned: PlannedChart) -> WorldMap:
    """What a planned map shows: its report's table, or (countries index) the latest period of the table it follows."""
    report, section = report_section(site, planned) if planned.report else site.series(planned.subject)[-1]
    measure = site.measures[section.lead_measure(site.measures) or site.measures.primary]
    shaped = mapped_codes()
    drawn = tuple(r for r in section.rows if r.key in shaped and r.value(measure.id).is_number)
    return WorldMap(report, section, measure, drawn, tuple(bands([_count(r, measure) for r in drawn])))


def _shape_properties(site: Site, shown: WorldMap) -> Callable[[str, str], dict[str, Any]]:
    """What each shape carries: its name and figure in words; with a number, its value, band and page too."""
    rows = {r.key: r for r in shown.section.rows}
    drawn = {r.key for r in shown.drawn}

    def properties(code: str, shape_name: str) -> dict[str, Any]:
        row = rows.get(code)
        if row is None:
            return {"name": display_name(code) if is_code(code) else shape_name, "figure": NO_FIGURE.lower()}
        words = {"name": row.name, "figure": figure_text(row.value(shown.measure.id))}
        if code not in drawn:
            return words
        link = {"href": site_link(site.config, country_url(code))} if row.has_page else {}
        return words | {"value": row.value(shown.measure.id).value, "band": shown.band(row).label} | link
    return properties


def _spec(site: Site, shown: WorldMap, description: str) -> dict[str, Any]:
    import altair as alt  # here: a build that takes its charts from the cache draws a map's key without Altair

    tooltip = [alt.Tooltip("properties.name:N", title=shown.section.dimension.label),
               alt.Tooltip("properties.figure:N", title=shown.measure.short_label)]
    scale = alt.Scale(domain=[b.label for b in shown.bands], range=[b.colour for b in shown.bands])

    def layer(**mark: Any) -> alt.Chart:
        return alt.Chart().mark_geoshape(stroke=EDGE, strokeWidth=0.5, aria=False, **mark).encode(tooltip=tooltip)

    blank = layer(fill=NO_FIGURE_LIGHT).transform_filter(f"!({HAS_FIGURE})")
    plotted = layer().transform_filter(HAS_FIGURE).encode(
        color=alt.Color("properties.band:N", scale=scale, legend=None),
        href=alt.Href("properties.href:N")).properties(name=PLOTTED)
    data = alt.Data(values=[], format=alt.DataFormat(type="topojson", feature="countries"))
    chart = alt.layer(blank, plotted, data=data).project(type="equalEarth").properties(
        width=MAP_WIDTH, height=MAP_HEIGHT, description=description)
    spec = chart.to_dict(validate=False)
    spec.pop("$schema", None)
    spec["data"]["values"] = topology(_shape_properties(site, shown))  # set after: Altair is slow on it
    return spec | {"config": chart_config(), "padding": PADDING}


def _description(shown: WorldMap) -> str:
    label = shown.section.dimension.label.lower()
    names = {b.label: [r.name for r in shown.drawn if shown.band(r) is b] for b in shown.bands}
    words = "; ".join(f"{band}: {', '.join(found)}" for band, found in names.items() if found)
    return f"World map shading each {label} by {shown.measure.label.lower()}. {words}. Grey: no figure."


def map_chart(site: Site, planned: PlannedChart) -> Chart:
    """A world map of a table's lead figure, with the table of every row's figure beside it."""
    shown = world_map(site, planned)
    section, measure = shown.section, shown.measure
    title = f"{measure.label} by {section.dimension.label.lower()}: world map ({section.title}, {shown.report.title})"
    description = _description(shown)
    drawn = {r.key for r in shown.drawn}
    rows = tuple((r.name, figure_text(r.value(measure.id))) for r in section.rows)
    plotted = frozenset((i, 1) for i, r in enumerate(section.rows) if r.key in drawn)
    return Chart(planned.id, title, description, _spec(site, shown, description),
                 (section.dimension.label, measure.short_label), rows, plotted)


def static_map(svg: str, chart: Chart) -> str:
    """The map's static SVG with each shape's name and figure as its tooltip, and its link."""
    shapes = [g["properties"] for g in chart.spec["data"]["values"]["objects"]["countries"]["geometries"]]
    in_order = [p for p in shapes if "value" not in p] + [p for p in shapes if "value" in p]  # grey layer first
    return linked_shapes(svg, [(f"{p['name']}: {p['figure']}", p.get("href", "")) for p in in_order])


def map_key(site: Site, planned: PlannedChart, chart: Chart, templates: Templates) -> str:
    """The map's colour key and the rows it cannot draw, shown below the map."""
    shown = world_map(site, planned)
    unmapped = [(r.name, figure_text(r.value(shown.measure.id)), country_url(r.key) if r.has_page else "")
                for r in shown.unmapped]
    return templates.render("partials/map_key.html", {
        "key_id": chart.dom_id, "title": shown.measure.short_label, "bands": shown.bands,
        "no_figure": Band(NO_FIGURE, -1, NO_FIGURE_LIGHT), "edge": EDGE, "unmapped": unmapped})
