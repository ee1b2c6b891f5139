"""The whole-report print view: the report page with every chart kept as its static SVG."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .chart_parts import dom_id

# The start of a chart's <figure> (templates/partials/figure.html), naming the chart by its element id.
FIGURE_START = re.compile(r'<figure class="chart" id="([^"]+)">')


def static_figures(html: str, live: Mapping[str, str], static: Mapping[str, str]) -> str:
    """`html` with each chart figure that the chart script would redraw swapped for its static-only twin: in one
    pass over the page, whatever the number of charts the site has."""
    charts = {dom_id(chart_id): chart_id for chart_id in live}
    parts, done = [], 0
    for match in FIGURE_START.finditer(html):
        chart_id = charts.get(match[1])
        if chart_id is None or match.start() < done or not html.startswith(live[chart_id], match.start()):
            continue
        parts += [html[done:match.start()], static[chart_id]]
        done = match.start() + len(live[chart_id])
    return "".join(parts) + html[done:]
