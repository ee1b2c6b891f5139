"""The main figure across periods of different lengths, compared like with like: each period is drawn across the
months it covers at the height of its monthly rate (its published total divided by its months)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import altair as alt

from ..model.objects import Report, Site
from ..plan.charts import PlannedChart
from ..validate.figures import Observation
from .chart_parts import MISSING, SERIES_COLOURS, Chart, _finish, cells

RATE_OPACITY = 0.3
HOW = "each period's total divided by its months, drawn across the months it covers"


def series_points(site: Site, section_id: str) -> list[tuple[Report, Observation]]:
    """The primary measure's total in each period that publishes the table, oldest first."""
    return [(r, s.total(site.measures.primary)) for r, s in site.series(section_id)]


def rate_text(rate: float) -> str:
    """A monthly rate for reading: whole numbers from 100 up, one decimal below (the chart keeps it exact)."""
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:,.1f}"


def length_words(months: int) -> str:
    return f"{months} months"


def rate_values(site: Site, planned: PlannedChart) -> list[dict[str, Any]]:
    """One record per period: its dates (end exclusive), length, published total and exact monthly rate."""
    values = []
    for report, obs in series_points(site, planned.subject):
        total = obs.value if obs.is_number else None
        rate = None if total is None else total / report.months
        values.append({"label": report.title, "start": report.start.isoformat(),
                       "end": (report.end + timedelta(days=1)).isoformat(), "months": report.months,
                       "length": length_words(report.months), "total": total, "rate": rate,
                       "total_text": MISSING if total is None else f"{total:,}",
                       "rate_text": MISSING if rate is None else rate_text(rate)})
    return values


def _rate_spec(values: list[dict[str, Any]], unit: str, short_label: str, description: str,
               height: int) -> dict[str, Any]:
    lengths = [length_words(m) for m in sorted({v["months"] for v in values})]
    per_month = f"{short_label} per month"
    drawn = sorted(values, key=lambda v: (-v["months"], v["start"]))  # longer periods behind shorter ones
    base = alt.Chart(alt.Data(values=drawn)).encode(
        x=alt.X("start:T", title="Months covered", scale=alt.Scale(type="utc"), axis=alt.Axis(format="%b %Y")),
        x2=alt.X2("end:T"),
        y=alt.Y("rate:Q", title=per_month, axis=alt.Axis(format=",.2~f")),
        color=alt.Color("length:N", title="Period length",
                        scale=alt.Scale(domain=lengths, range=list(SERIES_COLOURS[: len(lengths)]))),
        tooltip=[alt.Tooltip("label:N", title="Period"), alt.Tooltip("length:N", title="Length"),
                 alt.Tooltip("total_text:N", title=f"{short_label} (published total)"),
                 alt.Tooltip("rate_text:N", title=f"{unit.capitalize()} per month")],
    )
    areas = base.mark_rect(opacity=RATE_OPACITY).encode(y2=alt.Y2(datum=0))
    rates = base.mark_rule(strokeWidth=3)
    return _finish(alt.layer(areas, rates), description, height)


def _rate_chart(site: Site, planned: PlannedChart, title: str, height: int) -> Chart:
    primary = site.measures.primary_measure
    values = rate_values(site, planned)
    words = "; ".join(f"{v['label']}: {v['total_text']} over {v['length']}, {v['rate_text']} a month"
                      for v in values if v["rate"] is not None)
    missing = [v["label"] for v in values if v["rate"] is None]
    gaps = f" No figure was published for {', '.join(missing)}." if missing else ""
    description = (f"Chart of {primary.label.lower()} per month in each reporting period: {HOW}, so periods of "
                   f"different lengths compare like with like. {words}.{gaps}")
    spec = _rate_spec(values, primary.unit, primary.short_label, description, height)
    rows = [(v["label"], v["length"], v["total_text"], v["rate_text"]) for v in values]
    columns = ("Period", "Length", f"{primary.short_label} (published total)", f"{primary.short_label} per month")
    return Chart(planned.id, title, description, spec, columns, tuple(rows), cells(rows, (3,)))


def trend_chart(site: Site, planned: PlannedChart) -> Chart:
    """The home page's view across periods: the monthly rate of each, gaps left as gaps."""
    primary = site.measures.primary_measure
    return _rate_chart(site, planned, f"{primary.label} per month in each reporting period ({HOW})", 220)


def periods_chart(site: Site, planned: PlannedChart) -> Chart:
    """The trends page's view: the same rates, taller, beside the table of published totals."""
    primary = site.measures.primary_measure
    return _rate_chart(site, planned, f"{primary.label} per month in each period ({HOW})", 280)
