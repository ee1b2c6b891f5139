"""Stage 3b, model: rules that span figures, rows, sections and reports (DESIGN.md §4), by the declared measures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from ..problems import Location, Problems
from ..validate.figures import Observation, figure_text
from .assemble import sum_rows
from .objects import Measure, Measures, Note, OutcomeSet, Report, Row, Section, Site
from .provenance import Provenance


def check_integrity(site: Site, provenance: Provenance, problems: Problems) -> None:
    """Record every integrity problem of the assembled site."""
    _check_periods(site.reports, provenance, problems)
    for report in site.reports:
        with problems.guard(provenance.at("report", report.id), f"checking report '{report.id}'"):
            _check_report(report, site.measures, provenance, problems)


def _check_report(report: Report, measures: Measures, provenance: Provenance, problems: Problems) -> None:
    _check_unique(report, provenance, problems)
    for index, section in enumerate(report.sections):
        if section.subset_of is not None:
            _check_subset(report, index, section, measures, provenance, problems)
        if section.breakdown_of is not None:
            _check_breakdown(report, index, section, measures, provenance, problems)
        if not provenance.is_broken(report.id, section.id):
            _check_stated_totals(report, section, measures, provenance, problems)
        for outcome_set in measures.outcome_sets:
            _check_outcomes(report, section, outcome_set, measures, provenance, problems)
        if report.ready:
            _check_not_empty(report, section, provenance, problems)
        _check_fields_apply(report, index, section, provenance, problems)
    _check_notes(report, measures, provenance, problems)


def _check_periods(reports: Iterable[Report], provenance: Provenance, problems: Problems) -> None:
    """Each period starts before it ends; periods of the same length never overlap (a year and its halves may)."""
    by_length: dict[int, list[Report]] = defaultdict(list)
    for report in sorted(reports, key=lambda r: (r.start, r.end)):
        if report.start > report.end:
            problems.error(provenance.at("report-start", report.id),
                           f"report '{report.id}' starts ({report.start}) after it ends ({report.end})",
                           "swap start and end, or correct the year")
        by_length[report.months].append(report)
    for series in by_length.values():
        for earlier, later in pairwise(series):
            if later.start <= earlier.end:
                problems.error(provenance.at("report-start", later.id),
                               f"report '{later.id}' overlaps '{earlier.id}' ({earlier.start} to {earlier.end})",
                               "periods of the same length must not overlap: check the dates")


def _check_unique(report: Report, provenance: Provenance, problems: Problems) -> None:
    for kind, items in (("section", report.sections), ("note", report.notes), ("statement", report.statements)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                problems.error(provenance.field(report.id, f"{kind}s", index, "id"),
                               f"{kind} id '{item.id}' is used twice in this report", f"give each {kind} its own id")
            seen.add(item.id)


def _counts(section: Section, other: Section, measures: Measures) -> list[str]:
    """The counts both sections publish."""
    return [m.id for m in measures.ordered(section.measures) if m.id in other.measures and not m.is_percentage]


def _exceeds(part: Observation, whole: Observation) -> bool:
    return part.is_number and whole.is_number and (part.value or 0) > (whole.value or 0)


def _other_section(report: Report, index: int, section: Section, target: str, field: str,
                   provenance: Provenance, problems: Problems) -> Section | None:
    """The section `target` names (for subset_of or breakdown_of), or None after reporting why it is unusable."""
    other = report.section(target)
    if other is None or other is section:
        known = ", ".join(s.id for s in report.sections if s is not section) or "none"
        wrong = "itself" if other is section else f"'{target}', which does not exist"
        path = (field, "section") if field == "breakdown_of" else (field,)
        words = "a subset of" if field == "subset_of" else "a breakdown of a row of"
        hint = "the section it is part of" if field == "subset_of" else "the section that holds the row it divides"
        problems.error(provenance.field(report.id, "sections", index, *path),
                       f"section '{section.id}' is {words} {wrong}",
                       f"name {hint}; sections in this report: {known}")
        return None
    if provenance.is_broken(report.id, section.id, other.id):
        return None
    return other


def _check_subset(report: Report, index: int, section: Section, measures: Measures, provenance: Provenance,
                  problems: Problems) -> None:
    parent = _other_section(report, index, section, section.subset_of or "", "subset_of", provenance, problems)
    if parent is None:
        return
    counts = _counts(section, parent, measures)
    for row in section.rows:
        parent_row = parent.row(row.key)
        if parent_row is None:
            if parent.rows:
                problems.error(provenance.at("row", report.id, section.id, row.key),
                               f"{row.name} is in '{section.id}' but not in '{parent.id}'",
                               f"a subset's rows must also be rows of '{parent.id}'")
            continue
        for key in counts:
            if _exceeds(row.value(key), parent_row.value(key)):
                problems.error(provenance.at("cell", report.id, section.id, row.key, key),
                               f"{row.name}: {key} is {row.value(key).value:,} in '{section.id}' but only "
                               f"{parent_row.value(key).value:,} in '{parent.id}', which contains it",
                               "a subset can never exceed the section it is part of")
    for key in counts:
        if _exceeds(section.total(key), parent.total(key)):
            where = provenance.places.get(("total", report.id, section.id, key)) or provenance.field(
                report.id, "sections", index, "subset_of")
            problems.error(where, f"total {key} of '{section.id}' is {section.total(key).value:,}, more than the "
                           f"{parent.total(key).value:,} of '{parent.id}', which contains it",
                           "a subset can never exceed the section it is part of")


def _noted_rows(report: Report, section: Section) -> set[str]:
    return {n.row for n in report.notes if n.section == section.id and n.row}


def _check_breakdown(report: Report, index: int, section: Section, measures: Measures, provenance: Provenance,
                     problems: Problems) -> None:
    """Each part at most its row; the parts add up to it when the breakdown is exhaustive (or a note explains)."""
    assert section.breakdown_of is not None
    parent = _other_section(report, index, section, section.breakdown_of.section, "breakdown_of",
                            provenance, problems)
    if parent is None:
        return
    whole = parent.row(section.breakdown_of.row)
    if whole is None and parent.rows and section.breakdown_of.row:  # an unknown row's name is reported already
        problems.error(provenance.field(report.id, "sections", index, "breakdown_of", "row"),
                       f"'{parent.id}' has no row {section.breakdown_of.row} to break down",
                       f"name one of the rows of '{parent.id}'")
    if whole is None:
        return
    noted = _noted_rows(report, section)
    for key in _counts(section, parent, measures):
        for row in section.rows:
            if row.key not in noted and _exceeds(row.value(key), whole.value(key)):
                problems.error(provenance.at("cell", report.id, section.id, row.key, key),
                               f"{row.name}: {key} is {row.value(key).value:,}, more than the "
                               f"{whole.value(key).value:,} of {whole.name} in '{parent.id}', which it is part of",
                               "a part can never exceed the row it breaks down: correct the figures, "
                               f"or add a note with section: {section.id} and row: {row.key} explaining it")
        summed = sum_rows(section.rows, key)
        if (section.breakdown_of.exhaustive and summed and whole.value(key).is_number and not noted
                and summed.value != whole.value(key).value):
            problems.error(provenance.field(report.id, "sections", index, "exhaustive"),
                           f"the rows of '{section.id}' add up to {summed.value:,} {key}, but {whole.name} has "
                           f"{whole.value(key).value:,} in '{parent.id}'",
                           "the breakdown is exhaustive, so its parts add up to the row: correct the figures, "
                           "or set exhaustive: false if some parts are not listed")


def _check_stated_totals(report: Report, section: Section, measures: Measures, provenance: Provenance,
                         problems: Problems) -> None:
    stated = provenance.stated_totals.get((report.id, section.id), {})
    if not section.rows:
        return
    for key, value in stated.items():
        summed = sum_rows(section.rows, key)
        if summed is None or not value.is_number or measures[key].is_percentage:
            continue
        where = provenance.at("total", report.id, section.id, key)
        if section.partial:
            if summed.value > value.value:
                problems.error(where, f"the {len(section.rows)} rows listed add up to {summed.value:,} {key}, "
                               f"more than the published total of {value.value:,}",
                               "a partial table lists some of what its total counts: check the total and the rows")
        elif section.totals_deduplicated:
            if value.value > summed.value:
                problems.error(where, f"stated total {key} is {value.value:,}, more than the rows add up to "
                               f"({summed.value:,})", "a de-duplicated total counts once what several rows count, "
                               "so it is never more than their sum: check the total")
        elif value.value != summed.value:
            problems.error(where, f"stated total {key} is {value.value:,} but the rows add up to {summed.value:,}",
                           "correct the total or the rows; set totals_deduplicated: true if the published total "
                           "counts once what several rows count, or partial: true if the table lists only some rows")


def _check_outcomes(report: Report, section: Section, outcome_set: OutcomeSet, measures: Measures,
                    provenance: Provenance, problems: Problems) -> None:
    """Each row's parts against its whole: never above it; for an exhaustive set, adding up to it."""
    parts = [p for p in outcome_set.parts if p in section.measures]
    if outcome_set.whole not in section.measures or not parts:
        return
    noted = _noted_rows(report, section)
    tolerance = outcome_set.tolerance if section.outcome_tolerance is None else section.outcome_tolerance
    whole = measures[outcome_set.whole]
    for row in section.rows:
        total = row.value(whole.id)
        if not total.is_number or row.key in noted:
            continue
        where = provenance.at("row", report.id, section.id, row.key)
        if outcome_set.exhaustive and len(parts) == len(outcome_set.parts):
            _check_exhaustive(row, [row.value(p) for p in parts], total.value or 0, whole, section, tolerance,
                              where, problems)
        else:
            for part in parts:
                if _exceeds(row.value(part), total):
                    problems.error(provenance.at("cell", report.id, section.id, row.key, part),
                                   f"{row.name}: {part} is {row.value(part).value:,}, more than its "
                                   f"{whole.label.lower()} ({total.value:,})",
                                   f"{part} is part of {whole.id}, so it cannot exceed it: correct the figures, "
                                   f"or add a note with section: {section.id} and row: {row.key} explaining it")


