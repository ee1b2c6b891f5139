"""Which charts the site has: each with an id editors can place in Markdown and what it is drawn from.

A chart is planned only when its data can be drawn (counts, not words), so that every planned chart
renders and every reference to one can be checked before anything is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.objects import Measures, Report, Section, Site
from .world import can_map, mapped_series

TREND = "trend"
PERIODS = "periods"
TOP_ROWS = "top-jurisdictions"
CATEGORIES = "by-category"
RANGES = "ranges"
MAP = "map"


@dataclass(frozen=True)
class PlannedChart:
    """One chart: its id, the kind of chart, and the report, section and subject it shows."""

    id: str
    kind: str  # outcomes | top-rows | categories | ranges | trend | periods | bands-over-time | history | map
    report: str = ""
    section: str = ""
    subject: str = ""  # an outcome set's id, a jurisdiction's code, or the section id a series follows


def has_figures(section: Section, measures: Measures, numbers_only: bool = False) -> bool:
    """True when some row or total of a count measure is a number (or, unless `numbers_only`, a band)."""
    counts = [m.id for m in measures.ordered(section.measures) if not m.is_percentage]
    values = [v for row in section.rows for k, v in row.values.items() if k in counts]
    values += [section.total(k) for k in counts]
    return any(v.is_number or (v.state == "band" and not numbers_only) for v in values)


def section_charts(report: Report, section: Section, measures: Measures) -> list[PlannedChart]:
    """The charts of one section, in page order."""
    prefix = f"{report.id}/{section.id}"
    if section.is_national_security:
        return [PlannedChart(f"{prefix}/{RANGES}", "ranges", report.id, section.id)] if has_figures(
            section, measures) else []
    charts = [PlannedChart(f"{prefix}/{s.id}", "outcomes", report.id, section.id, s.id)
              for s in measures.outcome_sets
              if all(k in section.measures and section.total(k).is_number for k in (s.whole, *s.parts))]
    lead = section.lead_measure(measures)
    if section.dimension.is_jurisdictions:
        if lead and sum(r.value(lead).is_number and r.has_page for r in section.rows) > 1:
            charts.append(PlannedChart(f"{prefix}/{TOP_ROWS}", "top-rows", report.id, section.id))
    elif section.rows and has_figures(section, measures, numbers_only=True):
        charts.append(PlannedChart(f"{prefix}/{CATEGORIES}", "categories", report.id, section.id))
    if section.subset_of is None and can_map(section, measures):  # a world map, as on the countries index
        charts.append(PlannedChart(f"{prefix}/{MAP}", MAP, report.id, section.id))
    return charts


def report_charts(report: Report, measures: Measures) -> list[PlannedChart]:
    """Every chart of one report, in page order."""
    return [c for s in report.sections for c in section_charts(report, s, measures)]


def chart_names(report: Report, measures: Measures) -> set[str]:
    """The names an editor may use for this report's charts in its commentary: all-services/outcomes, or in full."""
    ids = [c.id for c in report_charts(report, measures)]
    return {i.split("/", 1)[1] for i in ids} | set(ids)


def site_charts(site: Site) -> list[PlannedChart]:
    """Every chart of the site: the reports', the trends' and each jurisdiction's."""
    charts = [c for r in site.published_reports for c in report_charts(r, site.measures)]
    main = site.main_series
    if main and any(s.total(site.measures.primary).is_number for _, s in site.series(main)):
        charts += [PlannedChart(TREND, "trend", subject=main), PlannedChart(PERIODS, "periods", subject=main)]
    charts += [PlannedChart(f"trends/{section_id}", "bands-over-time", subject=section_id)
               for section_id in banded_series(site)]
    charts += [PlannedChart(f"countries/{code.lower()}/history", "history", subject=code)
               for code in site.published_codes if history_series(site, code)]
    charts += [PlannedChart(index_map_id(i), MAP, subject=i) for i in mapped_series(site)]  # latest period
    return charts


def index_map_id(section_id: str) -> str:
    """The id of the countries index's world map of one table of jurisdictions."""
    return f"countries/{MAP}-{section_id}"


def banded_series(site: Site) -> list[str]:
    """Ids of national-security tables published in two periods or more, followed across periods on /trends/."""
    ids = dict.fromkeys(s.id for r in reversed(site.published_reports) for s in r.national_security)
    return [i for i in ids if len(site.series(i)) > 1 and all(has_figures(s, site.measures)
                                                               for _, s in site.series(i))]


def history_series(site: Site, code: str) -> str | None:
    """The table a jurisdiction's history chart follows: the first (not a subset) where it has a counted lead figure."""
    for report in site.published_reports:
        for section in report.sections:
            row = section.row(code)
            lead = section.lead_measure(site.measures)
            if section.subset_of is None and row is not None and lead and row.value(lead).is_number:
                return section.id
    return None
