"""Chart specifications built with Altair from the model; every value comes from data/, every word from declarations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
from altair.utils.schemapi import debug_mode

from ..model.objects import Measure, Row, Section, Site
from ..plan.charts import MAP, PlannedChart, history_series
from ..validate.figures import Observation, figure_text
from .chart_parts import (
    ACCENT_COLOUR,
    BAR_COLOUR,
    MISSING,
    SERIES_COLOURS,
    Chart,
    count_axis,
    finished_spec,
    largest,
    plotted_cells,
    report_section,
)
from .numbers import share_text
from .period_charts import HOW, mixed_lengths, periods_chart, rate_chart, short_period, trend_chart

TOP_ROWS = 10
RANGE_TITLE = "Range published (the true figure lies within the bar)"


def _bars(values: list[dict[str, Any]], axis: str, tooltip: list[alt.Tooltip], labels: list[str],
          colour: alt.Color | None = None) -> alt.Chart:
    """Horizontal bars of `value` by `label`, every label kept (a missing value leaves its gap)."""
    return alt.Chart(alt.Data(values=values)).mark_bar(color=BAR_COLOUR).encode(
        y=alt.Y("label:N", title=None, sort=None, scale=alt.Scale(domain=labels)),
        x=alt.X("value:Q", axis=count_axis(axis, largest(values, "value"))),
        tooltip=tooltip,
        **({"color": colour} if colour is not None else {}),
    )


def _words(values: list[dict[str, Any]], text: Callable[[dict[str, Any]], str]) -> str:
    return "; ".join(f"{v['label']} {text(v)}" for v in values)


def _count_text(value: dict[str, Any]) -> str:
    return MISSING if value["value"] is None else f"{value['value']:,}"


def _range_text(value: dict[str, Any]) -> str:
    return value["range"]


def outcomes_chart(site: Site, planned: PlannedChart) -> Chart:
    """Bars of the parts of one count in a section's totals, each with its share of the whole."""
    report, section = report_section(site, planned)
    outcome_set = next(s for s in site.measures.outcome_sets if s.id == planned.subject)
    whole = site.measures[outcome_set.whole]
    total = section.total(whole.id).value or 0
    parts = site.measures.ordered(outcome_set.parts)
    values = [{"label": m.label, "value": section.total(m.id).value, "share": share_text(
        section.total(m.id).value or 0, total)} for m in parts]
    title = f"{outcome_set.title}: {total:,} {whole.unit} ({section.title}, {report.title})"
    words = _words(values, lambda v: f"{v['value']:,} ({v['share']})")
    description = f"Bar chart: {outcome_set.title}. {words}."
    share = f"Share of {whole.unit}"
    tooltip = [alt.Tooltip("label:N", title="Outcome"), alt.Tooltip("value:Q", title=whole.short_label, format=","),
               alt.Tooltip("share:N", title=share)]
    spec = finished_spec(_bars(values, whole.short_label, tooltip, [v["label"] for v in values]), description,
                   40 * len(values))
    rows = [(v["label"], f"{v['value']:,}", v["share"]) for v in values]
    return Chart(planned.id, title, description, spec, ("Outcome", whole.short_label, share), tuple(rows),
                 plotted_cells(rows, (1,)))


def top_rows_chart(site: Site, planned: PlannedChart) -> Chart:
    """Bars of the jurisdictions with the largest lead figure (groups such as rest of world left out)."""
    report, section = report_section(site, planned)
    measure = site.measures[section.lead_measure(site.measures) or site.measures.primary]
    counted = [r for r in section.rows if r.value(measure.id).is_number and r.has_page]
    top = sorted(counted, key=lambda r: (-(r.value(measure.id).value or 0), r.name))[:TOP_ROWS]
    values = [{"label": r.name, "value": r.value(measure.id).value} for r in top]
    among = f" among the {len(section.rows)} listed" if section.partial else ""
    title = (f"The {len(top)} {section.dimension.plural} with most {measure.unit}{among} "
             f"({section.title}, {report.title})")
    words = _words(values, _count_text)
    description = (f"Bar chart of {measure.label.lower()} by {section.dimension.label.lower()}, largest first{among}. "
                   f"{words}.")
    tooltip = [alt.Tooltip("label:N", title=section.dimension.label),
               alt.Tooltip("value:Q", title=measure.short_label, format=",")]
    spec = finished_spec(_bars(values, measure.short_label, tooltip, [v["label"] for v in values]), description,
                   24 * len(values))
    rows = [(v["label"], f"{v['value']:,}") for v in values]
    return Chart(planned.id, title, description, spec, (section.dimension.label, measure.short_label), tuple(rows),
                 plotted_cells(rows, (1,)))


