"""Stage 4, plan: every page and file the site will have, each with the inputs it depends on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.objects import Report, Site


@dataclass(frozen=True)
class PlannedPage:
    """One HTML page: where it goes, how it is made, and what it is made from."""

    url: str
    template: str
    kind: str
    subject: str
    inputs: tuple[Path, ...]
    listed: bool = True  # in the sitemap and the search index

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

    def downloads_of(self, report_id: str, section_id: str) -> list[PlannedDownload]:
        """The download files of one section of one report."""
        return [d for d in self.downloads if (d.report_id, d.section_id) == (report_id, section_id)]


def _report_inputs(report: Report) -> tuple[Path, ...]:
    tables = tuple(s.table_path for s in report.sections if s.table_path)
    commentary = (report.commentary_path,) if report.commentary_path else ()
    return (report.source_path, *tables, *commentary)


def plan_site(site: Site) -> Plan:
    """List every page and download; only reports marked ready are published."""
    reports = site.published_reports
    every_report = tuple(p for r in reports for p in _report_inputs(r))
    config = (site.config.source_path,)
    pages = [
        PlannedPage("/", "home.html", "home", "", config + every_report),
        PlannedPage("/reports/", "reports.html", "reports", "", config + every_report),
        *(PlannedPage(f"/reports/{r.id}/", "report.html", "report", r.id, config + _report_inputs(r))
          for r in reports),
        *(PlannedPage(f"/reports/{r.id}/print/", "report_print.html", "report-print", r.id,
                      config + _report_inputs(r), listed=False) for r in reports),
        PlannedPage("/trends/", "trends.html", "trends", "", config + every_report),
        PlannedPage("/countries/", "countries.html", "countries", "", config + every_report),
        *(PlannedPage(f"/countries/{code.lower()}/", "country.html", "country", code, config + every_report)
          for code in site.published_codes),
        PlannedPage("/data/", "data.html", "data", "", config + every_report),
        *([PlannedPage("/glossary/", "glossary.html", "glossary", "", (*config, site.glossary_path))]
          if site.glossary_path else []),
        *(PlannedPage(f"/{p.slug}/", "page.html", "page", p.slug, (*config, p.source_path))
          for p in site.pages),
        PlannedPage("/404.html", "404.html", "not-found", "", config, listed=False),
    ]
    downloads = tuple(
        PlannedDownload(f"/data/{r.id}/{s.id}.{fmt}", r.id, s.id, fmt, _report_inputs(r))
        for r in reports for s in r.sections for fmt in ("csv", "json")
    )
    files = (
        PlannedFile("/data/all-figures.csv", "long-csv", config + every_report),
        PlannedFile("/data/datapackage.json", "datapackage", config + every_report),
        *_discovery_files(reports, config + every_report),
    )
    return Plan(tuple(pages), downloads, files)


def _discovery_files(reports: tuple[Report, ...], inputs: tuple[Path, ...]) -> tuple[PlannedFile, ...]:
    """The feed, sitemap and robots.txt, and the social preview images: one for the site, one per report."""
    return (
        PlannedFile("/feed.xml", "feed", inputs),
        PlannedFile("/sitemap.xml", "sitemap", inputs),
        PlannedFile("/robots.txt", "robots", inputs[:1]),
        PlannedFile("/social.png", "social-image", inputs),
        *(PlannedFile(f"/reports/{r.id}/social.png", "social-image", inputs, r.id) for r in reports),
    )

