"""What each kind of page shows: plain data prepared for the templates, no markup."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from ..model.objects import Measure, Measures, Report, Row, Section, Site
from ..validate.figures import Observation, figure_text
from .numbers import change_text, ordinal, points_text, share, share_text

ABSENT = "—"  # a jurisdiction with no row in one period's table, on the countries index
# A section's table longer than this folds away under its caption: the page leads with charts of its largest rows.
FOLD_ROWS = 10


@dataclass(frozen=True)
class Cell:
    """One figure in a table, with the footnote numbers attached to it."""

    text: str
    notes: tuple[int, ...] = ()
    numeric: bool = True
    state: str = "number"


@dataclass(frozen=True)
class RowView:
    """One row of a section's table: what it counts (a jurisdiction, with or without a page of its own), the
    notes on it and its cells."""

    key: str
    name: str
    has_page: bool
    notes: tuple[int, ...]
    cells: list[Cell]


def total_name(report: Report, section: Section) -> str:
    """What a section's total row is: 'Total'; for a breakdown, the row it divides ('Total: United States') when
    its parts add up to it, else 'Sum of the 12 jurisdictions listed'."""
    breakdown = section.breakdown_of
    if breakdown is not None and breakdown.exhaustive:
        parent = report.section(breakdown.section)
        whole = parent.row(breakdown.row) if parent else None
        return f"Total: {whole.name if whole else breakdown.row}"
    if breakdown is not None:
        return f"Sum of the {len(section.rows)} {section.dimension.plural} listed"
    return "Total"


def period_words(report: Report) -> str:
    """'6 months' or '12 months (a whole year)'."""
    return "12 months (a whole year)" if report.months == 12 else months_words(report)


def months_words(report: Report) -> str:
    """'1 month', '6 months'."""
    return "1 month" if report.months == 1 else f"{report.months} months"


def _whole_share(measures: Measures, section: Section, measure: Measure, obs: Observation) -> tuple[str, str]:
    """(share text, unit of the whole) for a part of an outcome set, e.g. ('2.2%', 'demands'); else ('', '')."""
    whole = measures.whole_of(measure.id)
    if whole is None or whole.id not in section.measures:
        return "", ""
    total = section.total(whole.id)
    if not (obs.is_number and total.is_number):
        return "", whole.unit
    return share_text(obs.value or 0, total.value or 0), whole.unit


def headline_measures(measures: Measures, section: Section) -> tuple[Measure, ...]:
    """The site's headline measures this section publishes (all its own when it has none of them)."""
    chosen = measures.ordered(m for m in measures.headline if m in section.measures)
    return chosen or measures.ordered(section.measures)


def headline(measures: Measures, section: Section) -> list[dict[str, Any]]:
    """Each headline figure of a section's totals, parts of a count with their share of it."""
    items = []
    for measure in headline_measures(measures, section):
        obs = section.total(measure.id)
        shown, of = _whole_share(measures, section, measure, obs)
        if section.is_national_security and of:
            continue
        items.append({"key": measure.id, "label": measure.label, "text": figure_text(obs), "state": obs.state,
                      "share": shown, "share_of": of, "is_outcome": bool(of)})
    return items


def row_cells(report: Report, section: Section, row: str | None, values: dict[str, Observation],
              measures: tuple[Measure, ...]) -> list[Cell]:
    cells = []
    for m in measures:
        obs = values.get(m.id) or Observation("not_reported")
        cells.append(Cell(figure_text(obs), report.notes_at(section.id, row, m.id), obs.is_number, obs.state))
    return cells


def _row_view(report: Report, section: Section, row: Row, measures: tuple[Measure, ...]) -> RowView:
    return RowView(row.key, row.name, row.has_page, report.notes_at(section.id, row.key),
                   row_cells(report, section, row.key, row.values, measures))


def section_view(site: Site, report: Report, section: Section) -> dict[str, Any]:
    """A section's headline, full table (folded when long) and the notes that belong to it."""
    measures = site.measures.ordered(section.table_measures)
    breakdown = section.breakdown_of
    parent = report.section(breakdown.section if breakdown else section.subset_of or "")
    return {
        "section": section,
        "parent": parent,
        "broken_down": parent.row(breakdown.row) if parent and breakdown else None,
        "measures": measures,
        "headline": headline(site.measures, section),
        "notes": report.notes_at(section.id),
        "rows": [_row_view(report, section, r, measures) for r in _ordered_rows(section)],
        "folded": len(section.rows) > FOLD_ROWS,
        "total_cells": row_cells(report, section, None, section.totals, measures),
        "total_name": total_name(report, section),
    }