def categories_chart(site: Site, planned: PlannedChart) -> Chart:
    """Bars of every count a section publishes, for each category: e.g. demands received and answered by type."""
    report, section = report_section(site, planned)
    measures = [m for m in site.measures.ordered(section.columns) if not m.is_percentage]
    values = [{"label": r.name, "measure": m.short_label, "value": r.value(m.id).value}
              for r in section.rows for m in measures if r.value(m.id).is_number]
    names = " and ".join(m.label.lower() for m in measures)
    title = f"{names[:1].upper()}{names[1:]} by {section.dimension.label.lower()} ({section.title}, {report.title})"
    words = "; ".join(f"{r.name}: " + ", ".join(f"{m.label.lower()} {figure_text(r.value(m.id))}" for m in measures)
                      for r in section.rows)
    description = f"Bar chart of {names} for each {section.dimension.label.lower()}. {words}."
    labels = [r.name for r in section.rows]
    colour = alt.Color("measure:N", title=None, sort=[m.short_label for m in measures],
                       scale=alt.Scale(range=list(SERIES_COLOURS[: len(measures)])))
    tooltip = [alt.Tooltip("label:N", title=section.dimension.label), alt.Tooltip("measure:N", title="Figure"),
               alt.Tooltip("value:Q", title="Number", format=",")]
    chart = _bars(values, "Number", tooltip, labels, colour if len(measures) > 1 else None)
    if len(measures) > 1:
        chart = chart.encode(yOffset=alt.YOffset("measure:N", sort=[m.short_label for m in measures]))
    spec = finished_spec(chart, description, max(40, 16 * len(measures) * len(labels)))
    rows = [(r.name, *(_text_or_missing(r.value(m.id)) for m in measures)) for r in section.rows]
    return Chart(planned.id, title, description, spec, (section.dimension.label, *(m.short_label for m in measures)),
                 tuple(rows), plotted_cells(rows, tuple(range(1, len(measures) + 1))))


def _text_or_missing(obs: Observation) -> str:
    return figure_text(obs) if obs.is_number else MISSING


def history_chart(site: Site, planned: PlannedChart) -> Chart:
    """One jurisdiction's lead figure in each period of the table it appears in first: bars of its figures when the
    periods are of one length, else its monthly rate across the months each covers."""
    code = planned.subject
    name = site.jurisdictions[code].name
    section_id = history_series(site, code) or ""
    series = site.series(section_id)
    measure = site.measures[series[0][1].lead_measure(site.measures) or site.measures.primary]
    points = [(report, row.value(measure.id)) for report, section in series
              if (row := section.row(code)) is not None and row.value(measure.id).is_number]
    table = series[-1][1].title
    if mixed_lengths(points):
        return rate_chart(planned.id, measure, points, f"{measure.label} per month: {name} in each period ({table}; "
                          f"{HOW})", f" for {name}")
    values = [{"label": short_period(report), "period": report.title, "value": obs.value} for report, obs in points]
    length = f"{points[0][0].months}-month " if points else ""
    words = "; ".join(f"{v['period']} {v['value']:,}" for v in values)
    description = f"Bar chart of {measure.label.lower()} for {name} in each {length}period ({table}). {words}."
    tooltip = [alt.Tooltip("period:N", title="Period"), alt.Tooltip("value:Q", title=measure.short_label, format=",")]
    rows = [(v["period"], f"{v['value']:,}") for v in values]
    return Chart(planned.id, f"{measure.label}: {name} in each {length}period ({table})", description,
                 finished_spec(_bars(values, measure.short_label, tooltip, [v["label"] for v in values]), description,
                         40 * len(values)), ("Period", measure.short_label), tuple(rows), plotted_cells(rows, (1,)))


def _ranges(name: str, figures: Row | Section, measures: tuple[Measure, ...]) -> list[dict[str, Any]]:
    values = []
    for measure in measures:
        obs = figures.value(measure.id) if isinstance(figures, Row) else figures.total(measure.id)
        low, high = (obs.value, obs.value) if obs.is_number else (obs.low, obs.high)
        if obs.state in ("number", "band") and low is not None and high is not None:
            label = f"{name}: {measure.label.lower()}" if name else measure.label
            values.append({"label": label, "low": low, "high": high, "range": figure_text(obs)})
    return values


