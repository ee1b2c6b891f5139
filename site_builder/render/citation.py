"""What a reader needs to cite a report or a dataset: publisher, title, period, dates and address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.objects import Report, Section, SiteConfig
from ..plan.plan import Plan, PlannedDownload
from .urls import absolute_url


@dataclass(frozen=True)
class Citation:
    """One reference; the reader adds the date they retrieved it."""

    publisher: str
    title: str
    medium: str
    start: date
    end: date
    published: date | None
    url: str
    revised: date | None = None


def report_citation(config: SiteConfig, report: Report) -> Citation:
    """How to cite a report's page."""
    return Citation(config.organisation, f"{config.title}: {report.title}", "report", report.start, report.end,
                    report.published, absolute_url(config, f"/reports/{report.id}/"), report.revised)


def dataset_citation(config: SiteConfig, report: Report, section: Section,
                     downloads: list[PlannedDownload]) -> Citation:
    """How to cite one section's data, by the address of its first download (CSV when there is one)."""
    mine = sorted(downloads, key=lambda d: d.fmt != "csv")
    url = absolute_url(config, mine[0].url if mine else "/data/")
    formats = " and ".join(d.fmt.upper() for d in mine)
    medium = f"dataset, {formats}" if formats else "dataset"
    return Citation(config.organisation, f"{config.title}: {section.title}, {report.title}", medium,
                    report.start, report.end, report.published, url, report.revised)


def dataset_citations(config: SiteConfig, reports: tuple[Report, ...], plan: Plan) -> dict[str, list[Citation]]:
    """Report id → the citation of each of its sections' data."""
    return {r.id: [dataset_citation(config, r, s, plan.downloads_of(r.id, s.id)) for s in r.sections]
            for r in reports}
