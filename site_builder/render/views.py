"""What each kind of page shows: plain data prepared for the templates, no markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.objects import MEASURES, OUTCOMES, Note, Report, Section, Site
from ..validate.figures import Observation, figure_text
from .numbers import change_text, points_text, share, share_text


@dataclass(frozen=True)
class Cell:
    """One figure in a table, with the footnote numbers attached to it."""

    text: str
    notes: tuple[int, ...] = ()
    numeric: bool = True
    state: str = "number"


def period_words(report: Report) -> str:
    """'6 months' or '12 months (a whole year)'."""
    return "12 months (a whole year)" if report.months == 12 else f"{report.months} months"


def headline(section: Section) -> list[dict[str, Any]]:
    """Each measure of a section's totals, with the share of requests for outcomes."""
    requests = section.totals["requests"]
    items = []
    for measure in MEASURES:
        obs = section.totals[measure.key]
        if section.is_national_security and measure.is_outcome:
            continue
        shown = measure.is_outcome and obs.is_number and requests.is_number
        items.append({"key": measure.key, "label": measure.label, "text": figure_text(obs), "state": obs.state,
                      "share": share_text(obs.value, requests.value) if shown else "",
                      "is_outcome": measure.is_outcome})
    return items


def notes_for(notes: tuple[Note, ...], section: str | None = None, code: str | None = None,
              measure: str | None = None) -> tuple[int, ...]:
    """Numbers of the notes attached exactly at this place."""
    return tuple(n.number for n in notes if (n.section, n.jurisdiction, n.measure) == (section, code, measure))


def row_cells(report: Report, section: Section, code: str | None, values: dict[str, Observation]) -> list[Cell]:
    return [Cell(figure_text(values[m.key]), notes_for(report.notes, section.id, code, m.key),
                 values[m.key].is_number, values[m.key].state) for m in MEASURES]


def section_view(report: Report, section: Section) -> dict[str, Any]:
    """A section's headline, full table and the notes that belong to it."""
    rows = sorted(section.rows, key=lambda r: r.name)
    parent = report.section(section.subset_of) if section.subset_of else None
    return {
        "section": section,
        "parent": parent,
        "headline": headline(section),
        "notes": notes_for(report.notes, section.id),
        "rows": [{"code": r.code, "name": r.name, "notes": notes_for(report.notes, section.id, r.code),
                  "cells": row_cells(report, section, r.code, r.values)} for r in rows],
        "total_cells": row_cells(report, section, None, section.totals),
    }


def comparison(site: Site, report: Report) -> dict[str, Any] | None:
    """This report beside the latest earlier period of the same length (with changes), or, when there is
    none, beside the previous period (without changes); the previous period's length is always stated."""
    earlier = [r for r in site.published_reports if r.end < report.start]
    if not earlier:
        return None
    previous = earlier[0]
    comparable = next((r for r in earlier if r.months == report.months), None)
    shown = comparable or previous
    return {
        "previous": previous,
        "comparable": comparable,
        "shown": shown,
        "previous_words": period_words(previous),
        "this_words": period_words(report),
        "rows": _comparison_rows(report.main_section, shown.main_section, comparable is not None),
    }


def _comparison_rows(now: Section, before: Section, with_change: bool) -> list[dict[str, Any]]:
    return [{"label": m.label, "now": figure_text(now.totals[m.key]), "previous": figure_text(before.totals[m.key]),
             "change": _change(now, before, m.key) if with_change else ""} for m in MEASURES]


def _change(now: Section, before: Section, key: str) -> str:
    new, old = now.totals[key], before.totals[key]
    if not (new.is_number and old.is_number):
        return "not comparable"
    if key in {m.key for m in OUTCOMES}:
        new_share = share(new.value, now.totals["requests"].value or 0)
        old_share = share(old.value, before.totals["requests"].value or 0)
        if new_share is not None and old_share is not None:
            return f"{change_text(new.value, old.value)}; share {points_text(new_share, old_share)}"
    return change_text(new.value, old.value)


def country_history(site: Site, code: str) -> list[dict[str, Any]]:
    """Every published period and section with a row for one jurisdiction, newest first."""
    history = []
    for report in site.published_reports:
        for section in report.sections:
            row = section.row(code)
            if row is not None:
                history.append({"report": report, "section": section,
                                "notes": [n for n in report.notes if n.section == section.id
                                          and n.jurisdiction == code],
                                "row_notes": notes_for(report.notes, section.id, code),
                                "rank": rank(section, code),
                                "cells": row_cells(report, section, code, row.values)})
    return history


def countries_index(site: Site) -> list[dict[str, Any]]:
    """Each jurisdiction with its requests in every period's main section."""
    reports = [r for r in site.published_reports if r.main_section.rows]
    items = []
    for code in site.published_codes:
        figures = [r.main_section.row(code) for r in reports]
        items.append({"code": code, "name": site.jurisdictions[code].name,
                      "requests": [figure_text(f.values["requests"]) if f else "—" for f in figures]})
    return sorted(items, key=lambda i: i["name"])


def rank(section: Section, code: str) -> tuple[int, int] | None:
    """(rank by requests, number of ranked rows) for one jurisdiction; ties share a rank."""
    counted = [r.values["requests"].value for r in section.rows if r.values["requests"].is_number]
    row = section.row(code)
    if row is None or not row.values["requests"].is_number:
        return None
    return 1 + sum(v > row.values["requests"].value for v in counted), len(counted)


def period_table(site: Site) -> list[dict[str, Any]]:
    """Every published period's main figures, oldest first, with outcome shares."""
    return [{"report": r, "words": period_words(r), "headline": headline(r.main_section)}
            for r in reversed(site.published_reports)]
