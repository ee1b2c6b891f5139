"""A Frictionless Data Package describing every download, with its source and licence."""

from __future__ import annotations

import json
import re
from typing import Any

from ..model.objects import Measure, Report, Section, Site
from ..plan.plan import Plan
from .downloads import LONG_COLUMNS, row_columns, section_columns

_FIELD_TEXT = {
    "level": "row for a row of the table; total for the section's total, which must not be added to the rows",
    "jurisdiction_code": "ISO 3166-1 alpha-2 code, or the id of an extra row such as rest of world",
    "jurisdiction": "name of the jurisdiction",
    "notes": "footnotes that apply, numbered as on the report page",
    "period": "id of the reporting period",
    "start": "first day of the period",
    "end": "last day of the period",
    "section": "id of the report section",
    "subset_of": "id of the section this section is part of, if any: never add it to that section",
    "breakdown_of": "section/row this section divides into parts, if any: never add it to that row",
    "dimension": "what the rows are: jurisdictions, or the id of a list of categories",
    "row_code": "the row's ISO 3166-1 code or id; empty on a total",
    "row": "the row's name, or what a total covers",
    "measure": "which figure, by its id: see the measures listed with this package",
    "unit": "what the figure counts",
    "value": "the figure, when it is a plain count or a percentage",
    "low": "lowest value of a band or suppressed figure",
    "high": "highest value of a band or suppressed figure",
    "state": "number, band, suppressed, not_reported, not_applicable or withheld",
    "source": "where the organisation published the figure",
    "licence": "the licence the data is published under, and how to credit it",
}
_TYPES = {"start": "date", "end": "date", "value": "number", "low": "integer", "high": "integer"}


def _measure_text(measure: Measure) -> str:
    kind = (f"a percentage of {measure.of} (0 to 100)" if measure.is_percentage
            else "a count, a band low-high, fewer than N,")
    definition = f" {measure.definition}" if measure.definition else ""
    return f"{measure.label}: {kind} or a state in words.{definition}"


def column_descriptions(site: Site, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(column, what it holds) for each column of a download, as the data page lists them."""
    return [(c, _description(site, c)) for c in columns]


def _description(site: Site, name: str) -> str:
    if name in _FIELD_TEXT:
        return _FIELD_TEXT[name]
    if name in site.measures.ids:
        return _measure_text(site.measures[name])
    dimension = next((d for d in site.dimensions.values() if name in row_columns(d)), None)
    if dimension is not None:
        what = "id" if name.endswith("_id") else "name"
        return f"{what} of the {dimension.label.lower()}"
    return name


def _field(site: Site, name: str) -> dict[str, str]:
    return {"name": name, "type": _TYPES.get(name, "string"), "description": _description(site, name)}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _resource(site: Site, name: str, path: str, title: str, columns: tuple[str, ...],
              report: Report | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "name": name, "path": path, "title": title, "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [_field(site, c) for c in columns], "missingValues": [""]},
    }
    if report is not None:
        resource["sources"] = [{"title": report.title, "path": report.source}]
    return resource


def section_resource(site: Site, report: Report, section: Section, url: str) -> dict[str, Any]:
    return _resource(site, f"{report.id}-{section.id}", url.removeprefix("/data/"),
                     f"{section.title}, {report.title}", section_columns(section), report)


def datapackage(site: Site, plan: Plan) -> bytes:
    """datapackage.json for /data/: the long-format CSV and each section's CSV, typed and explained."""
    config = site.config
    reports = {r.id: r for r in site.published_reports}
    resources = [_resource(site, "all-figures", "all-figures.csv", "Every figure of every period (long format)",
                           LONG_COLUMNS, None)]
    for d in plan.downloads:
        report = reports[d.report_id]
        section = report.section(d.section_id)
        if d.fmt == "csv" and section is not None:
            resources.append(section_resource(site, report, section, d.url))
    licence = {"name": config.licence_name, "title": config.licence_name, "path": config.licence_url}
    package = {
        "profile": "tabular-data-package",
        "name": _slug(config.title),
        "title": config.title,
        "description": config.description,
        "homepage": config.base_url,
        "licenses": [licence],
        "sources": [{"title": f"{config.organisation}: {r.title}", "path": r.source} for r in reports.values()],
        "resources": resources,
    }  # paths are relative to /data/, where this file is published
    if config.attribution:
        package["citation"] = config.attribution
    return (json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