def _ordered_rows(section: Section) -> list[Row]:
    """Jurisdictions by name, groups such as rest of world last; categories in their declared order."""
    if not section.dimension.is_jurisdictions:
        order = [m.id for m in section.dimension.members]
        return sorted(section.rows, key=lambda r: order.index(r.key) if r.key in order else len(order))
    return sorted(section.rows, key=lambda r: (not r.has_page, r.name))


def comparison(site: Site, report: Report) -> dict[str, Any] | None:
    """This report's main table beside the same table in the latest earlier period of the same length (with
    changes), or, when there is none, in the previous period that has it (without changes); the previous
    period's length is always stated."""
    now = report.main_section
    earlier = [r for r in site.published_reports if r.end < report.start and r.section(now.id)]
    if not earlier:
        return None
    previous = earlier[0]
    comparable = next((r for r in earlier if r.months == report.months), None)
    shown = comparable or previous
    before = shown.section(now.id) or shown.main_section
    return {
        "previous": previous,
        "comparable": comparable,
        "shown": shown,
        "previous_words": period_words(previous),
        "this_words": period_words(report),
        "rows": _comparison_rows(site.measures, now, before, comparable is not None),
    }


def _comparison_rows(measures: Measures, now: Section, before: Section, with_change: bool) -> list[dict[str, Any]]:
    shown = [m for m in measures.ordered({*now.measures, *before.measures}) if m.id in measures.headline]
    return [{"label": m.label, "now": figure_text(now.total(m.id)), "previous": figure_text(before.total(m.id)),
             "change": _change(measures, now, before, m) if with_change else ""} for m in shown]


def _change(measures: Measures, now: Section, before: Section, measure: Measure) -> str:
    new, old = now.total(measure.id), before.total(measure.id)
    if not (new.is_number and old.is_number):
        return "not comparable"
    if measure.is_percentage:
        return points_text(float(new.value or 0), float(old.value or 0))
    whole = measures.whole_of(measure.id)
    if whole is not None:
        new_share = share(new.value or 0, now.total(whole.id).value or 0) if now.total(whole.id).is_number else None
        old_share = share(old.value or 0, before.total(whole.id).value or 0) if before.total(whole.id).is_number \
            else None
        if new_share is not None and old_share is not None:
            return f"{change_text(new.value, old.value)}; share {points_text(new_share, old_share)}"
    return change_text(new.value, old.value)


def report_neighbours(site: Site, report: Report) -> list[dict[str, Any]]:
    """Links to the reports around this one in period order (the order of /reports/): the report just before and
    the one just after, whatever their length; and, where that one differs in length, the nearest report of this
    report's own length on that side too, the one a reader comparing like with like wants next."""
    ordered = list(reversed(site.published_reports))
    at = ordered.index(report)
    links = []
    for direction, rel, side in (("Previous", "prev", ordered[:at][::-1]), ("Next", "next", ordered[at + 1:])):
        if not side:
            continue
        links.append({"label": f"{direction} report", "report": side[0], "rel": rel, "words": months_words(side[0])})
        same = next((r for r in side if r.months == report.months), None)
        if same is not None and same is not side[0]:
            links.append({"label": f"{direction} report of {months_words(report)}", "report": same, "rel": "",
                          "words": ""})
    return links


def rank(measures: Measures, section: Section, key: str) -> dict[str, Any] | None:
    """A jurisdiction's rank by the section's lead figure among the jurisdictions ranked; ties share a rank
    ('joint 2nd of 64'), and a partial table ranks among the rows it lists ('3rd among the 5 listed')."""
    lead = section.lead_measure(measures)
    row = section.row(key)
    if lead is None or row is None or not row.has_page or not row.value(lead).is_number:
        return None
    counted, value = section.ranked(lead), row.value(lead).value
    above, below = bisect.bisect_right(counted, value), bisect.bisect_left(counted, value)
    place, joint = 1 + len(counted) - above, above - below > 1
    return {"place": place, "of": len(counted), "joint": joint, "partial": section.partial,
            "by": measures[lead].label.lower(), "text": rank_words(place, len(counted), joint, section.partial)}


def rank_words(place: int, of: int, joint: bool, partial: bool) -> str:
    """'12th of 64', 'joint 50th of 67', 'joint 2nd among the 4 listed'."""
    words = f"joint {ordinal(place)}" if joint else ordinal(place)
    return f"{words} among the {of} listed" if partial else f"{words} of {of}"


