"""schema.org `Dataset` descriptions (JSON-LD) of each section's downloads, with the licence from site.yaml."""

from __future__ import annotations

from typing import Any

from ..model.objects import Report, Section, Site, SiteConfig
from ..plan.plan import Plan, PlannedDownload, PlannedPage
from .urls import absolute_url

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def dataset_jsonld(config: SiteConfig, report: Report, section: Section,
                   downloads: list[PlannedDownload]) -> dict[str, Any]:
    """One section of one report as a Dataset whose distributions are its download files."""
    organisation = {"@type": "Organization", "name": config.organisation}
    about = (f"{section.description} " if section.description else "") + (
        f"Requests for user data, accounts specified and outcomes by jurisdiction, "
        f"{report.start.isoformat()} to {report.end.isoformat()}, as published by {config.organisation}.")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{config.title}: {section.title}, {report.title}",
        "description": about,
        "url": absolute_url(config, f"/reports/{report.id}/#section-{section.id}"),
        "creator": organisation,
        "publisher": organisation,
        "license": config.licence_url,
        "isAccessibleForFree": True,
        "isBasedOn": report.source,
        "temporalCoverage": f"{report.start.isoformat()}/{report.end.isoformat()}",
        "includedInDataCatalog": {"@type": "DataCatalog", "name": config.title, "url": absolute_url(config, "/data/")},
        "distribution": [{"@type": "DataDownload", "encodingFormat": MEDIA_TYPES.get(d.fmt, d.fmt),
                          "contentUrl": absolute_url(config, d.url)} for d in downloads],
    }
    if report.published:
        data["datePublished"] = report.published.isoformat()
    return data


def page_datasets(site: Site, plan: Plan, page: PlannedPage) -> list[dict[str, Any]]:
    """The Datasets a page offers: a report page its own sections', the data page every one."""
    if page.kind not in ("report", "data"):
        return []
    return [dataset_jsonld(site.config, report, section, plan.downloads_of(report.id, section.id))
            for report in site.published_reports if page.kind == "data" or report.id == page.subject
            for section in report.sections]