def _check_exhaustive(row: Row, parts: list[Observation], whole: int, measure: Measure, section: Section,
                      tolerance: int, where: Location, problems: Problems) -> None:
    if not all(p.is_number for p in parts):
        return
    gap = whole - sum(p.value or 0 for p in parts)
    if gap == 0:
        return
    summary = f"{row.name}: outcomes add up to {' + '.join(figure_text(p) for p in parts)} = {whole - gap:,}"
    note_hint = f"add a note with section: {section.id} and row: {row.key} to the report's notes"
    its = f"its {measure.label.lower()} ({whole:,})"
    if gap < 0:
        problems.error(where, f"{summary}, more than {its}",
                       f"each of the {measure.unit} has one outcome: the outcomes cannot add up to more; "
                       f"correct the figures, or {note_hint} explaining it")
    elif gap <= tolerance:
        problems.warning(where, f"{summary}, {gap:,} short of {its}, with no note explaining it",
                         f"{note_hint} so readers see why")
    else:
        problems.error(where, f"{summary}, {gap:,} short of {its}",
                       f"correct the figures, or {note_hint} explaining the difference, "
                       "or declare outcome_tolerance on the section")


# Section fields that mean something only beside another: (field, what it needs, hint).
_NEEDS = (
    ("exhaustive", "breakdown_of", "exhaustive says whether a breakdown's rows add up to the row they divide: "
     "add breakdown_of:, or remove exhaustive:"),
    ("legal_regime", "kind: national_security", "add kind: national_security if the section is one, or remove it"),
    ("reporting_delay", "kind: national_security", "add kind: national_security if the section is one, or remove it"),
)


