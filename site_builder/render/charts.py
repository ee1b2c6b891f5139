"""Chart specifications built with Altair from the model; every value comes from data/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import altair as alt

from ..model.objects import LABELS, OUTCOMES, Report, Section, Site
from ..validate.figures import figure_text
from .numbers import share_text

BAR_COLOUR = "#3a78c9"
ACCENT_COLOUR = "#c2571a"
TOP_JURISDICTIONS = 10
CHART_WIDTH = 320


@dataclass(frozen=True)
class Chart:
    """One chart: its spec, what it says in words, and the table of its data."""

    id: str
    title: str
    description: str
    spec: dict[str, Any]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def dom_id(self) -> str:
        return "chart-" + self.id.replace("/", "-")


def _config() -> dict[str, Any]:
    return {
        "background": None,
        "view": {"stroke": None},
        "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
        "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelLimit": 300},
    }


# Room around the plot: the static SVG's text is measured with vl-convert's fonts, and browsers
# may draw it wider, which would otherwise clip long labels at the edges.
PADDING = {"left": 40, "right": 40, "top": 5, "bottom": 5}


def _finish(chart: alt.Chart, description: str, height: int) -> dict[str, Any]:
    spec = chart.properties(width=CHART_WIDTH, height=height, description=description).to_dict(validate=False)
    spec["config"] = _config()
    spec["padding"] = PADDING
    spec.pop("$schema", None)
    return spec


def _bars(values: list[dict[str, Any]], tooltip: list[alt.Tooltip], colour: alt.Color | None = None) -> alt.Chart:
    """Horizontal bars of `value` by `label`; the labels need no axis title (the caption names them)."""
    return alt.Chart(alt.Data(values=values)).mark_bar(color=BAR_COLOUR).encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("value:Q", title="Requests", axis=alt.Axis(format=",d")),
        tooltip=tooltip,
        **({"color": colour} if colour is not None else {}),
    )


def outcomes_chart(report: Report, section: Section) -> Chart | None:
    """Bars of the four outcomes of a section's requests, with their shares."""
    requests = section.totals["requests"]
    parts = [(m, section.totals[m.key]) for m in OUTCOMES]
    if not requests.is_number or not all(obs.is_number for _, obs in parts):
        return None
    values = [{"label": m.label, "value": obs.value, "share": share_text(obs.value, requests.value)}
              for m, obs in parts]
    words = "; ".join(f"{v['label']} {v['value']:,} ({v['share']})" for v in values)
    title = f"What happened to the {requests.value:,} requests ({section.title}, {report.title})"
    description = f"Bar chart of request outcomes. {words}."
    tooltip = [alt.Tooltip("label:N", title="Outcome"), alt.Tooltip("value:Q", title="Requests", format=","),
               alt.Tooltip("share:N", title="Share of requests")]
    spec = _finish(_bars(values, tooltip), description, 40 * len(values))
    rows = tuple((v["label"], f"{v['value']:,}", v["share"]) for v in values)
    return Chart(f"{report.id}/{section.id}/outcomes", title, description, spec,
                 ("Outcome", "Requests", "Share of requests"), rows)


def top_jurisdictions_chart(report: Report, section: Section) -> Chart | None:
    """Bars of the jurisdictions that sent the most requests."""
    counted = [r for r in section.rows if r.values["requests"].is_number]
    if not counted:
        return None
    top = sorted(counted, key=lambda r: (-r.values["requests"].value, r.name))[:TOP_JURISDICTIONS]
    values = [{"label": r.name, "value": r.values["requests"].value} for r in top]
    words = "; ".join(f"{v['label']} {v['value']:,}" for v in values)
    title = f"The {len(top)} jurisdictions with most requests ({section.title}, {report.title})"
    description = f"Bar chart of requests by jurisdiction, largest first. {words}."
    tooltip = [alt.Tooltip("label:N", title="Jurisdiction"),
               alt.Tooltip("value:Q", title="Requests", format=",")]
    spec = _finish(_bars(values, tooltip), description, 24 * len(values))
    rows = tuple((v["label"], f"{v['value']:,}") for v in values)
    return Chart(f"{report.id}/{section.id}/top-jurisdictions", title, description, spec,
                 ("Jurisdiction", "Requests"), rows)


def trend_chart(site: Site) -> Chart | None:
    """Bars of requests per period, each labelled with how many months it covers."""
    periods = [r for r in reversed(site.published_reports) if r.main_section.totals["requests"].is_number]
    if not periods:
        return None
    values = [{"label": f"{r.title} ({r.months} months)", "value": r.main_section.totals["requests"].value,
               "length": f"{r.months} months"} for r in periods]
    words = "; ".join(f"{v['label']} {v['value']:,}" for v in values)
    lengths = sorted({v["length"] for v in values})
    caution = " Periods differ in length, so their bars are not directly comparable." if len(lengths) > 1 else ""
    title = "Requests received in each reporting period"
    description = f"Bar chart of requests per period. {words}.{caution}"
    colour = alt.Color("length:N", title="Period length",
                       scale=alt.Scale(domain=lengths, range=[BAR_COLOUR, ACCENT_COLOUR][: len(lengths)]))
    tooltip = [alt.Tooltip("label:N", title="Period"), alt.Tooltip("value:Q", title="Requests", format=",")]
    spec = _finish(_bars(values, tooltip, colour), description, 40 * len(values))
    rows = tuple((v["label"], f"{v['value']:,}") for v in values)
    return Chart("trend", title, description, spec, ("Period", "Requests"), rows)