def country_history(site: Site, code: str) -> list[dict[str, Any]]:
    """One table per section a jurisdiction appears in (or whose breakdown divides its row), newest period first."""
    groups: dict[str, dict[str, Any]] = {}
    for report in site.published_reports:
        for section in report.sections:
            item = _history_item(site, report, section, code)
            if item is None:
                continue
            lead = section.lead_measure(site.measures)
            group = groups.setdefault(section.id, {"id": section.id, "title": section.title, "items": [],
                                                   "breakdown": section.row(code) is None,
                                                   "dimension": section.dimension, "measures": set(),
                                                   "rank_by": site.measures[lead].label.lower() if lead else ""})
            group["items"].append(item)
            group["measures"] |= set(section.table_measures)
    for group in groups.values():
        group["absent"] = absent_periods(site, group["id"], code) if not group["breakdown"] else None
        group["measures"] = site.measures.ordered(group["measures"])
        for item in group["items"]:
            item["cells"] = [row_cells(item["report"], item["section"], r.key, r.values, group["measures"])
                             for r in item["rows"]]
            item["total_cells"] = row_cells(item["report"], item["section"], None, item["section"].totals,
                                            group["measures"])
            item["total_name"] = total_name(item["report"], item["section"])
    return list(groups.values())


def _history_item(site: Site, report: Report, section: Section, code: str) -> dict[str, Any] | None:
    row = section.row(code)
    breaks_down = section.breakdown_of is not None and section.breakdown_of.row == code and (
        (parent := report.section(section.breakdown_of.section)) is not None and parent.dimension.is_jurisdictions)
    if row is None and not breaks_down:
        return None
    rows = _ordered_rows(section) if breaks_down else [row]
    return {"report": report, "section": section, "rows": rows,
            "notes": [n for n in report.notes if n.section == section.id and (breaks_down or n.row == code)],
            "row_notes": report.notes_at(section.id, code), "rank": rank(site.measures, section, code)}


def countries_index(site: Site) -> list[dict[str, Any]]:
    """One table per top-level table of jurisdictions: each jurisdiction's lead figure in every period whose table
    has rows (a dash where it has none of them); the periods that published only the table's totals apart."""
    tables = []
    for section_id in site.jurisdiction_tables:
        series = list(reversed(site.series(section_id)))
        shown = [(r, s) for r, s in series if s.rows and s.dimension.is_jurisdictions]
        latest = shown[0][1]
        lead = latest.lead_measure(site.measures)
        if lead is None:
            continue
        codes = sorted({r.key for _, s in shown for r in s.rows if r.has_page},
                       key=lambda c: site.jurisdictions[c].name)
        rows = [{"code": c, "name": site.jurisdictions[c].name,
                 "figures": [_index_cell(s.row(c), lead) for _, s in shown]} for c in codes]
        tables.append({"id": section_id, "title": latest.title, "measure": site.measures[lead],
                       "periods": [r for r, _ in shown], "rows": rows,
                       "has_absent": any(f["absent"] for row in rows for f in row["figures"]),
                       "totals_only": [r for r, s in series if not s.rows]})
    return tables


def _index_cell(row: Row | None, lead: str) -> dict[str, Any]:
    """One jurisdiction's figure in one period on the countries index, or the dash of a period without its row."""
    if row is None:
        return {"text": ABSENT, "absent": True}
    return {"text": figure_text(row.value(lead)), "absent": False}


def absent_periods(site: Site, section_id: str, code: str) -> dict[str, list[Report]]:
    """The published periods of a table, newest first, in which a jurisdiction has no row: 'missing' where the
    table lists other rows, 'totals_only' where it lists none (only its totals were published)."""
    series = list(reversed(site.series(section_id)))
    return {"missing": [r for r, s in series if s.rows and s.dimension.is_jurisdictions and s.row(code) is None],
            "totals_only": [r for r, s in series if not s.rows]}


def period_table(site: Site) -> dict[str, Any]:
    """The main table's headline figures in every period that publishes it, oldest first."""
    series = site.series(site.main_series or "")
    shown = site.measures.ordered(m for m in site.measures.headline
                                  if any(m in s.measures for _, s in series))
    periods = []
    for report, section in series:
        items = {i["key"]: i for i in headline(site.measures, section)}
        periods.append({"report": report, "words": period_words(report),
                        "cells": [items.get(m.id, {"text": figure_text(section.total(m.id)), "share": ""})
                                  for m in shown]})
    return {"measures": shown, "periods": periods, "title": series[-1][1].title if series else ""}
