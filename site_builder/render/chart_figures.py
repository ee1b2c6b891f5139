"""Every planned chart as a spec, static SVGs, downloads and the `<figure>` a page shows (live, or static for print).

Each chart is made when first asked for: a build that makes every file asks for all of them at once (`make`), so
that their SVGs are drawn on every core; one that makes a few files again makes only the charts those show."""

from __future__ import annotations

import contextlib
import pickle
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from ..model.objects import Site, SiteConfig
from ..plan.charts import MAP, PlannedChart
from ..plan.plan import CHART_FORMATS, Plan, chart_download_url
from .cache import Cache
from .chart_files import Provenance, chart_csv, chart_pngs, chart_svg
from .chart_parts import Chart
from .environment import Templates, json_for_script
from .later import Later
from .svg_render import StaticSvgs, render_svgs
from .urls import absolute_url
from .workers import ENOUGH, Workers

V = TypeVar("V")


@dataclass(frozen=True)
class Figure:
    """One chart made: its live figure (with the spec the chart script draws), its static-only figure, its static
    SVGs, whom its downloads cite, and its PNG (drawn in the background)."""

    live: str
    static: str
    svgs: StaticSvgs
    provenance: Provenance
    png: Later


class _Made(Mapping[str, V], Generic[V]):
    """Chart id → one part of each chart, made when asked for; iterating names every planned chart, making none."""

    def __init__(self, ids: Mapping[str, object], part: Callable[[str], V]) -> None:
        self.ids, self.part = ids, part

    def __getitem__(self, chart_id: str) -> V:
        if chart_id not in self.ids:
            raise KeyError(chart_id)
        return self.part(chart_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, chart_id: object) -> bool:
        return chart_id in self.ids


class ChartFigures:
    """Chart id → the chart (`charts`), its live figure (`live`) and its static-only figure (`static`), each made
    when first asked for; `download` makes its files. Pickled (as a build's kept state), it keeps what was made."""

    def __init__(self, site: Site, plan: Plan, templates: Templates, cache: Cache, workers: Workers,
                 keys: Mapping[str, str]) -> None:
        self._planned = {p.id: p for p in plan.charts}
        self._maker: _Maker | None = _Maker(site, templates, cache, workers, keys)
        self._charts: dict[str, Chart] = {}
        self._figures: dict[str, Figure] = {}

    @property
    def charts(self) -> Mapping[str, Chart]:
        return _Made(self._planned, self._chart)

    @property
    def live(self) -> Mapping[str, str]:
        return _Made(self._planned, lambda chart_id: self._figure(chart_id).live)

    @property
    def static(self) -> Mapping[str, str]:
        return _Made(self._planned, lambda chart_id: self._figure(chart_id).static)

    def get(self, chart_id: str) -> str:
        """A chart's live figure, or "" when the site has no such chart."""
        return self._figure(chart_id).live if chart_id in self._planned else ""

    def of(self, prefix: str, leave_out: Collection[str] = ()) -> dict[str, str]:
        """The live figures of the charts whose ids start with `prefix`, by id, but those `leave_out` names by
        their id or the rest of it."""
        return {cid: self._figure(cid).live for cid in self._planned if cid.startswith(prefix)
                and cid not in leave_out and cid[len(prefix):] not in leave_out}

    def placeable(self, prefix: str = "") -> Mapping[tuple[str, str], str]:
        """What Markdown may place, by ("chart", name): every chart's live figure by its full id, and with a
        `prefix`, the charts under it by the rest of their ids too (a report's commentary names its own so)."""
        return _Placeable(self, prefix)

    def download(self, chart_id: str, fmt: str) -> bytes:
        """A chart's data as CSV, or the chart as a standalone SVG or PNG."""
        chart, figure = self._chart(chart_id), self._figure(chart_id)
        if fmt == "csv":
            return chart_csv(chart, figure.provenance)
        if fmt == "png":
            return figure.png.result()
        return chart_svg(chart, figure.svgs.wide, figure.provenance).encode("utf-8")

    def make(self, chart_ids: Iterable[str] | None = None) -> None:
        """Make the charts `chart_ids` (all, by default) at once, their SVGs drawn on every worker."""
        wanted = [self._planned[i] for i in (self._planned if chart_ids is None else chart_ids)
                  if i not in self._figures]
        if wanted:
            maker = self._made_maker()
            self._charts |= maker.charts([p for p in wanted if p.id not in self._charts])
            self._figures |= maker.figures(wanted, {p.id: self._charts[p.id] for p in wanted})

    def _chart(self, chart_id: str) -> Chart:
        if chart_id not in self._charts:
            self._charts[chart_id] = self._made_maker().chart(self._planned[chart_id])
        return self._charts[chart_id]

    def _figure(self, chart_id: str) -> Figure:
        if chart_id not in self._figures:
            self.make([chart_id])
        return self._figures[chart_id]

    def _made_maker(self) -> _Maker:
        if self._maker is None:
            raise LookupError("a kept state holds only the charts its build made")
        return self._maker

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__ | {"_maker": None}


