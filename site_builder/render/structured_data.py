"""schema.org `Dataset` descriptions (JSON-LD) of each section's downloads, with the licence from site.yaml."""

from __future__ import annotations

from typing import Any

from ..model.objects import Report, Section, Site
from ..plan.plan import Plan, PlannedDownload, PlannedPage
from .urls import absolute_url

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def dataset_jsonld(site: Site, report: Report, section: Section, downloads: list[PlannedDownload]) -> dict[str, Any]:
    """One section of one report as a Dataset whose distributions are its download files."""
    config = site.config
    organisation = {"@type": "Organization", "name": config.organisation}
    labels = [m.label.lower() for m in site.measures.ordered(section.measures)]
    what = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else "".join(labels)
    by = f" by {section.dimension.label.lower()}" if section.rows else ""
    about = (f"{section.description} " if section.description else "") + (
        f"{what[:1].upper()}{what[1:]}{by}, {report.start.isoformat()} to {report.end.isoformat()}, "
        f"as published by {config.organisation}.")
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
    offered = page.kind.datasets
    return [dataset_jsonld(site, report, section, plan.downloads_of(report.id, section.id))
            for report in site.published_reports if offered == "all" or (offered and report.id == page.subject)
            for section in report.sections]
