"""`new report ID`: a draft for the period after the latest report, every figure not yet reported."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ..load.csv_source import CsvTable
from ..load.sources import Sources, load_sources
from ..model.objects import Report, Section, Site
from ..pipeline import model_site, validate_sources
from ..problems import Problems, SiteError
from ..validate.format_version import CURRENT_FORMAT
from ..validate.schema_check import SCHEMA_DIR
from .scaffold import NOT_REPORTED, blank_csv, commentary_skeleton, create_files, quote

EN_DASH = "\u2013"


class ScaffoldRefused(Exception):
    """The new report cannot be created as asked; the message says why."""


@cache
def _id_pattern() -> re.Pattern[str]:
    schema = json.loads((SCHEMA_DIR / "report.schema.json").read_text(encoding="utf-8"))
    return re.compile(schema["$defs"]["id"]["pattern"])


def id_problem(report_id: str) -> str | None:
    """Why `report_id` cannot name a report, or None when it can."""
    if _id_pattern().fullmatch(report_id):
        return None
    return ("use lower-case letters, digits and hyphens, starting with a letter or digit, at most 64 of them, "
            "e.g. 2013-h2 or 2014")


def next_period(start: date, end: date) -> tuple[date, date]:
    """The period just after `start` to `end` and as long: whole months stay whole months."""
    first = end + timedelta(days=1)
    if start.day == 1 and first.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        return first, _add_months(first, months) - timedelta(days=1)
    return first, first + (end - start)


def _add_months(first_of_month: date, months: int) -> date:
    years, month = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, month + 1, 1)


def period_title(start: date, end: date) -> str:
    """'July to December 2013' with an en dash for whole months, else '1 July 2013 to 15 August 2013'."""
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        first = f"{start:%B}" if start.year == end.year else f"{start:%B %Y}"
        return f"{first}{EN_DASH}{end:%B %Y}"
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def scaffold_report(root: Path, report_id: str, problems: Problems) -> list[Path]:
    """Write the new report's YAML, CSV tables and commentary; return their paths.

    Raises SiteError when the site has errors, ScaffoldRefused when a file or the id exists.
    """
    sources = load_sources(root, problems)
    validate_sources(sources, problems)
    if problems.has_errors():
        raise SiteError(problems)
    site, _ = model_site(sources, problems)
    if problems.has_errors():
        raise SiteError(problems)
    files = draft_files(sources, _latest(site), report_id)
    for path in files:
        if path.exists():
            raise ScaffoldRefused(f"{path.relative_to(root)} already exists: nothing was created")
    _refuse_used_id(site, report_id)
    create_files(files)
    return list(files)


def _refuse_used_id(site: Site, report_id: str) -> None:
    for report in site.reports:
        if report.id == report_id:
            raise ScaffoldRefused(f"report id '{report_id}' is already used by "
                                  f"{report.source_path.relative_to(site.root)}: nothing was created")


def _latest(site: Site) -> Report:
    return max(site.reports, key=lambda r: (r.end, r.start))


def draft_files(sources: Sources, latest: Report, report_id: str) -> dict[Path, str]:
    """Path → text of every file of the new draft report."""
    folder = latest.source_path.parent
    tables = {p.resolve(): t for p, t in sources.tables.items()}
    files = {folder / f"{report_id}.yaml": _report_yaml(latest, report_id)}
    for section in latest.sections:
        if section.table_path is not None:
            files[folder / _table_name(report_id, section)] = _table_csv(tables[section.table_path])
    files[sources.content_dir / "reports" / f"{report_id}.md"] = _commentary(latest, report_id)
    return files


def _table_name(report_id: str, section: Section) -> str:
    return f"{report_id}-{section.id}.csv"


def _table_csv(table: CsvTable) -> str:
    return blank_csv((cell.text for cell in table.header), (row[0].text for row in table.rows))


def _report_yaml(latest: Report, report_id: str) -> str:
    start, end = next_period(latest.start, latest.end)
    lines = [*_schema_comment(latest.source_path),
             f"# Draft scaffolded from {latest.id} by `python build.py new report {report_id}`.",
             "# Fill in every TO DO and the figures, then change status to ready to publish it.",
             f"format: {CURRENT_FORMAT}",
             f"id: {quote(report_id)}",
             "# TO DO: the period as readers see it.",
             f"title: {quote('TO DO: ' + period_title(start, end))}",
             "# TO DO: check these dates: the period just after the previous report, as long.",
             f"start: {start.isoformat()}",
             f"end: {end.isoformat()}",
             "# TO DO: where the organisation published these figures.",
             f"source: {quote(latest.source)}",
             "status: draft",
             f"summary: {quote('TO DO: one or two sentences shown in lists and previews.')}",
             "sections:"]
    for section in latest.sections:
        lines += _section_yaml(section, report_id)
    return "\n".join(lines) + "\n"


def _schema_comment(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    return [line for line in first if line.startswith("# yaml-language-server:")]


def _section_yaml(section: Section, report_id: str) -> list[str]:
    lines = [f"  - id: {quote(section.id)}", f"    title: {quote(section.title)}"]
    if section.description:
        lines.append(f"    description: {quote(section.description)}")
    if section.subset_of:
        lines.append(f"    subset_of: {quote(section.subset_of)}")
    if section.breakdown_of:
        lines += ["    breakdown_of:", f"      section: {quote(section.breakdown_of.section)}",
                  f"      row: {quote(section.breakdown_of.row)}"]
        lines += ["    exhaustive: true"] if section.breakdown_of.exhaustive else []
    lines += ["    partial: true"] if section.partial else []
    lines += ["    totals_deduplicated: true"] if section.totals_deduplicated else []
    if section.is_national_security:
        lines.append("    kind: national_security")
        lines += [f"    {key}: {quote(text)}" for key, text in (("legal_regime", section.legal_regime),
                                                               ("reporting_delay", section.reporting_delay)) if text]
    if section.table_path is not None:
        lines.append(f"    table: {quote(_table_name(report_id, section))}")
    else:
        lines.append("    totals:")
        lines += [f"      {key}: {NOT_REPORTED}" for key in section.measures]
    return lines


def _commentary(latest: Report, report_id: str) -> str:
    return commentary_skeleton(period_title(*next_period(latest.start, latest.end)), report_id)
