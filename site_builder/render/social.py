"""Social preview cards: a 1200 by 630 PNG drawn by vl-convert from a page's headline chart in the background,
cached by spec hash."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ..model.objects import Report, Site, SiteConfig
from ..plan.plan import PlannedFile, PlannedPage
from .cache import Cache
from .chart_parts import Chart
from .later import Later
from .svg_render import spec_hash
from .urls import absolute_url
from .vl_draw import png_of_spec
from .workers import Workers

CARD_WIDTH = 1200
CARD_HEIGHT = 630
TREND_CHART = "trend"
CARD_KIND = "social-image"


@dataclass(frozen=True)
class SocialCard:
    """The image a shared link shows: its absolute address, its alternative text, the spec it is drawn from, and
    (once `social_cards` has set it to be drawn) the PNG."""

    url: str
    alt: str
    spec: dict[str, Any]
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT
    image: Later | None = dataclasses.field(default=None, compare=False, repr=False)

    def png(self) -> bytes:
        assert self.image is not None, "a card's PNG is drawn by social_cards"
        return self.image.result()


def social_cards(site: Site, files: tuple[PlannedFile, ...], charts: Mapping[str, Chart], cache: Cache,
                 workers: Workers, subjects: Collection[str] | None = None) -> dict[str, SocialCard]:
    """Each planned preview image by its subject (a report id, or "" for the site's own card; those `subjects`
    alone, when given), its PNG drawn in the background."""
    reports = {r.id: r for r in site.published_reports}
    cards = {f.subject: report_card(site.config, reports[f.subject], charts, f.url) if f.subject
             else site_card(site.config, charts, f.url) for f in files
             if f.kind == CARD_KIND and (subjects is None or f.subject in subjects)}
    specs = [card.spec for card in cards.values()]
    images = workers.later(png_of_spec, specs, [f"{spec_hash(spec)}.png" for spec in specs], cache)
    return {subject: dataclasses.replace(card, image=image)
            for (subject, card), image in zip(cards.items(), images, strict=True)}


def card_subject(page: PlannedPage) -> str:
    """Whose card a page shows: a report's pages the report's, every other page the site's ("")."""
    return page.subject if page.kind.about_report else ""


def page_card(cards: dict[str, SocialCard], page: PlannedPage) -> SocialCard:
    """The card `page` shows."""
    return cards[card_subject(page)]


def report_card(config: SiteConfig, report: Report, charts: Mapping[str, Chart], path: str) -> SocialCard:
    """A report's card: its first chart (the main section's outcomes), else the trend across periods."""
    first = next((cid for cid in charts if cid.startswith(f"{report.id}/")), TREND_CHART)
    chart = charts.get(first)
    lines = [chart.title, config.title] if chart else [config.title]
    return _card(absolute_url(config, path), report.title, lines, chart)


def site_card(config: SiteConfig, charts: Mapping[str, Chart], path: str) -> SocialCard:
    """The card of every other page: the trend across periods."""
    chart = charts.get(TREND_CHART)
    return _card(absolute_url(config, path), config.title, [chart.title if chart else config.description], chart)


def _card(url: str, title: str, subtitle: list[str], chart: Chart | None) -> SocialCard:
    alt = f"{title}: {chart.description}" if chart else title
    return SocialCard(url, alt, card_spec(title, subtitle, chart))


def card_spec(title: str, subtitle: list[str], chart: Chart | None) -> dict[str, Any]:
    """The chart's spec redrawn at card size with large type and a title; with no chart, the title alone."""
    spec = copy.deepcopy(chart.spec) if chart else {"data": {"values": []}, "mark": "point"}
    spec |= {"width": CARD_WIDTH, "height": CARD_HEIGHT, "padding": 48,
             "autosize": {"type": "fit", "contains": "padding"},
             "title": {"text": title, "subtitle": subtitle, "anchor": "start", "fontSize": 40,
                       "subtitleFontSize": 22, "subtitlePadding": 8, "offset": 24}}
    y_axis = spec.get("encoding", {}).get("y")
    if isinstance(y_axis, dict):
        y_axis["title"] = None
    spec["config"] = {**spec.get("config", {}), "background": "#ffffff",
                      "axis": {"labelFontSize": 20, "titleFontSize": 20, "labelLimit": 420},
                      "legend": {"labelFontSize": 18, "titleFontSize": 18}}
    return spec