def _interval_chart(values: list[dict[str, Any]], description: str) -> dict[str, Any]:
    chart = alt.Chart(alt.Data(values=values)).mark_bar(color=ACCENT_COLOUR, height=14).encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("low:Q", axis=count_axis(RANGE_TITLE, largest(values, "high"))),
        x2=alt.X2("high:Q"),
        tooltip=[alt.Tooltip("label:N", title="Figure"), alt.Tooltip("range:N", title="Published range")],
    )
    return finished_spec(chart, description, 30 * len(values))


def ranges_chart(site: Site, planned: PlannedChart) -> Chart:
    """National-security figures as intervals from low to high: never a single point, never summed."""
    report, section = report_section(site, planned)
    measures = tuple(m for m in site.measures.ordered(section.measures) if not m.is_percentage)
    items: list[tuple[str, Row | Section]] = [(r.name, r) for r in section.rows] or [("", section)]
    values = [v for name, figures in items for v in _ranges(name, figures, measures)]
    title = f"{section.title}, {report.title}: published ranges"
    description = (f"Interval chart: each bar spans the range the true figure lies in. "
                   f"{_words(values, _range_text)}.")
    rows = [(v["label"], v["range"]) for v in values]
    return Chart(planned.id, title, description, _interval_chart(values, description), ("Figure", "Published range"),
                 tuple(rows), plotted_cells(rows, (1,)))


def bands_over_time_chart(site: Site, planned: PlannedChart) -> Chart:
    """A national-security table's ranges in every period that publishes it, oldest first, one colour per figure."""
    series = site.series(planned.subject)
    title_of = series[-1][1].title
    measures = site.measures.ordered({m for _, s in series for m in s.measures})
    values = [{**v, "period": report.title, "figure": m.short_label}
              for report, section in series for m in measures for v in _ranges(report.title, section, (m,))]
    description = (f"Interval chart of {title_of} in each period: each bar spans the range the true figure lies in. "
                   f"{_words(values, _range_text)}.")
    figures = [m.short_label for m in measures]
    chart = alt.Chart(alt.Data(values=values)).mark_bar(height=8).encode(
        y=alt.Y("period:N", title=None, sort=None),
        yOffset=alt.YOffset("figure:N", sort=figures),
        x=alt.X("low:Q", axis=count_axis(RANGE_TITLE, largest(values, "high"))),
        x2=alt.X2("high:Q"),
        color=alt.Color("figure:N", title=None, sort=figures,
                        scale=alt.Scale(range=list(SERIES_COLOURS[1: len(figures) + 1]))),
        tooltip=[alt.Tooltip("period:N", title="Period"), alt.Tooltip("figure:N", title="Figure"),
                 alt.Tooltip("range:N", title="Published range")],
    )
    rows = [(v["label"], v["range"]) for v in values]
    spec = finished_spec(chart, description, 24 * len(series) * max(1, len(figures)) // 2 + 20)
    return Chart(planned.id, f"{title_of}: published ranges in each period", description, spec,
                 ("Period and figure", "Published range"), tuple(rows), plotted_cells(rows, (1,)))


CHART_MAKERS: dict[str, Callable[[Site, PlannedChart], Chart]] = {
    "outcomes": outcomes_chart,
    "top-rows": top_rows_chart,
    "categories": categories_chart,
    "ranges": ranges_chart,
    "trend": trend_chart,
    "periods": periods_chart,
    "bands-over-time": bands_over_time_chart,
    "history": history_chart,
}


def make_chart(site: Site, planned: PlannedChart) -> Chart:
    """The chart a planned chart describes. Altair's check of each part against the Vega-Lite schema as it is made
    (its debug mode) is left out, as `to_dict(validate=False)` leaves out the check of the whole: the specs have
    fixed shapes that the tests cover, and the checks cost more than making the spec."""
    with debug_mode(False):
        if planned.kind == MAP:  # render/map_chart.py builds on this module, so it is imported here, when needed
            from .map_chart import map_chart
            return map_chart(site, planned)
        return CHART_MAKERS[planned.kind](site, planned)
