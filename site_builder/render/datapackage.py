"""A Frictionless Data Package describing every download, with its source and licence."""

from __future__ import annotations

import json
import re
from typing import Any

from ..model.objects import LABELS, Report, Site
from ..plan.plan import Plan
from .downloads import CSV_COLUMNS, LONG_COLUMNS

_FIELD_TEXT = {
    "level": "jurisdiction for a row; total for the section's total, which must not be added to the rows",
    "jurisdiction_code": "ISO 3166-1 alpha-2 code; empty on a total",
    "jurisdiction": "name of the jurisdiction",
    "notes": "footnotes that apply, numbered as on the report page",
    "period": "id of the reporting period",
    "start": "first day of the period",
    "end": "last day of the period",
    "section": "id of the report section",
    "subset_of": "id of the section this section is part of, if any: never add it to that section",
    "measure": "which figure: " + ", ".join(LABELS),
    "value": "the count, when the figure is a plain count",
    "low": "lowest value of a band or suppressed figure",
    "high": "highest value of a band or suppressed figure",
    "state": "number, band, suppressed, not_reported, not_applicable or withheld",
    "source": "where the organisation published the figure",
    "licence": "the licence the data is published under",
}
_TYPES = {"start": "date", "end": "date", "value": "integer", "low": "integer", "high": "integer"}


def _description(name: str) -> str:
    return _FIELD_TEXT.get(name) or f"{LABELS[name]}: a count, a band low-high, or a state in words"


def column_descriptions(columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(column, what it holds) for each column of a download, as the data page lists them."""
    return [(c, _description(c)) for c in columns]


def _field(name: str) -> dict[str, str]:
    return {"name": name, "type": _TYPES.get(name, "string"), "description": _description(name)}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _resource(name: str, path: str, title: str, columns: tuple[str, ...], report: Report | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": name, "path": path, "title": title, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8", "schema": {"fields": [_field(c) for c in columns], "missingValues": [""]},
    }
    if report is not None:
        resource["sources"] = [{"title": report.title, "path": report.source}]
    return resource


def datapackage(site: Site, plan: Plan) -> bytes:
    """datapackage.json for /data/: the long-format CSV and each section's CSV, typed and explained."""
    config = site.config
    reports = {r.id: r for r in site.published_reports}
    resources = [_resource("all-figures", "all-figures.csv", "Every figure of every period (long format)",
                           LONG_COLUMNS, None)]
    for d in plan.downloads:
        if d.fmt == "csv":
            report = reports[d.report_id]
            section = report.section(d.section_id)
            title = f"{section.title if section else d.section_id}, {report.title}"
            resources.append(_resource(f"{d.report_id}-{d.section_id}", d.url.removeprefix("/data/"),
                                       title, CSV_COLUMNS, report))
    package = {
        "profile": "tabular-data-package",
        "name": _slug(config.title),
        "title": config.title,
        "description": config.description,
        "homepage": config.base_url,
        "licenses": [{"name": config.licence_name, "title": config.licence_name, "path": config.licence_url}],
        "sources": [{"title": f"{config.organisation}: {r.title}", "path": r.source} for r in reports.values()],
        "resources": resources,
    }  # paths are relative to /data/, where this file is published
    return (json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
