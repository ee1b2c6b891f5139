"""Stage 5, render: charts, Markdown and Jinja pages into the bytes of every output file."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model.objects import ContentPage, ContentText, Report, Site
from ..plan.page_kinds import CONTENT
from ..plan.plan import Plan, PlannedFile, PlannedPage
from ..problems import Problems
from .assets import collect_assets, vega_bundle
from .cache import Cache
from .chart_figures import ChartFigures, render_chart_figures
from .chart_files import FILE_KINDS as CHART_FILE_KINDS
from .datapackage import datapackage
from .downloads import jurisdiction_csv, long_csv, section_csv, section_json
from .environment import Templates
from .feeds import atom_feed, feed_entries
from .headers import headers_file
from .markdown_render import MarkdownFile, RenderedMarkdown, render_markdown_files
from .page_contexts import CONTEXTS, PageInputs
from .print_view import static_figures
from .site_facts import site_facts
from .sitemap import robots_txt, sitemap_xml
from .social import CARD_KIND, SocialCard, card_subject, page_card, social_cards
from .structured_data import page_datasets
from .urls import absolute_url, site_link
from .workers import Workers


@dataclass(frozen=True)
class PageState:
    """What every page is made from once the charts and Markdown are done: kept after a build, so that the next can
    make an edited content page alone (edits.py). `assets` maps each asset's name to its fingerprinted path."""

    inputs: PageInputs
    cards: dict[str, SocialCard]
    assets: dict[str, str]


class PageMaker:
    """Makes pages from a PageState with one site's templates."""

    def __init__(self, state: PageState, templates: Templates) -> None:
        site = state.inputs.site
        self.state, self.templates = state, templates
        self.common = {"site": site, "config": site.config, "nav": nav_links(state.inputs),
                       "asset": lambda name: site_link(site.config, state.assets[name])}

    def make(self, page: PlannedPage) -> bytes:
        """One page's HTML."""
        inputs, site = self.state.inputs, self.state.inputs.site
        context = CONTEXTS[page.kind.name](inputs, page.subject) | self.common
        context |= {"page": page, "canonical": absolute_url(site.config, page.url),
                    "card": page_card(self.state.cards, page),
                    "structured_data": page_datasets(site, inputs.plan, page)}
        html = self.templates.render(page.template, context)
        if page.kind.static_charts:
            html = static_figures(html, inputs.figures.live, inputs.figures.static)
        return html.encode("utf-8")


@dataclass(frozen=True)
class Rendered:
    """The site's files, each made when it is asked for (so that a page is written before the next is made), the
    number of charts, and what the pages were made from; `root` is the site's folder."""

    root: Path
    files: Iterator[tuple[str, bytes]]
    charts: int
    state: PageState


def render_site(site: Site, plan: Plan, problems: Problems, cache: Cache, kept: Collection[str] | None = None,
                chart_keys: Mapping[str, str] | None = None) -> Rendered:
    """What every file needs (assets, charts, Markdown, preview cards), then the files one by one; problems found
    on the way are recorded. `kept`: the files (by their paths within the output folder) the last build's will do
    for, which are not made; only what the others show is made then. `chart_keys`: each chart's key, under which
    the cache keeps it."""
    templates = Templates(site, problems, cache)
    workers = Workers()  # kept until the last file is made: chart PNGs and preview cards are drawn meanwhile
    try:
        bundle = vega_bundle(cache, workers)
        figures = render_chart_figures(site, plan, templates, cache, workers, chart_keys or {})
        figures.make(None if kept is None else _changed_charts(plan, kept))  # at once: drawn on every core
        cards = social_cards(site, plan.files, figures.charts, cache, workers,
                             None if kept is None else _shown_cards(plan, kept))
        markdown = render_all_markdown(site, figures, templates, problems, workers, cache,
                                       None if kept is None else _shown_markdown(site, plan, kept))
        assets = collect_assets(site.root, bundle.result())
    except BaseException:
        workers.close()
        raise
    inputs = PageInputs(site, plan, figures, markdown)
    state = PageState(inputs, cards, {name: path for name, (path, _) in assets.items()})
    files = workers.close_after(_files(PageMaker(state, templates), assets, kept or ()))
    return Rendered(site.root, files, len(plan.charts), state)


