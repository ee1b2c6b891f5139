"""Warn when anything that will be published still holds the TO DO placeholders `new site` and `new report` leave.

So `--strict`, as on Netlify, refuses to publish them; drafts keep theirs until they are marked ready."""

from __future__ import annotations

from collections.abc import Iterator

from ..load.yaml_source import YamlDocument
from ..problems import Location, Problems
from ..validate.text_check import strings
from .objects import ContentText, Site
from .provenance import Provenance

PLACEHOLDER = "TO DO"


def check_placeholders(site: Site, settings: list[YamlDocument], provenance: Provenance, problems: Problems) -> None:
    """One warning per placeholder left in the site's settings and declarations, its pages, and its ready reports'
    YAML values and commentary."""
    for doc in settings:
        for where in _in_values(doc):
            _warn(problems, where, f"{doc.path.name} still says '{PLACEHOLDER}'")
    for page in site.pages:
        for where in _in_text(page.source):
            _warn(problems, where, f"the page /{page.slug}/ still says '{PLACEHOLDER}'")
    for report in site.published_reports:
        said = f"report '{report.id}' is marked ready but still says '{PLACEHOLDER}'"
        doc = provenance.docs.get(report.id)
        for where in [*(_in_values(doc) if doc else ()), *(_in_text(report.commentary) if report.commentary else ())]:
            _warn(problems, where, said, "or set status: draft until it is done")


def _in_values(doc: YamlDocument) -> Iterator[Location]:
    for path, value in strings(doc.data):
        if PLACEHOLDER in value:
            yield doc.where(path)


def _in_text(source: ContentText) -> Iterator[Location]:
    for number, line in enumerate(source.text.splitlines(), 1):
        if PLACEHOLDER in line:
            yield Location(source.path, number, line.index(PLACEHOLDER) + 1)


def _warn(problems: Problems, where: Location, message: str, otherwise: str = "") -> None:
    hint = "replace the placeholder with the real text" + (f", {otherwise}" if otherwise else "")
    problems.warning(where, message, hint)
