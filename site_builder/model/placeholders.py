"""Warn when a report marked ready still holds the TO DO placeholders `new report` leaves for editors."""

from __future__ import annotations

from ..problems import Location, Problems
from .objects import Site
from .provenance import Provenance

PLACEHOLDER = "TO DO"


def check_placeholders(site: Site, provenance: Provenance, problems: Problems) -> None:
    """One warning per placeholder left in a ready report's YAML values, CSV cells or commentary."""
    for report in site.published_reports:
        doc = provenance.docs.get(report.id)
        if doc is not None:
            for path, value in _strings(doc.data, ()):
                if PLACEHOLDER in value:
                    _warn(problems, doc.where(path), report.id)
        if report.commentary is not None:
            for number, line in enumerate(report.commentary.text.splitlines(), 1):
                if PLACEHOLDER in line:
                    _warn(problems, Location(report.commentary.path, number, line.index(PLACEHOLDER) + 1), report.id)


def _strings(value: object, at: tuple) -> list[tuple[tuple, str]]:
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(item, (*at, key))]
    if isinstance(value, list):
        return [s for i, item in enumerate(value) for s in _strings(item, (*at, i))]
    return [(at, value)] if isinstance(value, str) else []


def _warn(problems: Problems, where: Location, report_id: str) -> None:
    problems.warning(where, f"report '{report_id}' is marked ready but still says '{PLACEHOLDER}'",
                     "replace the placeholder with the real text, or set status: draft until it is done")
