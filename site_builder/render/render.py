"""Stage 5, render: charts, Markdown and Jinja pages into the bytes of every output file."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..model.objects import MEASURES, Report, Site
from ..plan.plan import Plan, PlannedFile, PlannedPage
from ..problems import DEBUG_VARIABLE, Problems
from ..reporter import template_problem
from ..validate.figures import figure_text
from . import views
from .assets import ENGINE_TEMPLATES, collect_assets
from .charts import Chart, country_chart, periods_chart, report_charts, trend_chart
from .citation import dataset_citations, report_citation
from .datapackage import column_descriptions, datapackage
from .downloads import CSV_COLUMNS, LONG_COLUMNS, long_csv, section_csv, section_json
from .feeds import atom_feed, feed_entries
from .markdown_render import RenderedMarkdown, render_markdown
from .print_view import static_figures
from .sitemap import robots_txt, sitemap_xml
from .social import page_card, social_cards
from .structured_data import page_datasets
from .svg_render import render_svgs
from .urls import absolute_url


@dataclass
class Rendered:
    """Output path → bytes, plus counts for the summary line."""

    files: dict[str, bytes] = field(default_factory=dict)
    charts: int = 0


def json_for_script(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def make_environment(site_root: Path) -> jinja2.Environment:
    folders = [str(d) for d in (site_root / "templates", ENGINE_TEMPLATES) if d.is_dir()]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["figure"] = figure_text
    env.filters["long_date"] = lambda d: f"{d.day} {d:%B %Y}" if d else ""
    env.filters["json_script"] = json_for_script
    env.globals["MEASURES"] = MEASURES
    return env


def glossary_links(site: Site) -> dict[str, str]:
    """Term ids, measure keys and figure states to the glossary entry that explains them."""
    links = {}
    for term in site.glossary:
        for key in (term.id, term.measure, term.state):
            if key:
                links[key] = f"/glossary/#{term.id}"
    return links


class SiteRenderer:
    """Renders one site's planned pages; template and Markdown problems are recorded, not raised."""

    def __init__(self, site: Site, plan: Plan, problems: Problems, cache_dir: Path | None) -> None:
        self.site, self.plan, self.problems = site, plan, problems
        self.env = make_environment(site.root)
        self.env.globals["define"] = glossary_links(site).get
        self.assets = collect_assets(site.root, cache_dir)
        self.charts = self._all_charts()
        self.cache_dir = cache_dir
        self.cards = social_cards(site, plan.files, self.charts)
        self.svgs = render_svgs(list(self.charts.values()), cache_dir)
        self.figures = {cid: self._figure(c, live=True) for cid, c in self.charts.items()}
        self.static_figures = {cid: self._figure(c, live=False) for cid, c in self.charts.items()}
        self.markdown = self._all_markdown()

    def _figure(self, chart: Chart, live: bool) -> str:
        """A chart's figure; a live one carries its spec for the chart script, a static one only its SVG."""
        return self._render_template("partials/figure.html", {"chart": chart, "svg": self.svgs[chart.id],
                                     "spec_json": json_for_script(chart.spec), "live": live})

    def _all_charts(self) -> dict[str, Chart]:
        site = self.site
        charts = [trend_chart(site), periods_chart(site)]
        charts += [c for r in site.published_reports for c in report_charts(r)]
        charts += [country_chart(site, code, site.jurisdictions[code].name) for code in site.published_codes]
        return {c.id: c for c in charts if c is not None}

    def _all_markdown(self) -> dict[Path, RenderedMarkdown]:
        rendered = {}
        for report in self.site.published_reports:
            if report.commentary_path:
                rendered[report.commentary_path] = self._markdown(report.commentary_path, report)
        for page in self.site.pages:
            rendered[page.source_path] = self._markdown(page.source_path, None)
        return rendered

    def _markdown(self, path: Path, report: Report | None) -> RenderedMarkdown:
        blocks: dict[tuple[str, str], str] = {("chart", cid): html for cid, html in self.figures.items()}
        if report is not None:
            prefix = report.id + "/"
            blocks |= {("chart", cid[len(prefix):]): html for cid, html in self.figures.items()
                       if cid.startswith(prefix)}
            blocks |= {("statement", s.id): self._render_template("partials/statement.html", {"statement": s})
                       for s in report.statements}
        return render_markdown(path, path.read_text(encoding="utf-8"), blocks, self.problems)

    def asset_url(self, name: str) -> str:
        return "/" + self.assets[name][0]

    def render(self) -> Rendered:
        out = Rendered(charts=len(self.charts))
        for path, content in self.assets.values():
            out.files[path] = content
        for page in self.plan.pages:
            out.files[page.output] = self._page(page).encode("utf-8")
        for planned in self.plan.files:
            out.files[planned.output] = self._file(planned)
        for download in self.plan.downloads:
            report = next(r for r in self.site.reports if r.id == download.report_id)
            section = report.section(download.section_id)
            assert section is not None
            out.files[download.output] = (section_csv(self.site.config, report, section) if download.fmt == "csv"
                                          else section_json(self.site.config, report, section))
        return out

    def _file(self, planned: PlannedFile) -> bytes:
        kind = planned.kind
        if kind == "long-csv":
            return long_csv(self.site.config, self.site.published_reports)
        if kind == "datapackage":
            return datapackage(self.site, self.plan)
        if kind == "feed":
            return atom_feed(self.site.config, feed_entries(self.site))
        if kind == "sitemap":
            return sitemap_xml(self.site, self.plan.pages)
        if kind == "robots":
            return robots_txt(self.site.config)
        if kind == "social-image":
            return self.cards[planned.subject].png(self.cache_dir)
        raise ValueError(f"no maker for planned file kind '{kind}'")

    def _page(self, page: PlannedPage) -> str:
        context = getattr(self, f"_context_{page.kind.replace('-', '_')}")(page.subject)
        context |= {"site": self.site, "config": self.site.config, "page": page,
                    "asset": self.asset_url, "nav": self._nav(),
                    "canonical": absolute_url(self.site.config, page.url), "card": page_card(self.cards, page),
                    "structured_data": page_datasets(self.site, self.plan, page)}
        html = self._render_template(page.template, context)
        return static_figures(html, self.figures, self.static_figures) if page.kind == "report-print" else html

    def _nav(self) -> list[tuple[str, str]]:
        fixed = [("/reports/", "Reports"), ("/trends/", "Trends"), ("/countries/", "Countries"), ("/data/", "Data")]
        fixed += [("/glossary/", "Glossary")] if self.site.glossary else []
        return fixed + [(f"/{p.slug}/", self.markdown[p.source_path].title or p.slug.title())
                        for p in self.site.pages]

    def _render_template(self, name: str, context: dict[str, Any]) -> str:
        """The rendered template, or "" after recording where and why it failed."""
        try:
            return self.env.get_template(name).render(context)
        except Exception as exc:
            if not isinstance(exc, jinja2.TemplateError) and os.environ.get(DEBUG_VARIABLE):
                raise
            self.problems.add(template_problem(exc, name, [*context, *self.env.globals]))
        return ""

    def _context_home(self, _: str) -> dict[str, Any]:
        reports = self.site.published_reports
        latest = reports[0] if reports else None
        return {"latest": latest, "headline": views.headline(latest.main_section) if latest else [],
                "trend": self.figures.get("trend", ""), "reports": reports, "period_words": views.period_words}

    def _context_reports(self, _: str) -> dict[str, Any]:
        return {"reports": self.site.published_reports, "period_words": views.period_words}

    def _context_report(self, report_id: str) -> dict[str, Any]:
        report = next(r for r in self.site.published_reports if r.id == report_id)
        commentary = self.markdown.get(report.commentary_path) if report.commentary_path else None
        placed = commentary.placed if commentary else frozenset()
        charts = [(cid, self.figures[cid]) for cid in self.charts if cid.startswith(f"{report.id}/")
                  and cid.split("/", 1)[1] not in placed and cid not in placed]
        return {"report": report, "sections": [views.section_view(report, s) for s in report.sections],
                "comparison": views.comparison(self.site, report), "commentary": commentary,
                "statements": [s for s in report.statements if s.id not in placed],
                "charts": dict(charts), "period_words": views.period_words(report),
                "downloads": [d for d in self.plan.downloads if d.report_id == report.id],
                "citation": report_citation(self.site.config, report)}

    _context_report_print = _context_report

    def _context_countries(self, _: str) -> dict[str, Any]:
        return {"items": views.countries_index(self.site),
                "periods": [r for r in self.site.published_reports if r.main_section.rows]}

    def _context_country(self, code: str) -> dict[str, Any]:
        return {"jurisdiction": self.site.jurisdictions[code], "history": views.country_history(self.site, code),
                "chart": self.figures.get(f"countries/{code.lower()}/history", "")}

    def _context_trends(self, _: str) -> dict[str, Any]:
        return {"chart": self.figures.get("periods", ""), "periods": views.period_table(self.site)}

    def _context_data(self, _: str) -> dict[str, Any]:
        return {"reports": self.site.published_reports, "downloads": self.plan.downloads,
                "section_columns": column_descriptions(CSV_COLUMNS),
                "long_columns": column_descriptions(LONG_COLUMNS),
                "dataset_citations": dataset_citations(self.site.config, self.site.published_reports, self.plan)}

    def _context_glossary(self, _: str) -> dict[str, Any]:
        return {"terms": sorted(self.site.glossary, key=lambda t: t.term.casefold())}

    def _context_page(self, slug: str) -> dict[str, Any]:
        page = next(p for p in self.site.pages if p.slug == slug)
        return {"content": self.markdown[page.source_path]}

    def _context_not_found(self, _: str) -> dict[str, Any]:
        return {}


def render_site(site: Site, plan: Plan, problems: Problems, cache_dir: Path | None) -> Rendered:
    """Every output file's bytes; problems found on the way are recorded."""
    return SiteRenderer(site, plan, problems, cache_dir).render()
