"""Stage 2b, validate: rules that span figures, rows, sections and reports (DESIGN.md §4)."""

from __future__ import annotations

from collections.abc import Iterable

from .assemble import Provenance, sum_rows
from .figures import figure_text
from .model import OUTCOMES, Observation, Report, Section, Site
from .problems import Location, Problems


def check_integrity(site: Site, provenance: Provenance, problems: Problems) -> None:
    """Record every integrity problem of the assembled site."""
    _check_periods(site.reports, provenance, problems)
    for report in site.reports:
        _check_unique(report, provenance, problems)
        for section in report.sections:
            _check_subset(report, section, provenance, problems)
            _check_stated_totals(report, section, provenance, problems)
            _check_outcomes(report, section, provenance, problems)
        _check_notes(report, provenance, problems)


def _check_periods(reports: Iterable[Report], provenance: Provenance, problems: Problems) -> None:
    seen: dict[str, Report] = {}
    ordered = sorted(reports, key=lambda r: (r.start, r.end))
    for report in ordered:
        where = provenance.at("report", report.id)
        if report.id in seen:
            problems.error(where, f"report id '{report.id}' is used twice",
                           f"also in {seen[report.id].source_path.name}: give each period its own id")
        seen[report.id] = report
        if report.start > report.end:
            problems.error(provenance.at("report-start", report.id),
                           f"report '{report.id}' starts ({report.start}) after it ends ({report.end})",
                           "swap start and end, or correct the year")
    for earlier, later in zip(ordered, ordered[1:]):
        if later.start <= earlier.end and earlier.id != later.id:
            problems.error(provenance.at("report-start", later.id),
                           f"report '{later.id}' overlaps '{earlier.id}' ({earlier.start} to {earlier.end})",
                           "periods of one report series must not overlap: check the dates")


def _check_unique(report: Report, provenance: Provenance, problems: Problems) -> None:
    for kind, items in (("section", report.sections), ("note", report.notes), ("statement", report.statements)):
        ids = [item.id for item in items]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.error(provenance.at("report", report.id), f"{kind} id '{dup}' is used twice in this report",
                           f"give each {kind} its own id")


def _check_subset(report: Report, section: Section, provenance: Provenance, problems: Problems) -> None:
    if section.subset_of is None:
        return
    parent = report.section(section.subset_of)
    where = provenance.at("section", report.id, section.id)
    if parent is None or parent is section:
        known = ", ".join(s.id for s in report.sections if s is not section) or "none"
        problems.error(where, f"section '{section.id}' is a subset of '{section.subset_of}', which does not exist",
                       f"sections in this report: {known}")
        return
    for row in section.rows:
        parent_row = parent.row(row.code)
        row_at = provenance.at("row", report.id, section.id, row.code)
        if parent_row is None and parent.rows:
            problems.error(row_at, f"{row.name} is in '{section.id}' but not in '{parent.id}'",
                           f"a subset's rows must also be rows of '{parent.id}'")
            continue
        for key, value in row.values.items():
            bigger = parent_row.values[key] if parent_row else None
            if bigger and value.is_number and bigger.is_number and value.value > bigger.value:
                problems.error(row_at, f"{row.name}: {key} is {value.value:,} in '{section.id}' but only "
                               f"{bigger.value:,} in '{parent.id}', which contains it",
                               "a subset can never exceed the section it is part of")


def _check_stated_totals(report: Report, section: Section, provenance: Provenance,
                         problems: Problems) -> None:
    stated = provenance.stated_totals.get((report.id, section.id), {})
    if not section.rows or section.totals_deduplicated:
        return
    for key, value in stated.items():
        summed = sum_rows(section.rows, key)
        if summed is None or not value.is_number:
            continue
        if value.value != summed.value:
            problems.error(provenance.at("total", report.id, section.id, key),
                           f"stated total {key} is {value.value:,} but the rows add up to {summed.value:,}",
                           "correct the total or the rows, or set totals_deduplicated: true "
                           "if the published total counts overlapping requests once")


def _outcome_shortfall(values: dict[str, Observation]) -> int | None:
    """Requests minus the sum of outcomes, or None when any of them is not a count."""
    parts = [values[m.key] for m in OUTCOMES]
    requests = values["requests"]
    if not requests.is_number or not all(p.is_number for p in parts):
        return None
    return requests.value - sum(p.value for p in parts)


def _check_outcomes(report: Report, section: Section, provenance: Provenance, problems: Problems) -> None:
    noted = {n.jurisdiction for n in report.notes if n.section == section.id and n.jurisdiction}
    for row in section.rows:
        gap = _outcome_shortfall(row.values)
        if gap is None or gap == 0:
            continue
        where = provenance.at("row", report.id, section.id, row.code)
        parts = " + ".join(figure_text(row.values[m.key]) for m in OUTCOMES)
        summary = f"{row.name}: outcomes add up to {parts} = {row.values['requests'].value - gap:,}"
        if gap < 0:
            problems.error(where, f"{summary}, more than its {row.values['requests'].value:,} requests",
                           "each request has one outcome: the outcome columns cannot exceed requests")
        elif row.code in noted:
            continue
        elif gap <= section.outcome_tolerance:
            problems.warning(where, f"{summary}, {gap} short of its requests, with no note explaining it",
                             f"add a note with section: {section.id} and jurisdiction: {row.code} "
                             "to the report's notes so readers see why")
        else:
            problems.error(where, f"{summary}, {gap:,} short of its {row.values['requests'].value:,} requests",
                           "correct the figures, or add a note for this row (section and jurisdiction) "
                           "explaining the difference, or declare outcome_tolerance on the section")


def _check_notes(report: Report, provenance: Provenance, problems: Problems) -> None:
    for note in report.notes:
        where: Location = provenance.at("note", report.id, note.id)
        section = report.section(note.section) if note.section else None
        if note.section and section is None:
            problems.error(where, f"note '{note.id}' is attached to section '{note.section}', which does not exist",
                           f"sections in this report: {', '.join(s.id for s in report.sections)}")
        elif note.jurisdiction and section is None:
            problems.error(where, f"note '{note.id}' names a jurisdiction but no section",
                           "add 'section:' to say which table the row is in")
        elif note.jurisdiction and section and section.row(note.jurisdiction) is None:
            problems.error(where, f"note '{note.id}' is attached to {note.jurisdiction}, "
                           f"which has no row in '{section.id}'", "check the jurisdiction and section")
        elif note.measure and section is None:
            problems.error(where, f"note '{note.id}' names a measure but no section",
                           "add 'section:' (and 'jurisdiction:' for one row's figure)")
