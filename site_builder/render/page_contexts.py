"""What each kind of page's template receives: one context maker per page kind, by the kind's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.objects import Site
from ..plan import page_kinds as kinds
from ..plan.charts import PERIODS, TREND, index_map_id
from ..plan.plan import Plan, jurisdiction_csv_url
from . import views
from .chart_figures import ChartFigures
from .citation import dataset_citations, report_citation
from .datapackage import column_descriptions
from .downloads import LONG_COLUMNS, SECTION_LEADING, SECTION_TRAILING
from .markdown_render import RenderedMarkdown


@dataclass(frozen=True)
class PageInputs:
    """Everything page contexts are made from: the model, the plan, the rendered charts and Markdown."""

    site: Site
    plan: Plan
    figures: ChartFigures
    markdown: dict[Path, RenderedMarkdown]


def home(inputs: PageInputs, _: str) -> dict[str, Any]:
    site = inputs.site
    latest = site.latest
    return {"latest": latest, "headline": views.headline(site.measures, latest.main_section) if latest else [],
            "trend": inputs.figures.get(TREND), "reports": site.published_reports, "period_words": views.period_words}


def reports(inputs: PageInputs, _: str) -> dict[str, Any]:
    return {"reports": inputs.site.published_reports, "period_words": views.period_words}


def report(inputs: PageInputs, report_id: str) -> dict[str, Any]:
    site = inputs.site
    shown = next(r for r in site.published_reports if r.id == report_id)
    commentary = inputs.markdown.get(shown.commentary.path) if shown.commentary else None
    placed = commentary.placed if commentary else frozenset()
    charts = inputs.figures.of(f"{shown.id}/", placed)
    return {"report": shown, "sections": [views.section_view(site, shown, s) for s in shown.sections],
            "comparison": views.comparison(site, shown), "commentary": commentary,
            "neighbours": views.report_neighbours(site, shown),
            "statements": [s for s in shown.statements if s.id not in placed],
            "charts": charts, "period_words": views.period_words(shown),
            "downloads": [d for d in inputs.plan.downloads if d.report_id == shown.id],
            "citation": report_citation(site.config, shown)}


def countries(inputs: PageInputs, _: str) -> dict[str, Any]:
    tables = views.countries_index(inputs.site)
    live = inputs.figures.live
    maps = {t["id"]: live[i] for t in tables if (i := index_map_id(t["id"])) in live}  # world maps, by table
    return {"tables": tables, "maps": maps}


def country(inputs: PageInputs, code: str) -> dict[str, Any]:
    site = inputs.site
    return {"jurisdiction": site.jurisdictions[code], "history": views.country_history(site, code),
            "chart": inputs.figures.get(f"countries/{code.lower()}/history"), "csv_url": jurisdiction_csv_url(code)}


def trends(inputs: PageInputs, _: str) -> dict[str, Any]:
    bands = list(inputs.figures.of("trends/").values())
    return {"chart": inputs.figures.get(PERIODS), "table": views.period_table(inputs.site), "band_charts": bands}


def data(inputs: PageInputs, _: str) -> dict[str, Any]:
    site = inputs.site
    return {"reports": site.published_reports, "downloads": inputs.plan.downloads,
            "section_columns": column_descriptions(site, (*SECTION_LEADING, *SECTION_TRAILING)),
            "measure_columns": column_descriptions(site, site.measures.ids),
            "long_columns": column_descriptions(site, LONG_COLUMNS),
            "dataset_citations": dataset_citations(site.config, site.published_reports, inputs.plan)}


def glossary(inputs: PageInputs, _: str) -> dict[str, Any]:
    site = inputs.site
    entries = [(f"measure-{m.id}", m.label, m.definition) for m in site.measures.items if m.definition]
    entries += [(f"{d.id}-{m.id}", m.name, m.definition) for d in site.dimensions.values() for m in d.members
                if m.definition]
    entries += [(t.id, t.term, t.definition) for t in site.glossary]
    return {"terms": sorted(entries, key=lambda e: e[1].casefold())}


def page(inputs: PageInputs, slug: str) -> dict[str, Any]:
    shown = next(p for p in inputs.site.pages if p.slug == slug)
    return {"content": inputs.markdown[shown.source.path]}


def not_found(_: PageInputs, __: str) -> dict[str, Any]:
    return {}


CONTEXTS: dict[str, Callable[[PageInputs, str], dict[str, Any]]] = {
    kinds.HOME.name: home, kinds.REPORTS.name: reports, kinds.REPORT.name: report, kinds.REPORT_PRINT.name: report,
    kinds.TRENDS.name: trends, kinds.COUNTRIES.name: countries, kinds.COUNTRY.name: country, kinds.DATA.name: data,
    kinds.GLOSSARY.name: glossary, kinds.CONTENT.name: page, kinds.NOT_FOUND.name: not_found,
}
