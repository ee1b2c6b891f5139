"""Figures across periods of different lengths, compared like with like: each period is drawn across the months it
covers at the height of its monthly rate (its published figure divided by its months). Used by the trend charts,
and by a jurisdiction's history when its periods differ in length."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import altair as alt

from ..model.objects import Measure, Report, Site
from ..plan.charts import PlannedChart
from ..validate.figures import Observation
from .chart_parts import MISSING, SERIES_COLOURS, Chart, finished_spec, plotted_cells

RATE_OPACITY = 0.3
TIME_TICKS = 8  # dates along the time axis, at most
TICK_STEPS = (1, 3, 6, 12, 24, 60, 120)  # months between dates, each a whole number of months or years
HOW = "each period's figure divided by its months, drawn across the months it covers"
Points = list[tuple[Report, Observation]]


def series_points(site: Site, section_id: str) -> Points:
    """The primary measure's total in each period that publishes the table, oldest first."""
    return [(r, s.total(site.measures.primary)) for r, s in site.series(section_id)]


def rate_text(rate: float) -> str:
    """A monthly rate for reading: whole numbers from 100 up, one decimal below (the chart keeps it exact)."""
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:,.1f}"


def length_words(months: int) -> str:
    return f"{months} months"


def mixed_lengths(points: Points) -> bool:
    """True when the periods are not all of one length, so their totals are not comparable as they stand."""
    return len({report.months for report, _ in points}) > 1


def short_period(report: Report) -> str:
    """A period in a few characters for an axis: '2024', 'Jan–Jun 2024', 'Mar 2024' or 'Jul 2023–Jun 2024'."""
    start, end = report.start, report.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    if start.year != end.year:
        return f"{start:%b %Y}–{end:%b %Y}"
    return f"{start:%b %Y}" if start.month == end.month else f"{start:%b}–{end:%b %Y}"


def _day_after(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()


def time_axis(values: list[dict[str, Any]]) -> alt.Axis:
    """Dates on whole months or years, few enough to read, so no label repeats (Mar 2025, Mar 2025)."""
    first, last = date.fromisoformat(min(v["start"] for v in values)), date.fromisoformat(max(v["end"] for v in values))
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in TICK_STEPS if months / s <= TIME_TICKS), TICK_STEPS[-1])
    if step < 12:
        return alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": step})
    return alt.Axis(format="%Y", tickCount={"interval": "year", "step": step // 12})


def rate_values(points: Points) -> list[dict[str, Any]]:
    """One record per period: its dates (end exclusive), length, published figure and exact monthly rate."""
    values = []
    for report, obs in points:
        total = obs.value if obs.is_number else None
        rate = None if total is None else total / report.months
        values.append({"label": report.title, "start": report.start.isoformat(), "end": _day_after(report.end),
                       "months": report.months, "length": length_words(report.months), "total": total,
                       "rate": rate, "total_text": MISSING if total is None else f"{total:,}",
                       "rate_text": MISSING if rate is None else rate_text(rate)})
    return values


def _rate_spec(values: list[dict[str, Any]], measure: Measure, description: str, height: int) -> dict[str, Any]:
    lengths = [length_words(m) for m in sorted({v["months"] for v in values})]
    drawn = sorted(values, key=lambda v: (-v["months"], v["start"]))  # longer periods behind shorter ones
    base = alt.Chart(alt.Data(values=drawn)).encode(
        x=alt.X("start:T", title="Months covered", scale=alt.Scale(type="utc"), axis=time_axis(values)),
        x2=alt.X2("end:T"),
        y=alt.Y("rate:Q", title=f"{measure.short_label} per month", axis=alt.Axis(format=",.2~f")),
        color=alt.Color("length:N", title="Period length",
                        scale=alt.Scale(domain=lengths, range=list(SERIES_COLOURS[: len(lengths)]))),
        tooltip=[alt.Tooltip("label:N", title="Period"), alt.Tooltip("length:N", title="Length"),
                 alt.Tooltip("total_text:N", title=f"{measure.short_label} (published)"),
                 alt.Tooltip("rate_text:N", title=f"{measure.unit.capitalize()} per month")],
    )
    areas = base.mark_rect(opacity=RATE_OPACITY).encode(y2=alt.Y2(datum=0))
    rates = base.mark_rule(strokeWidth=3)
    return finished_spec(alt.layer(areas, rates), description, height)


def rate_chart(chart_id: str, measure: Measure, points: Points, title: str, subject: str = "",
               height: int = 220) -> Chart:
    """`measure` per month in each period of `points`; `subject` ("for Brazil") narrows the description."""
    values = rate_values(points)
    words = "; ".join(f"{v['label']}: {v['total_text']} over {v['length']}, {v['rate_text']} a month"
                      for v in values if v["rate"] is not None)
    missing = [v["label"] for v in values if v["rate"] is None]
    gaps = f" No figure was published for {', '.join(missing)}." if missing else ""
    description = (f"Chart of {measure.label.lower()} per month{subject} in each reporting period: {HOW}, so "
                   f"periods of different lengths compare like with like. {words}.{gaps}")
    rows = [(v["label"], v["length"], v["total_text"], v["rate_text"]) for v in values]
    columns = ("Period", "Length", f"{measure.short_label} (published)", f"{measure.short_label} per month")
    return Chart(chart_id, title, description, _rate_spec(values, measure, description, height), columns,
                 tuple(rows), plotted_cells(rows, (3,)))


def trend_chart(site: Site, planned: PlannedChart) -> Chart:
    """The home page's view across periods: the monthly rate of each, gaps left as gaps."""
    primary = site.measures.primary_measure
    return rate_chart(planned.id, primary, series_points(site, planned.subject),
                      f"{primary.label} per month in each reporting period ({HOW})")


def periods_chart(site: Site, planned: PlannedChart) -> Chart:
    """The trends page's view: the same rates, taller, beside the table of published totals."""
    primary = site.measures.primary_measure
    return rate_chart(planned.id, primary, series_points(site, planned.subject),
                      f"{primary.label} per month in each period ({HOW})", height=280)
