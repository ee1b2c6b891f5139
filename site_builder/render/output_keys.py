"""What each output file is made from, as one digest per file (its key): a build that finds a file's key as the
last build recorded it takes the last build's file and makes only the others.

The site is cut into parts, each with a digest of its values (its files' paths taken within its folder): `common`
(the settings, declarations, glossary and the list of content pages: everything outside reports and the pages'
text), each report's `core` (all of it but its words), each report's words (summary, statements and commentary),
each content page's text, and the titles of the top-level pages (every page's navigation). A file's key is the
digest of the parts it reads, told apart by kind:

- every page reads its template (template_reads.py: the templates it uses and the static files), `common`, the
  navigation and every report's core (each shows the site's preview card, drawn from
  the figures); a report's pages its own words too, the home page and the list of reports every report's summary, a
  content page its own text; when the site replaces any of the engine's templates (which may then show anything),
  every page reads every part;
- a section's downloads read `common` and their report's core; the feed every report's core and summary; robots.txt
  and the hosts' headers `common` alone; every other file (charts, the long CSV, the data package, the sitemap, the
  jurisdictions' CSVs, the preview images) `common` and every report's core.

So a report's summary edited remakes its two pages, the home page, the list of reports and the feed; a figure
edited remakes what shows figures (almost everything, its charts' drawings taken from the cache).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model.objects import ContentText, Report, Site
from ..plan.charts import PlannedChart
from ..plan.page_kinds import CONTENT, HOME, REPORTS
from ..plan.plan import Plan, PlannedDownload, PlannedFile, PlannedPage
from .assets import ENGINE_TEMPLATES
from .markdown_render import raw_title

# A report's words: shown on its own pages, and its summary on the lists of reports and in the feed; nowhere else.
WORDS = ("summary", "statements", "commentary")
EVERY_SUMMARY = frozenset({HOME.name, REPORTS.name})
COMMON_ONLY = frozenset({"robots", "headers"})
WITH_SUMMARIES = frozenset({"feed"})
# The key of an asset: its name carries a digest of its bytes, and it changes only with the templates or engine.
ASSET = "(asset)"


def value_digest(*values: object) -> str:
    """A digest of values as Python writes them: model objects are frozen dataclasses of text, numbers, dates,
    paths, tuples and dicts (no sets, whose order varies between runs), so equal values give equal digests."""
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()


def _fields(value: object, leave_out: Iterable[str]) -> dict[str, object]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)  # type: ignore[arg-type]
            if f.name not in leave_out}


@dataclass(frozen=True)
class _Parts:
    """The digest of each part of the site."""

    common: str
    nav: str
    cores: str
    words: dict[str, str]
    every_word: str
    summaries: str
    pages: dict[str, str]
    every_page: str
    core: dict[str, str]

    @classmethod
    def of(cls, site: Site) -> _Parts:
        site = _within(site)
        core = {r.id: value_digest(_fields(r, WORDS)) for r in site.reports}
        words = {r.id: value_digest(_words(r)) for r in site.reports}
        pages = {p.slug: value_digest(p) for p in site.pages}
        titles = [(p.slug, raw_title(p.source.text)) for p in site.pages if "/" not in p.slug]
        common = value_digest(_fields(site, ("reports", "pages")), [p.slug for p in site.pages])
        summaries = value_digest([(r.id, r.summary) for r in site.reports])
        return cls(common, value_digest(titles), value_digest(core), words, value_digest(words), summaries, pages,
                   value_digest(pages), core)


def _within(site: Site) -> Site:
    """The site with the paths of its files relative to its folder, as what it makes never names that folder: two
    copies of a site in different folders have the same keys."""
    root = site.root

    def relative(path: Path) -> Path:
        return path.relative_to(root) if path.is_relative_to(root) else path

    def text(content: ContentText) -> ContentText:
        return dataclasses.replace(content, path=relative(content.path))

    def report(r: Report) -> Report:
        sections = tuple(dataclasses.replace(s, table_path=s.table_path and relative(s.table_path)) for s in r.sections)
        return dataclasses.replace(r, source_path=relative(r.source_path), sections=sections,
                                   commentary=r.commentary and text(r.commentary))

    return dataclasses.replace(
        site, root=Path("."), config=dataclasses.replace(site.config, source_path=relative(site.config.source_path)),
        declaration_paths=tuple(map(relative, site.declaration_paths)), reports=tuple(map(report, site.reports)),
        pages=tuple(dataclasses.replace(p, source=text(p.source)) for p in site.pages))


def _words(report: Report) -> tuple[object, ...]:
    return tuple(getattr(report, name) for name in WORDS)


@dataclass(frozen=True)
class Keys:
    """The key of every planned file, by its path within the output folder, and of every chart, by its id: what the
    chart is drawn from (`common` and its report's core, or every report's) and the engine that draws it."""

    files: dict[str, str]
    charts: dict[str, str]


def output_keys(site: Site, plan: Plan, own_templates: bool, engine: str = "",
                templates: Mapping[str, str] | None = None) -> Keys:
    """The keys of the site's files and charts. `own_templates`: the site replaces an engine template; `engine`: a
    digest of the engine's code and libraries (with none, the charts have no keys); `templates`: the digest of what
    each page template reads (template_reads.py)."""
    parts = _Parts.of(site)
    keys = {page.output: value_digest((templates or {}).get(page.template), _page_reads(page, parts, own_templates))
            for page in plan.pages}
    keys |= {file.output: value_digest(_file_reads(file, parts)) for file in plan.files}
    keys |= {download.output: value_digest(_download_reads(download, parts)) for download in plan.downloads}
    charts = {c.id: value_digest(engine, c.id, _chart_reads(c, parts)) for c in plan.charts} if engine else {}
    return Keys(keys, charts)


def _chart_reads(chart: PlannedChart, parts: _Parts) -> tuple[str, ...]:
    """A chart of one report's table is drawn from that report alone (render/charts.py: `report_section`); the
    others follow tables across reports."""
    return (parts.common, parts.core[chart.report] if chart.report else parts.cores)


def _page_reads(page: PlannedPage, parts: _Parts, own_templates: bool) -> tuple[str, ...]:
    every_page = (page.kind.name, parts.common, parts.nav, parts.cores)
    if own_templates:
        return (*every_page, parts.every_word, parts.every_page)
    if page.kind.about_report:
        return (*every_page, parts.words[page.subject])
    if page.kind.name in EVERY_SUMMARY:
        return (*every_page, parts.summaries)
    if page.kind == CONTENT:
        return (*every_page, parts.pages[page.subject])
    return every_page


def _file_reads(file: PlannedFile, parts: _Parts) -> tuple[str, ...]:
    if file.kind in COMMON_ONLY:
        return (file.kind, parts.common)
    if file.kind in WITH_SUMMARIES:
        return (file.kind, parts.common, parts.cores, parts.summaries)
    return (file.kind, file.subject, parts.common, parts.cores)


def _download_reads(download: PlannedDownload, parts: _Parts) -> tuple[str, ...]:
    return (download.fmt, download.section_id, parts.common, parts.core[download.report_id])


def has_own_templates(root: Path) -> bool:
    """Whether the site in `root` replaces any of the engine's templates (its own static files aside)."""
    own = root / "templates"
    return own.is_dir() and any((own / path.relative_to(ENGINE_TEMPLATES)).is_file()
                                for path in ENGINE_TEMPLATES.rglob("*.*")
                                if path.relative_to(ENGINE_TEMPLATES).parts[0] != "static")