class _Placeable(Mapping[tuple[str, str], str]):
    """("chart", name) → a live figure, made when placed."""

    def __init__(self, figures: ChartFigures, prefix: str) -> None:
        self.figures, self.prefix = figures, prefix

    def _id(self, key: object) -> str | None:
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] == "chart"):
            return None
        ids = self.figures.charts
        return next((cid for cid in (self.prefix + key[1] if self.prefix else None, key[1]) if cid in ids), None)

    def __getitem__(self, key: tuple[str, str]) -> str:
        chart_id = self._id(key)
        if chart_id is None:
            raise KeyError(key)
        return self.figures.get(chart_id)

    def __contains__(self, key: object) -> bool:
        return self._id(key) is not None

    def __iter__(self) -> Iterator[tuple[str, str]]:
        ids = list(self.figures.charts)
        short = [cid[len(self.prefix):] for cid in ids if self.prefix and cid.startswith(self.prefix)]
        return iter(dict.fromkeys(("chart", name) for name in (*ids, *short)))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def keep_chart_library() -> None:
    """Altair imported into this process for good: a process that builds again and again (serve) then makes charts
    itself, rather than starting a process for them (half a second) on every rebuild that makes many."""
    from . import charts  # noqa: F401


def make_charts(site: Site, planned: list[PlannedChart]) -> list[Chart]:
    """The charts `planned` describes. Altair is imported here, when charts are made: it takes a fifth of a second
    to import, which a build that takes its charts from the cache, or only makes edited pages again (edits.py),
    never needs."""
    from .charts import make_chart

    return [make_chart(site, p) for p in planned]


def render_chart_figures(site: Site, plan: Plan, templates: Templates, cache: Cache, workers: Workers,
                         keys: Mapping[str, str]) -> ChartFigures:
    """The planned charts, none made yet; `keys`: each chart's key (output_keys.py), under which it is cached."""
    return ChartFigures(site, plan, templates, cache, workers, keys)


def chart_provenance(site: Site, planned: PlannedChart) -> Provenance:
    """A report's chart cites the report's source; charts across reports cite the site."""
    config: SiteConfig = site.config
    licence = f"{config.licence_name} ({config.licence_url})"
    licence = f"{licence}. {config.attribution}" if config.attribution else licence
    report = next((r for r in site.reports if r.id == planned.report), None) if planned.report else None
    source = (f"{config.organisation}, {config.title}: {report.title} ({report.source})" if report and report.source
              else f"{config.organisation}, {config.title} ({absolute_url(config, '/')})")
    return Provenance(source, licence)


class _Maker:
    """What makes charts: the site, its templates, the cache, the workers, and the charts' keys."""

    def __init__(self, site: Site, templates: Templates, cache: Cache, workers: Workers,
                 keys: Mapping[str, str]) -> None:
        self.site, self.templates, self.cache, self.workers, self.keys = site, templates, cache, workers, keys

    def chart(self, planned: PlannedChart) -> Chart:
        """The chart as its key keeps it in the cache, else made (and kept)."""
        return self.charts([planned])[planned.id]

    def charts(self, planned: list[PlannedChart]) -> dict[str, Chart]:
        """Each chart as its key keeps it in the cache, else made (and kept): in a process of its own when there
        are many, so that Altair (about 33 MiB once imported) never enters this one, unless it is here already."""
        charts = {p.id: chart for p in planned if (chart := self._kept(p)) is not None}
        wanted = [p for p in planned if p.id not in charts]
        if not wanted:
            return charts
        apart = len(wanted) >= ENOUGH and "altair" not in sys.modules
        made = self.workers.alone(make_charts, self.site, wanted) if apart else make_charts(self.site, wanted)
        for p, chart in zip(wanted, made, strict=True):
            charts[p.id] = chart
            if p.id in self.keys:
                self.cache.put(self._name(p), pickle.dumps(chart, pickle.HIGHEST_PROTOCOL))
        return charts

    def _kept(self, planned: PlannedChart) -> Chart | None:
        kept = self.cache.get(self._name(planned)) if planned.id in self.keys else None
        if kept is not None:
            with contextlib.suppress(Exception):  # a kept chart that cannot be read is made again
                return cast(Chart, pickle.loads(kept))
        return None

    def _name(self, planned: PlannedChart) -> str:
        return f"charts/{self.keys[planned.id]}.pickle"

    def figures(self, planned: list[PlannedChart], charts: dict[str, Chart]) -> dict[str, Figure]:
        from .map_chart import map_key, static_map

        maps = [p for p in planned if p.kind == MAP]
        svgs = render_svgs(list(charts.values()), {p.id for p in maps}, self.cache, self.workers)
        svgs |= {p.id: svgs[p.id].each(lambda svg, chart=charts[p.id]: static_map(svg, chart)) for p in maps}
        beside = {p.id: map_key(self.site, p, charts[p.id], self.templates) for p in maps}  # shown below the map
        provenance = {p.id: chart_provenance(self.site, p) for p in planned}
        pngs = chart_pngs({i: chart_svg(c, svgs[i].wide, provenance[i]) for i, c in charts.items()}, self.cache,
                          self.workers)
        return {i: Figure(self._figure(c, svgs[i], beside.get(i), True), self._figure(c, svgs[i], beside.get(i), False),
                          svgs[i], provenance[i], pngs[i])
                for i, c in charts.items()}

    def _figure(self, chart: Chart, svgs: StaticSvgs, beside: str | None, live: bool) -> str:
        downloads = [(fmt, chart_download_url(chart.id, fmt)) for fmt in CHART_FORMATS]
        return self.templates.render("partials/figure.html", {
            "chart": chart, "svg": svgs.inline, "live": live,
            "spec_json": json_for_script(chart.spec) if live else "",  # the static figure has no live chart
            "downloads": downloads, "beside": beside or "",
            "linked": beside is not None})  # a map's shapes link to pages: a group, not one image
