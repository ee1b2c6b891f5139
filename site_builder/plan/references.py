"""Charts and statements placed in Markdown by one-line references, and the check that each exists (and, with
`facts.py`, each site fact named in the text).

An editor writes `[chart: all-services/outcomes]` or `[statement: why-we-publish]` alone on a line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from pathlib import Path

from ..load.sources import Sources
from ..model.objects import ContentText, Report, Site
from ..model.provenance import Provenance
from ..problems import Location, Problems
from .charts import chart_names
from .facts import check_facts
from .plan import Plan

REFERENCE = re.compile(r"^\[(chart|statement):\s*([\w/.-]+)\s*\]\s*$")


def find_references(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, kind, name) of every chart or statement reference in Markdown text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if match := REFERENCE.match(line.strip()):
            found.append((number, line.index("[") + 1, match.group(1), match.group(2)))
    return found


def check_references(path: Path, text: str, known: Mapping[str, set[str]], problems: Problems,
                     unchecked: Collection[str] = ()) -> None:
    """Report references to charts or statements that do not exist; names starting with an
    `unchecked` prefix belong to data that could not be read, so they are not reported."""
    for line, col, kind, name in find_references(text):
        if name in known[kind] or any(name.startswith(prefix) for prefix in unchecked):
            continue
        close = difflib.get_close_matches(name, known[kind], n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.error(Location(path, line, col), f"no {kind} called '{name}'",
                       f"{hint}{kind}s you can place here: {_shortest_names(known[kind])}")


def _shortest_names(names: set[str]) -> str:
    """The names to offer, leaving out a report's full chart ids where its short names work."""
    shown = sorted(n for n in names if not any(n != m and n.endswith("/" + m) for m in names))
    return ", ".join(shown) or "none"


def unchecked_charts(sources: Sources, provenance: Provenance) -> set[str]:
    """Prefixes of chart names that cannot be checked: of reports or tables that could not be read."""
    ids = set(provenance.skipped_reports) | {p.stem for p in sources.unreadable}
    ids |= {str(doc.data.get("id")) for doc in sources.invalid if isinstance(doc.data, dict) and doc.data.get("id")}
    return {f"{i}/" for i in ids} | {f"{r}/{s}/" for r, s in provenance.broken_sections}


def site_chart_ids(plan: Plan) -> set[str]:
    """The charts any Markdown file may place by their full ids."""
    return {c.id for c in plan.charts if c.report or c.kind == "trend"}


def placeable(site: Site, every_chart: set[str], report: Report | None = None) -> dict[str, set[str]]:
    """What a Markdown file may place: any chart by its full id; a report's commentary also its own charts and
    statements by name."""
    if report is None:
        return {"chart": every_chart, "statement": set()}
    return {"chart": every_chart | chart_names(report, site.measures), "statement": {s.id for s in report.statements}}


def check_site_references(site: Site, plan: Plan, unchecked: set[str], problems: Problems) -> None:
    """Every chart and statement placed in Markdown exists (or could not be checked for a known reason)."""
    every_chart = site_chart_ids(plan)
    places: list[tuple[ContentText, dict[str, set[str]], set[str]]] = []
    for report in site.reports:
        if report.commentary:
            own = {p.split("/", 1)[1] for p in unchecked if p.startswith(f"{report.id}/") and p.count("/") == 2}
            places.append((report.commentary, placeable(site, every_chart, report), unchecked | own))
    places += [(page.source, placeable(site, every_chart), unchecked) for page in site.pages]
    for source, known, skipped in places:
        check_placed(source, known, skipped, bool(site.published_reports), problems)


def check_placed(source: ContentText, known: Mapping[str, set[str]], unchecked: Collection[str], has_reports: bool,
                 problems: Problems) -> None:
    """The charts, statements and site facts one Markdown file names all exist."""
    with problems.guard(Location(source.path), f"checking {source.path.name}"):
        text = source.text  # unpacked once for both checks
        check_references(source.path, text, known, problems, unchecked)
        check_facts(source.path, text, has_reports, problems)
