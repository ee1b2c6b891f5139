"""Every planned chart as a spec, a static SVG and the `<figure>` a page shows (live, or static for print)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.objects import Site
from ..plan.charts import MAP
from ..plan.plan import Plan
from .cache import Cache
from .charts import Chart, make_chart
from .environment import Templates, json_for_script
from .map_chart import map_key, static_map
from .svg_render import render_svgs


@dataclass(frozen=True)
class ChartFigures:
    """Chart id → the chart, its live figure (with the spec the chart script draws) and its static-only figure."""

    charts: dict[str, Chart]
    live: dict[str, str]
    static: dict[str, str]

    def get(self, chart_id: str) -> str:
        """A chart's live figure, or "" when the site has no such chart."""
        return self.live.get(chart_id, "")


def render_chart_figures(site: Site, plan: Plan, templates: Templates, cache: Cache) -> ChartFigures:
    charts = {p.id: make_chart(site, p) for p in plan.charts}
    svgs = render_svgs(list(charts.values()), cache)
    maps = [p for p in plan.charts if p.kind == MAP]
    svgs |= {p.id: static_map(svgs[p.id], charts[p.id]) for p in maps}
    beside = {p.id: map_key(site, p, charts[p.id], templates) for p in maps}  # shown below the map

    def figure(chart: Chart, live: bool) -> str:
        return templates.render("partials/figure.html", {"chart": chart, "svg": svgs[chart.id],
                                                          "spec_json": json_for_script(chart.spec), "live": live,
                                                          "beside": beside.get(chart.id, "")})

    return ChartFigures(charts, {i: figure(c, True) for i, c in charts.items()},
                        {i: figure(c, False) for i, c in charts.items()})
