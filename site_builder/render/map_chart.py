"""The world map: one table of jurisdictions shaded by its lead figure, on Natural Earth's 1:110m countries.

The shapes travel inline in the spec (the pages' policy forbids fetching data). Countries with a
figure form the `plotted` layer, each linked to its page; the others are drawn grey underneath.
Rows the map cannot draw (groups such as rest of world, jurisdictions too small at this scale) are
listed beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from ..model.jurisdictions import display_name, is_code
from ..model.objects import Measure, Report, Row, Section, Site
from ..plan.charts import MAP, PlannedChart
from ..plan.plan import Plan
from ..plan.world import mapped_codes
from ..validate.figures import figure_text
from . import charts
from .environment import Templates
from .map_bands import EDGE, NO_FIGURE, NO_FIGURE_LIGHT, Band, band_of, bands
from .map_shapes import topology
from .urls import site_link

MAP_WIDTH, MAP_HEIGHT = 720, 330
PLOTTED = "plotted"  # the layer of the countries with a figure: the browser gates count its shapes
HAS_FIGURE = "datum.properties.value != null"


def mapped_table(site: Site, planned: PlannedChart) -> tuple[Report, Section]:
    """A report's table, or (on the countries index) the latest period of the table the map follows."""
    if planned.report:
        report = next(r for r in site.reports if r.id == planned.report)
        section = report.section(planned.section)
        assert section is not None
        return report, section
    return site.series(planned.subject)[-1]


def _drawn(section: Section, measure: Measure) -> list[Row]:
    drawn = mapped_codes()
    return [r for r in section.rows if r.key in drawn and r.value(measure.id).is_number]


def _shape_properties(site: Site, section: Section, measure: Measure,
                      found: list[Band]) -> Callable[[str, str], dict[str, Any]]:
    rows = {r.key: r for r in section.rows}

    def properties(code: str, shape_name: str) -> dict[str, Any]:
        row = rows.get(code)
        name = row.name if row else (display_name(code) if is_code(code) else shape_name)
        obs = row.value(measure.id) if row else None
        if obs is None or not obs.is_number:
            return {"name": name, "figure": figure_text(obs) if obs else NO_FIGURE.lower()}
        return {"name": name, "figure": figure_text(obs), "value": obs.value, "band": band_of(obs.value, found).label,
                "href": site_link(site.config, f"/countries/{code.lower()}/")}
    return properties


def _spec(site: Site, section: Section, measure: Measure, found: list[Band], description: str) -> dict[str, Any]:
    data = alt.Data(values=[], format=alt.DataFormat(type="topojson", feature="countries"))
    scale = alt.Scale(domain=[*(b.label for b in found), NO_FIGURE],
                      range=[*(b.colour for b in found), NO_FIGURE_LIGHT])
    legend = alt.Legend(title=measure.short_label, orient="bottom", direction="horizontal", symbolType="square",
                        symbolStrokeColor=EDGE, symbolStrokeWidth=1, symbolSize=160, columns=len(found) + 1,
                        columnPadding=20)
    tooltip = [alt.Tooltip("properties.name:N", title=section.dimension.label),
               alt.Tooltip("properties.figure:N", title=measure.short_label)]
    shape = alt.Chart().mark_geoshape(stroke=EDGE, strokeWidth=0.5, aria=False)
    blank = shape.transform_filter(f"!({HAS_FIGURE})").encode(
        color=alt.ColorDatum(NO_FIGURE, type="ordinal", scale=scale, legend=legend), tooltip=tooltip)
    plotted = shape.transform_filter(HAS_FIGURE).encode(
        color=alt.Color("properties.band:O", scale=scale, legend=legend), tooltip=tooltip,
        href=alt.Href("properties.href:N")).properties(name=PLOTTED)
    chart = alt.layer(blank, plotted, data=data).project(type="equalEarth").properties(
        width=MAP_WIDTH, height=MAP_HEIGHT, description=description)
    spec = chart.to_dict(validate=False)
    spec.pop("$schema", None)
    spec["data"]["values"] = topology(_shape_properties(site, section, measure, found))  # after: Altair is slow on it
    return spec | {"config": charts._config(), "padding": {"left": 5, "right": 5, "top": 5, "bottom": 5}}


def map_chart(site: Site, planned: PlannedChart) -> charts.Chart:
    """A world map of a table's lead figure, with the table of every row's figure beside it."""
    report, section = mapped_table(site, planned)
    measure = site.measures[section.lead_measure(site.measures) or site.measures.primary]
    drawn = _drawn(section, measure)
    found = bands([int(r.value(measure.id).value or 0) for r in drawn])
    by_band = {b.label: [r.name for r in drawn if band_of(int(r.value(measure.id).value or 0), found) is b]
               for b in found}
    words = "; ".join(f"{label}: {', '.join(names)}" for label, names in by_band.items() if names)
    missing = "; ".join(f"{name} {figure}" for name, figure, _ in unmapped(site, planned))
    title = f"{measure.label} by {section.dimension.label.lower()}: world map ({section.title}, {report.title})"
    description = (f"World map shading each {section.dimension.label.lower()} by {measure.label.lower()}. {words}. "
                   f"Grey: no figure.{f' Not drawn, listed beside the map: {missing}.' if missing else ''}")
    shown = set(map(id, drawn))
    rows = tuple((r.name, figure_text(r.value(measure.id))) for r in section.rows)
    plotted = frozenset((i, 1) for i, r in enumerate(section.rows) if id(r) in shown)
    return charts.Chart(planned.id, title, description, _spec(site, section, measure, found, description),
                        (section.dimension.label, measure.short_label), rows, plotted)


def unmapped(site: Site, planned: PlannedChart) -> list[tuple[str, str, str]]:
    """(name, figure, page path or "") of each row of the map's table that has no shape on the map."""
    _, section = mapped_table(site, planned)
    measure = site.measures[section.lead_measure(site.measures) or site.measures.primary]
    drawn = mapped_codes()
    return [(r.name, figure_text(r.value(measure.id)), f"/countries/{r.key.lower()}/" if r.has_page else "")
            for r in section.rows if r.key not in drawn]


def beside_maps(site: Site, plan: Plan, templates: Templates) -> dict[str, str]:
    """Map id → the list of the rows it cannot draw, shown below the map (nothing when every row is drawn)."""
    lists = {p.id: unmapped(site, p) for p in plan.charts if p.kind == MAP}
    return {i: templates.render("partials/map_unmapped.html", {
        "rows": rows, "list_id": f"chart-{i.replace('/', '-')}-unmapped"})
            for i, rows in lists.items() if rows}
