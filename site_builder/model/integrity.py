"""Stage 2b, validate: rules that span figures, rows, sections and reports (DESIGN.md §4)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from ..problems import Location, Problems
from ..validate.figures import Observation, figure_text
from .assemble import Provenance, sum_rows
from .objects import OUTCOMES, Note, Report, Section, Site


def check_integrity(site: Site, provenance: Provenance, problems: Problems) -> None:
    """Record every integrity problem of the assembled site."""
    _check_periods(site.reports, provenance, problems)
    for report in site.reports:
        with problems.guard(provenance.at("report", report.id), f"checking report '{report.id}'"):
            _check_report(report, provenance, problems)


def _check_report(report: Report, provenance: Provenance, problems: Problems) -> None:
    _check_unique(report, provenance, problems)
    for index, section in enumerate(report.sections):
        if section.subset_of is not None:
            _check_subset(report, index, section, provenance, problems)
        if not provenance.is_broken(report.id, section.id):
            _check_stated_totals(report, section, provenance, problems)
        _check_outcomes(report, section, provenance, problems)
    _check_notes(report, provenance, problems)


def _check_periods(reports: Iterable[Report], provenance: Provenance, problems: Problems) -> None:
    ordered = sorted(reports, key=lambda r: (r.start, r.end))
    for report in ordered:
        if report.start > report.end:
            problems.error(provenance.at("report-start", report.id),
                           f"report '{report.id}' starts ({report.start}) after it ends ({report.end})",
                           "swap start and end, or correct the year")
    for earlier, later in pairwise(ordered):
        if later.start <= earlier.end:
            problems.error(provenance.at("report-start", later.id),
                           f"report '{later.id}' overlaps '{earlier.id}' ({earlier.start} to {earlier.end})",
                           "periods of one report series must not overlap: check the dates")


def _check_unique(report: Report, provenance: Provenance, problems: Problems) -> None:
    for kind, items in (("section", report.sections), ("note", report.notes), ("statement", report.statements)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                problems.error(provenance.field(report.id, f"{kind}s", index, "id"),
                               f"{kind} id '{item.id}' is used twice in this report", f"give each {kind} its own id")
            seen.add(item.id)


def _check_subset(report: Report, index: int, section: Section, provenance: Provenance,
                  problems: Problems) -> None:
    parent = report.section(section.subset_of or "")
    if parent is None or parent is section:
        known = ", ".join(s.id for s in report.sections if s is not section) or "none"
        wrong = "itself" if parent is section else f"'{section.subset_of}', which does not exist"
        problems.error(provenance.field(report.id, "sections", index, "subset_of"),
                       f"section '{section.id}' is a subset of {wrong}",
                       f"name the section it is part of; sections in this report: {known}")
        return
    if provenance.is_broken(report.id, section.id, parent.id):
        return
    for row in section.rows:
        _check_subset_row(report, section, parent, row.code, provenance, problems)
    _check_subset_totals(report, index, section, parent, provenance, problems)


def _check_subset_row(report: Report, section: Section, parent: Section, code: str, provenance: Provenance,
                      problems: Problems) -> None:
    row, parent_row = section.row(code), parent.row(code)
    assert row is not None
    if parent_row is None:
        if parent.rows:
            problems.error(provenance.at("row", report.id, section.id, code),
                           f"{row.name} is in '{section.id}' but not in '{parent.id}'",
                           f"a subset's rows must also be rows of '{parent.id}'")
        return
    for key, value in row.values.items():
        if _exceeds(value, parent_row.values[key]):
            problems.error(provenance.at("cell", report.id, section.id, code, key),
                           f"{row.name}: {key} is {value.value:,} in '{section.id}' but only "
                           f"{parent_row.values[key].value:,} in '{parent.id}', which contains it",
                           "a subset can never exceed the section it is part of")


def _check_subset_totals(report: Report, index: int, section: Section, parent: Section,
                         provenance: Provenance, problems: Problems) -> None:
    for key, value in section.totals.items():
        if _exceeds(value, parent.totals[key]):
            where = provenance.places.get(("total", report.id, section.id, key)) or provenance.field(
                report.id, "sections", index, "subset_of")
            problems.error(where, f"total {key} of '{section.id}' is {value.value:,}, more than the "
                           f"{parent.totals[key].value:,} of '{parent.id}', which contains it",
                           "a subset can never exceed the section it is part of")


def _exceeds(part: Observation, whole: Observation) -> bool:
    return part.is_number and whole.is_number and (part.value or 0) > (whole.value or 0)


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
    return (requests.value or 0) - sum(p.value or 0 for p in parts)


def _check_outcomes(report: Report, section: Section, provenance: Provenance, problems: Problems) -> None:
    noted = {n.jurisdiction for n in report.notes if n.section == section.id and n.jurisdiction}
    for row in section.rows:
        gap = _outcome_shortfall(row.values)
        if gap is None or gap == 0:
            continue
        where = provenance.at("row", report.id, section.id, row.code)
        requests = row.values["requests"].value or 0
        parts = " + ".join(figure_text(row.values[m.key]) for m in OUTCOMES)
        summary = f"{row.name}: outcomes add up to {parts} = {requests - gap:,}"
        if gap < 0:
            problems.error(where, f"{summary}, more than its {requests:,} requests",
                           "each request has one outcome: the outcome columns cannot exceed requests")
        elif row.code in noted:
            continue
        elif gap <= section.outcome_tolerance:
            problems.warning(where, f"{summary}, {gap} short of its requests, with no note explaining it",
                             f"add a note with section: {section.id} and jurisdiction: {row.code} "
                             "to the report's notes so readers see why")
        else:
            problems.error(where, f"{summary}, {gap:,} short of its {requests:,} requests",
                           "correct the figures, or add a note for this row (section and jurisdiction) "
                           "explaining the difference, or declare outcome_tolerance on the section")


def _check_notes(report: Report, provenance: Provenance, problems: Problems) -> None:
    known = ", ".join(s.id for s in report.sections)
    for note in report.notes:
        section = report.section(note.section) if note.section else None
        if note.section and section is None:
            problems.error(_note_field(provenance, report, note, "section"),
                           f"note '{note.id}' is attached to section '{note.section}', which does not exist",
                           f"sections in this report: {known}")
        elif (note.jurisdiction or note.measure) and section is None:
            key = "jurisdiction" if note.jurisdiction else "measure"
            problems.error(_note_field(provenance, report, note, key), f"note '{note.id}' names a {key} but no section",
                           f"add 'section:' to say which table it belongs to ({known})")
        elif (note.jurisdiction and section and section.row(note.jurisdiction) is None
              and not provenance.is_broken(report.id, section.id)):
            problems.error(_note_field(provenance, report, note, "jurisdiction"),
                           f"note '{note.id}' is attached to {note.jurisdiction}, which has no row in '{section.id}'",
                           "check the jurisdiction and the section")


def _note_field(provenance: Provenance, report: Report, note: Note, key: str) -> Location:
    return provenance.field(report.id, "notes", note.number - 1, key)
