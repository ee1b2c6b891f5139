"""The whole-report print view: the report page with every chart kept as its static SVG."""

from __future__ import annotations


def static_figures(html: str, live: dict[str, str], static: dict[str, str]) -> str:
    """`html` with each chart figure that the chart script would redraw swapped for its static-only twin."""
    for chart_id, figure in live.items():
        html = html.replace(figure, static[chart_id])
    return html
