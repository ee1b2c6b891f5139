"""Every kind of page the site has, in one registry: its template and what it is about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageKind:
    """How one kind of page is made and treated; render holds the context maker of each, by name."""

    name: str
    template: str
    listed: bool = True  # in the sitemap and the search index
    about_report: bool = False  # its subject is a report id: the report's social card and last change apply
    static_charts: bool = False  # charts stay static SVG (nothing redraws them)
    datasets: str = ""  # which sections it offers as schema.org Datasets: "report" (its own) or "all"


HOME = PageKind("home", "home.html")
REPORTS = PageKind("reports", "reports.html")
REPORT = PageKind("report", "report.html", about_report=True, datasets="report")
REPORT_PRINT = PageKind("report-print", "report_print.html", listed=False, about_report=True, static_charts=True)
TRENDS = PageKind("trends", "trends.html")
COUNTRIES = PageKind("countries", "countries.html")
COUNTRY = PageKind("country", "country.html")
DATA = PageKind("data", "data.html", datasets="all")
GLOSSARY = PageKind("glossary", "glossary.html")
CONTENT = PageKind("page", "page.html")
NOT_FOUND = PageKind("not-found", "404.html", listed=False)

PAGE_KINDS = (HOME, REPORTS, REPORT, REPORT_PRINT, TRENDS, COUNTRIES, COUNTRY, DATA, GLOSSARY, CONTENT, NOT_FOUND)