def _check_fields_apply(report: Report, index: int, section: Section, provenance: Provenance,
                        problems: Problems) -> None:
    """A warning for a section field that does nothing where it is, so it is not silently ignored."""
    raw = provenance.docs[report.id].data["sections"][index]
    has = {"breakdown_of": section.breakdown_of is not None, "kind: national_security": section.is_national_security}
    for field, needs, hint in _NEEDS:
        if field in raw and not has[needs]:
            problems.warning(provenance.docs[report.id].key_where(("sections", index, field)),
                             f"'{field}' does nothing in section '{section.id}', which has no {needs}", hint)


def _check_not_empty(report: Report, section: Section, provenance: Provenance, problems: Problems) -> None:
    """A published table of nothing but 'not reported' tells readers nothing: a warning (strict builds refuse)."""
    figures = [*section.totals.values(), *(v for row in section.rows for v in row.values.values())]
    if figures and all(f.state == "not_reported" for f in figures):
        problems.warning(provenance.at("section", report.id, section.id),
                         f"every figure of section '{section.id}' is 'not reported'",
                         "fill in the figures, or leave the section out and say in a note why they are missing")


def _check_notes(report: Report, measures: Measures, provenance: Provenance, problems: Problems) -> None:
    known = ", ".join(s.id for s in report.sections)
    for note in report.notes:
        section = report.section(note.section) if note.section else None
        if note.section and section is None:
            problems.error(_note_field(provenance, report, note, "section"),
                           f"note '{note.id}' is attached to section '{note.section}', which does not exist",
                           f"sections in this report: {known}")
        elif (note.row or note.measure) and section is None:
            key = "row" if note.row else "measure"
            problems.error(_note_field(provenance, report, note, key), f"note '{note.id}' names a {key} but no section",
                           f"add 'section:' to say which table it belongs to ({known})")
        elif section is not None:
            _check_note_place(report, section, note, provenance, problems)


def _check_note_place(report: Report, section: Section, note: Note, provenance: Provenance,
                      problems: Problems) -> None:
    if note.row and section.row(note.row) is None and not provenance.is_broken(report.id, section.id):
        problems.error(_note_field(provenance, report, note, "row"),
                       f"note '{note.id}' is attached to {note.row}, which has no row in '{section.id}'",
                       "check the row and the section")
    if note.measure and note.measure not in section.measures and not provenance.is_broken(report.id, section.id):
        problems.error(_note_field(provenance, report, note, "measure"),
                       f"note '{note.id}' is attached to {note.measure}, which '{section.id}' does not publish",
                       f"measures of '{section.id}': {', '.join(section.measures) or 'none'}")


def _note_field(provenance: Provenance, report: Report, note: Note, key: str) -> Location:
    return provenance.field(report.id, "notes", note.number - 1, key)