def report_charts(report: Report) -> list[Chart]:
    """Every chart of one report, in page order."""
    charts = []
    for section in report.sections:
        if section.is_national_security:
            made = [ranges_chart(report, section)]
        else:
            made = [outcomes_chart(report, section), top_jurisdictions_chart(report, section)]
        charts += [c for c in made if c]
    return charts


def chart_names(report: Report) -> set[str]:
    """The names an editor may use for this report's charts, e.g. all-services/outcomes."""
    ids = [c.id for c in report_charts(report)]
    return {i.split("/", 1)[1] for i in ids} | set(ids)



def periods_chart(site: Site) -> Chart | None:
    """Each period drawn across the dates it covers, so a year is twice as wide as a half-year."""
    periods = [r for r in reversed(site.published_reports) if r.main_section.totals["requests"].is_number]
    if not periods:
        return None
    values = [{"label": r.title, "start": r.start.isoformat(), "end": (r.end + timedelta(days=1)).isoformat(),
               "value": r.main_section.totals["requests"].value, "length": f"{r.months} months"} for r in periods]
    lengths = sorted({v["length"] for v in values})
    words = "; ".join(f"{v['label']} ({v['length']}) {v['value']:,}" for v in values)
    description = (f"Requests per period, each bar spanning the dates the period covers. {words}. "
                   "A longer period collects more requests.")
    chart = alt.Chart(alt.Data(values=values)).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("start:T", title="Period covered", axis=alt.Axis(format="%b %Y")),
        x2=alt.X2("end:T"),
        y=alt.Y("value:Q", title="Requests", axis=alt.Axis(format=",d")),
        y2=alt.Y2(datum=0),
        color=alt.Color("length:N", title="Period length",
                        scale=alt.Scale(domain=lengths, range=[BAR_COLOUR, ACCENT_COLOUR][: len(lengths)])),
        tooltip=[alt.Tooltip("label:N", title="Period"), alt.Tooltip("length:N", title="Length"),
                 alt.Tooltip("value:Q", title="Requests", format=",")],
    )
    rows = tuple((v["label"], v["length"], f"{v['value']:,}") for v in values)
    return Chart("periods", "Requests in each period, drawn across the months it covers", description,
                 _finish(chart, description, 260), ("Period", "Length", "Requests"), rows)


def country_chart(site: Site, code: str, name: str) -> Chart | None:
    """Requests from one jurisdiction in each period where its main section has a count."""
    values = []
    for report in reversed(site.published_reports):
        row = report.main_section.row(code)
        if row is not None and row.values["requests"].is_number:
            values.append({"label": f"{report.title} ({report.months} months)",
                           "value": row.values["requests"].value})
    if not values:
        return None
    words = "; ".join(f"{v['label']} {v['value']:,}" for v in values)
    description = f"Bar chart of requests from {name} in each period. {words}."
    tooltip = [alt.Tooltip("label:N", title="Period"), alt.Tooltip("value:Q", title="Requests", format=",")]
    rows = tuple((v["label"], f"{v['value']:,}") for v in values)
    return Chart(f"countries/{code.lower()}/history", f"Requests from {name} in each period", description,
                 _finish(_bars(values, tooltip), description, 40 * len(values)), ("Period", "Requests"),
                 rows)


RANGE_MEASURES = ("requests", "accounts_specified")


def ranges_chart(report: Report, section: Section) -> Chart | None:
    """National-security figures as intervals from low to high: never a single point, never summed."""
    items = [(r.name, r.values) for r in section.rows] or [("All", section.totals)]
    values = []
    for name, figures in items:
        for key in RANGE_MEASURES:
            obs = figures[key]
            low, high = (obs.value, obs.value) if obs.is_number else (obs.low, obs.high)
            if low is not None and high is not None:
                values.append({"label": f"{name}: {LABELS[key].lower()}", "low": low, "high": high,
                               "range": figure_text(obs)})
    if not values:
        return None
    words = "; ".join(f"{v['label']} {v['range']}" for v in values)
    title = f"{section.title}, {report.title}: published ranges"
    description = f"Interval chart: each bar spans the range the true figure lies in. {words}."
    chart = alt.Chart(alt.Data(values=values)).mark_bar(color=ACCENT_COLOUR, height=14).encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("low:Q", title="Range published (the true figure lies within the bar)", axis=alt.Axis(format=",d")),
        x2=alt.X2("high:Q"),
        tooltip=[alt.Tooltip("label:N", title="Figure"), alt.Tooltip("range:N", title="Published range")],
    )
    rows = tuple((v["label"], v["range"]) for v in values)
    return Chart(f"{report.id}/{section.id}/ranges", title, description, _finish(chart, description, 30 * len(values)),
                 ("Figure", "Published range"), rows)
