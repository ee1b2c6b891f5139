"""Every planned chart as a spec, static SVGs, downloads and the `<figure>` a page shows (live, or static for print)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.objects import Site, SiteConfig
from ..plan.charts import MAP, PlannedChart
from ..plan.plan import CHART_FORMATS, Plan, chart_download_url
from .cache import Cache
from .chart_files import Provenance, chart_csv, chart_pngs, chart_svg
from .chart_parts import Chart
from .environment import Templates, json_for_script
from .later import Later
from .svg_render import StaticSvgs, render_svgs
from .urls import absolute_url
from .workers import Workers


@dataclass(frozen=True)
class ChartFigures:
    """Chart id → the chart, its live figure (with the spec the chart script draws), its static-only figure, and
    what its downloads are made from (the PNG drawn in the background)."""

    charts: dict[str, Chart]
    live: dict[str, str]
    static: dict[str, str]
    svgs: dict[str, StaticSvgs]
    provenance: dict[str, Provenance]
    pngs: dict[str, Later]

    def get(self, chart_id: str) -> str:
        """A chart's live figure, or "" when the site has no such chart."""
        return self.live.get(chart_id, "")

    def download(self, chart_id: str, fmt: str) -> bytes:
        """A chart's data as CSV, or the chart as a standalone SVG or PNG."""
        chart, provenance = self.charts[chart_id], self.provenance[chart_id]
        if fmt == "csv":
            return chart_csv(chart, provenance)
        if fmt == "png":
            return self.pngs[chart_id].result()
        return chart_svg(chart, self.svgs[chart_id].wide, provenance).encode("utf-8")


def chart_provenance(site: Site, planned: PlannedChart) -> Provenance:
    """A report's chart cites the report's source; charts across reports cite the site."""
    config: SiteConfig = site.config
    licence = f"{config.licence_name} ({config.licence_url})"
    licence = f"{licence}. {config.attribution}" if config.attribution else licence
    report = next((r for r in site.reports if r.id == planned.report), None) if planned.report else None
    source = (f"{config.organisation}, {config.title}: {report.title} ({report.source})" if report and report.source
              else f"{config.organisation}, {config.title} ({absolute_url(config, '/')})")
    return Provenance(source, licence)


def render_chart_figures(site: Site, plan: Plan, templates: Templates, cache: Cache, workers: Workers) -> ChartFigures:
    # Imported here, when charts are made: Altair takes a third of a second to import, which a build that only
    # makes edited pages again (edits.py) never needs.
    from .charts import make_chart
    from .map_chart import map_key, static_map

    charts = {p.id: make_chart(site, p) for p in plan.charts}
    maps = [p for p in plan.charts if p.kind == MAP]
    svgs = render_svgs(list(charts.values()), {p.id for p in maps}, cache, workers)
    svgs |= {p.id: svgs[p.id].each(lambda svg, chart=charts[p.id]: static_map(svg, chart)) for p in maps}
    beside = {p.id: map_key(site, p, charts[p.id], templates) for p in maps}  # shown below the map

    def figure(chart: Chart, live: bool) -> str:
        downloads = [(fmt, chart_download_url(chart.id, fmt)) for fmt in CHART_FORMATS]
        return templates.render("partials/figure.html", {
            "chart": chart, "svg": svgs[chart.id].inline, "live": live,
            "spec_json": json_for_script(chart.spec) if live else "",  # the static figure has no live chart
            "downloads": downloads, "beside": beside.get(chart.id, ""),
            "linked": chart.id in beside})  # a map's shapes link to pages: a group, not one image

    provenance = {p.id: chart_provenance(site, p) for p in plan.charts}
    pngs = chart_pngs({i: chart_svg(c, svgs[i].wide, provenance[i]) for i, c in charts.items()}, cache, workers)
    return ChartFigures(charts, {i: figure(c, True) for i, c in charts.items()},
                        {i: figure(c, False) for i, c in charts.items()}, svgs, provenance, pngs)