def _files(maker: PageMaker, assets: dict[str, tuple[str, bytes]], kept: Collection[str]
           ) -> Iterator[tuple[str, bytes]]:
    inputs, cards = maker.state.inputs, maker.state.cards
    site, plan = inputs.site, inputs.plan
    yield from (asset for asset in assets.values() if asset[0] not in kept)
    for page in plan.pages:
        if page.output not in kept:
            yield page.output, maker.make(page)
    for planned in plan.files:
        if planned.output not in kept:
            yield planned.output, (inputs.figures.download(planned.subject, CHART_FILE_KINDS[planned.kind])
                                   if planned.kind in CHART_FILE_KINDS
                                   else FILE_MAKERS[planned.kind](site, plan, planned, cards))
    for download in plan.downloads:
        if download.output not in kept:
            report = next(r for r in site.reports if r.id == download.report_id)
            section = report.section(download.section_id)
            assert section is not None
            yield download.output, (section_csv(site.config, report, section) if download.fmt == "csv"
                                    else section_json(site, report, section))


def _changed_charts(plan: Plan, kept: Collection[str]) -> list[str]:
    """The charts whose files are made again: what they are made from changed, so that they are drawn again."""
    return list(dict.fromkeys(f.subject for f in plan.files if f.kind in CHART_FILE_KINDS and f.output not in kept))


def _shown_cards(plan: Plan, kept: Collection[str]) -> set[str]:
    """The subjects of the preview cards the files made (those not `kept`) show or are, and the site's own (""),
    which the next build's edited pages may show."""
    pages = {card_subject(p) for p in plan.pages if p.output not in kept}
    return pages | {""} | {f.subject for f in plan.files if f.kind == CARD_KIND and f.output not in kept}


def _shown_markdown(site: Site, plan: Plan, kept: Collection[str]) -> set[Path]:
    """The Markdown files the pages made (those not `kept`) show: their own, and the top-level pages' (whose titles
    every page's navigation shows)."""
    reports = {r.id: r for r in site.published_reports}
    made = [p for p in plan.pages if p.output not in kept]
    shown = {commentary.path for p in made if p.kind.about_report
             if (commentary := reports[p.subject].commentary) is not None}
    slugs = {p.subject for p in made if p.kind == CONTENT}
    return shown | {p.source.path for p in site.pages if p.slug in slugs or "/" not in p.slug}


def render_all_markdown(site: Site, figures: ChartFigures, templates: Templates, problems: Problems,
                        workers: Workers, cache: Cache, shown: Collection[Path] | None = None
                        ) -> dict[Path, RenderedMarkdown]:
    """Each published report's commentary and each content page (those `shown` alone, when given), from the text
    already read."""
    def wanted(text: ContentText | None) -> bool:
        return text is not None and (shown is None or text.path in shown)

    files = [report_markdown(r, figures, templates) for r in site.published_reports if wanted(r.commentary)]
    files += page_markdown([p for p in site.pages if wanted(p.source)], figures)
    return render_markdown_files(files, problems, site.config.base_path, site_facts(site), workers, cache)


def report_markdown(report: Report, figures: ChartFigures, templates: Templates) -> MarkdownFile:
    """A report's commentary: it may place every chart by its full id, its own charts and statements by name."""
    assert report.commentary is not None
    statements = {("statement", s.id): templates.render("partials/statement.html", {"statement": s})
                  for s in report.statements}
    return MarkdownFile(report.commentary.path, report.commentary.packed,
                        ChainMap(statements, figures.placeable(report.id + "/")))


def page_markdown(pages: Iterable[ContentPage], figures: ChartFigures) -> list[MarkdownFile]:
    """Content pages' Markdown: each may place any chart by its full id."""
    everywhere = figures.placeable()
    return [MarkdownFile(page.source.path, page.source.packed, everywhere) for page in pages]


def nav_links(inputs: PageInputs) -> list[tuple[str, str]]:
    """The links every page's navigation shows: the fixed pages, then each top-level content page by its title."""
    pages = {p.url for p in inputs.plan.pages}
    fixed = [("/reports/", "Reports"), ("/trends/", "Trends"), ("/countries/", "Countries"), ("/data/", "Data")]
    fixed += [("/glossary/", "Glossary")] if "/glossary/" in pages else []
    return fixed + [(f"/{p.slug}/", inputs.markdown[p.source.path].title or p.slug.title()) for p in inputs.site.pages
                    if "/" not in p.slug]  # pages in folders are reached from the pages that link to them


FileMaker = Callable[[Site, Plan, PlannedFile, dict[str, SocialCard]], bytes]
FILE_MAKERS: dict[str, FileMaker] = {
    "long-csv": lambda site, *_: long_csv(site),
    "jurisdiction-csv": lambda site, plan, planned, *_: jurisdiction_csv(site, planned.subject),
    "datapackage": lambda site, plan, *_: datapackage(site, plan),
    "feed": lambda site, *_: atom_feed(site.config, feed_entries(site)),
    "sitemap": lambda site, plan, *_: sitemap_xml(site, plan.pages),
    "robots": lambda site, *_: robots_txt(site.config),
    "headers": lambda site, *_: headers_file(site.config.base_path),
    "social-image": lambda site, plan, planned, cards: cards[planned.subject].png(),
}
