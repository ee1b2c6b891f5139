"""Stage 4, plan: every page and file the site will have, each with the inputs it depends on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.objects import Report, Site
from .charts import PlannedChart, site_charts
from .facts import FACT
from .page_kinds import (
    CONTENT,
    COUNTRIES,
    COUNTRY,
    DATA,
    GLOSSARY,
    HOME,
    NOT_FOUND,
    REPORT,
    REPORT_PRINT,
    REPORTS,
    TRENDS,
    PageKind,
)


@dataclass(frozen=True)
class PlannedPage:
    """One HTML page: where it goes, how it is made, and what it is made from."""

    url: str
    kind: PageKind
    subject: str
    inputs: tuple[Path, ...]

    @property
    def template(self) -> str:
        return self.kind.template

    @property
    def listed(self) -> bool:
        """In the sitemap and the search index."""
        return self.kind.listed

    @property
    def output(self) -> str:
        if self.url.endswith("/"):
            return (self.url.strip("/") + "/index.html").lstrip("/")
        return self.url.lstrip("/")


@dataclass(frozen=True)
class PlannedDownload:
    """One data file of one report section."""

    url: str
    report_id: str
    section_id: str
    fmt: str
    inputs: tuple[Path, ...]

    @property
    def output(self) -> str:
        return self.url.lstrip("/")


@dataclass(frozen=True)
class PlannedFile:
    """One site-wide generated file that is not a page, such as the long-format CSV; `kind` names its maker."""

    url: str
    kind: str
    inputs: tuple[Path, ...]
    subject: str = ""

    @property
    def output(self) -> str:
        return self.url.lstrip("/")


@dataclass(frozen=True)
class Plan:
    """The whole site to be produced."""

    pages: tuple[PlannedPage, ...]
    downloads: tuple[PlannedDownload, ...]
    files: tuple[PlannedFile, ...] = ()
    charts: tuple[PlannedChart, ...] = ()

    def downloads_of(self, report_id: str, section_id: str) -> list[PlannedDownload]:
        """The download files of one section of one report."""
        return [d for d in self.downloads if (d.report_id, d.section_id) == (report_id, section_id)]


def _report_inputs(report: Report) -> tuple[Path, ...]:
    tables = tuple(s.table_path for s in report.sections if s.table_path)
    commentary = (report.commentary.path,) if report.commentary else ()
    return (report.source_path, *tables, *commentary)


def _fact_inputs(text: str, every_report: tuple[Path, ...]) -> tuple[Path, ...]:
    """What a Markdown page depends on beyond its file: every report, when it names a site fact."""
    return every_report if FACT.search(text) else ()


def country_url(code: str) -> str:
    """The address of one jurisdiction's page."""
    return f"/countries/{code.lower()}/"


def jurisdiction_csv_url(code: str) -> str:
    """Every figure of one jurisdiction, its breakdowns included, in one CSV."""
    return f"/data/countries/{code.lower()}.csv"


CHART_FORMATS = ("csv", "svg", "png")


def chart_download_url(chart_id: str, fmt: str) -> str:
    """Where a chart's data (CSV) or picture (SVG, PNG) is published: /charts/<chart id>.<fmt>."""
    return f"/charts/{chart_id}.{fmt}"


def has_glossary(site: Site) -> bool:
    """True when anything is defined: a measure, a row or a glossary term."""
    rows = [m for d in site.dimensions.values() for m in d.members]
    return bool(site.glossary) or any(m.definition for m in (*site.measures.items, *rows))


def plan_site(site: Site) -> Plan:
    """List every page and download; only reports marked ready are published."""
    reports = site.published_reports
    every_report = tuple(p for r in reports for p in _report_inputs(r))
    config = (site.config.source_path, *site.declaration_paths)
    pages = [
        PlannedPage("/", HOME, "", config + every_report),
        PlannedPage("/reports/", REPORTS, "", config + every_report),
        # A report's page compares it with earlier periods and links to the reports around it.
        *(PlannedPage(f"/reports/{r.id}/", REPORT, r.id, config + every_report) for r in reports),
        *(PlannedPage(f"/reports/{r.id}/print/", REPORT_PRINT, r.id, config + every_report) for r in reports),
        PlannedPage("/trends/", TRENDS, "", config + every_report),
        PlannedPage("/countries/", COUNTRIES, "", config + every_report),
        *(PlannedPage(country_url(code), COUNTRY, code, config + every_report)
          for code in site.published_codes),
        PlannedPage("/data/", DATA, "", config + every_report),
        *([PlannedPage("/glossary/", GLOSSARY, "", config)] if has_glossary(site) else []),
        *(PlannedPage(f"/{p.slug}/", CONTENT, p.slug, (*config, *_fact_inputs(p.source.text, every_report),
                                                          p.source.path)) for p in site.pages),
        PlannedPage("/404.html", NOT_FOUND, "", config),
    ]
    downloads = tuple(
        PlannedDownload(f"/data/{r.id}/{s.id}.{fmt}", r.id, s.id, fmt, _report_inputs(r))
        for r in reports for s in r.sections for fmt in ("csv", "json")
    )
    files = (
        PlannedFile("/data/all-figures.csv", "long-csv", config + every_report),
        PlannedFile("/data/datapackage.json", "datapackage", config + every_report),
        *(PlannedFile(jurisdiction_csv_url(code), "jurisdiction-csv", config + every_report, code)
          for code in site.published_codes),
        *_discovery_files(reports, config + every_report),
    )
    charts = tuple(site_charts(site))
    files += tuple(PlannedFile(chart_download_url(c.id, fmt), f"chart-{fmt}", config + every_report, c.id)
                   for c in charts for fmt in CHART_FORMATS)
    return Plan(tuple(pages), downloads, files, charts)


def _discovery_files(reports: tuple[Report, ...], inputs: tuple[Path, ...]) -> tuple[PlannedFile, ...]:
    """The feed, sitemap, robots.txt, the hosts' headers file, and the social preview images: one for the site,
    one per report."""
    return (
        PlannedFile("/feed.xml", "feed", inputs),
        PlannedFile("/sitemap.xml", "sitemap", inputs),
        PlannedFile("/robots.txt", "robots", inputs[:1]),
        PlannedFile("/_headers", "headers", inputs[:1]),
        PlannedFile("/social.png", "social-image", inputs),
        *(PlannedFile(f"/reports/{r.id}/social.png", "social-image", inputs, r.id) for r in reports),
    )

