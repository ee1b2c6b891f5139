"""The facts Markdown may name (`[latest: title]`, `[site: reports]`…), worked out from the site on every build, so
text that names them stays true when a period is added. `plan/references.py` lists them and checks each use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.objects import Report, Site


@dataclass(frozen=True)
class Fact:
    """What a fact reads as; `url`, a site address, makes it a link."""

    text: str
    url: str = ""


def long_date(day: date | None) -> str:
    """'1 January 2013'."""
    return f"{day.day} {day:%B %Y}" if day else ""


def _report_facts(kind: str, report: Report) -> dict[tuple[str, str], Fact]:
    return {(kind, "title"): Fact(report.title), (kind, "link"): Fact(report.title, f"/reports/{report.id}/"),
            (kind, "start"): Fact(long_date(report.start)), (kind, "end"): Fact(long_date(report.end))}


def site_facts(site: Site) -> dict[tuple[str, str], Fact]:
    """Every fact by (kind, name): the latest report (the one the home page leads with), the first (the oldest
    published), and counts of the published reports and of the jurisdictions with a page."""
    reports = site.published_reports
    facts = {("site", "reports"): Fact(f"{len(reports):,}"),
             ("site", "jurisdictions"): Fact(f"{len(site.published_codes):,}")}
    if site.latest is not None:
        facts |= _report_facts("latest", site.latest)
    if reports:
        facts |= _report_facts("first", reports[-1])
    return facts
