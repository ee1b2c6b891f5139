"""Rebuilds after edits to Markdown alone.

When the only inputs changed since the last build are content pages or a published report's commentary, those
files are read, checked, converted and their pages made again from the state the last build kept
(render.PageState); every other file is the last build's. Anything else needs the full build: a new or removed
file, a changed template, data file, setting or engine, a top-level page whose title (shown in every page's
navigation) changed, or any problem at all in the edited files (the full build then reports it as it always
does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .load.packed_text import PackedText
from .load.sources import read_inside
from .load.text_file import read_text
from .model.objects import ContentPage, ContentText, Report, Site
from .plan.page_kinds import CONTENT
from .plan.plan import PlannedPage
from .plan.references import check_placed, placeable, site_chart_ids
from .problems import Problems, SiteError
from .progress import Progress
from .render.cache import Cache
from .render.environment import Templates
from .render.markdown_render import MarkdownFile, RenderedMarkdown, render_markdown_files
from .render.render import PageMaker, PageState, nav_links, page_markdown, report_markdown
from .render.site_facts import site_facts
from .render.workers import Workers
from .validate.markdown_html import check_markdown
from .write.output import replace_files, restore_files
from .write.search_index import SEARCHABLE, index_search, reindex


@dataclass(frozen=True)
class Edited:
    """The edited pages' files by output path, and the state with their new text."""

    files: dict[str, bytes]
    state: PageState

    @property
    def searchable(self) -> set[str]:
        """The edited pages the search index holds (the others, such as print views, it leaves out)."""
        return {name for name, content in self.files.items() if SEARCHABLE in content}


@dataclass(frozen=True)
class _Editable:
    """A Markdown file that can be made again alone: a content page, or a published report's commentary."""

    text: ContentText
    page: ContentPage | None = None
    report: Report | None = None


def may_edit(changed: Collection[str]) -> bool:
    """Whether the changed inputs (paths within the site) are all Markdown of content/, before reading the state."""
    return bool(changed) and all(name.startswith("content/") and name.endswith(".md") for name in changed)


def remake_pages(state: PageState, root: Path, changed: Collection[str], cache: Cache) -> Edited | None:
    """The pages of the edited Markdown files of the site in `root` made again, or None when the change needs (or
    its problems need) a full build. `changed` names the changed inputs by their paths within the site
    (`content/about.md`). The state's paths are as the last build was given them: from another folder, they
    would name other files, so then the build is full too. A build that took files from the one before kept only
    the charts, cards and Markdown it made: when the edited pages need others, the build is full too."""
    try:
        return _remade(state, root, changed, cache)
    except LookupError:  # what the state does not hold (render/chart_figures.py says so; dicts raise KeyError)
        return None


def _remade(state: PageState, root: Path, changed: Collection[str], cache: Cache) -> Edited | None:
    site = state.inputs.site
    editable = _editable(site)
    if site.root.resolve() != root.resolve() or not all(name in editable for name in changed):
        return None
    problems = Problems()
    templates = Templates(site, problems, cache)
    edited = [_reread(editable[name], site.root, problems) for name in sorted(changed)]
    if problems.items:
        return None
    _check(edited, state, problems)
    markdown = render_markdown_files([_markdown(e, state, templates) for e in edited], problems,
                                     site.config.base_path, site_facts(site), Workers(0), cache)
    if problems.items:
        return None
    before, state = state, _with_edits(state, edited, markdown)
    if nav_links(state.inputs) != nav_links(before.inputs):  # every page shows the navigation
        return None
    maker = PageMaker(state, templates)
    files = {page.output: maker.make(page) for page in state.inputs.plan.pages if _shows(page, edited)}
    return None if problems.items else Edited(files, state)


def _editable(site: Site) -> dict[str, _Editable]:
    """Every file an edit may change alone, by its path within the site."""
    files = [_Editable(page.source, page=page) for page in site.pages]
    files += [_Editable(r.commentary, report=r) for r in site.published_reports if r.commentary]
    return {file.text.path.relative_to(site.root).as_posix(): file for file in files}


def _reread(file: _Editable, root: Path, problems: Problems) -> _Editable:
    text = read_inside(file.text.path, read_text, root.resolve(), problems)
    text = ContentText(file.text.path, PackedText.of(text or ""))
    if file.page is not None:
        return _Editable(text, page=dataclasses.replace(file.page, source=text))
    assert file.report is not None
    return _Editable(text, report=dataclasses.replace(file.report, commentary=text))


def _check(edited: list[_Editable], state: PageState, problems: Problems) -> None:
    """The checks a full build makes of a Markdown file's text (the last build had no problems elsewhere)."""
    site, every_chart = state.inputs.site, site_chart_ids(state.inputs.plan)
    for file in edited:
        check_markdown(file.text.path, file.text.text, problems)
        check_placed(file.text, placeable(site, every_chart, file.report), (), bool(site.published_reports),
                     problems)


def _markdown(file: _Editable, state: PageState, templates: Templates) -> MarkdownFile:
    if file.page is not None:
        return page_markdown([file.page], state.inputs.figures)[0]
    assert file.report is not None
    return report_markdown(file.report, state.inputs.figures, templates)


def _with_edits(state: PageState, edited: list[_Editable], markdown: dict[Path, RenderedMarkdown]) -> PageState:
    """The state with the edited files' text and Markdown in place of the last build's."""
    pages = {file.page.slug: file.page for file in edited if file.page is not None}
    reports = {file.report.id: file.report for file in edited if file.report is not None}
    site = state.inputs.site
    site = dataclasses.replace(site, pages=tuple(pages.get(p.slug, p) for p in site.pages),
                               reports=tuple(reports.get(r.id, r) for r in site.reports))
    inputs = dataclasses.replace(state.inputs, site=site, markdown=state.inputs.markdown | markdown)
    return dataclasses.replace(state, inputs=inputs)


def _shows(page: PlannedPage, edited: list[_Editable]) -> bool:
    """Whether `page` shows one of the edited files: a content page its own, a report's pages its commentary."""
    if page.kind == CONTENT:
        return any(file.page is not None and file.page.slug == page.subject for file in edited)
    return page.kind.about_report and any(file.report is not None and file.report.id == page.subject
                                          for file in edited)


def write_edited(edited: Edited, out_dir: Path, indexed: Collection[str], problems: Problems,
                 progress: Progress) -> tuple[str, ...]:
    """The edited pages written over the last build's, then the pages `indexed` (every page edited since the whole
    search index was made, these among them) indexed for search; returns the pages the index's edits bundle holds
    now. When indexing fails the pages are put back as they were and SiteError is raised."""
    progress.stage("write")
    before = replace_files(out_dir, edited.files)
    try:
        return index_search(lambda: reindex(out_dir, indexed), out_dir, problems, progress)
    except SiteError:
        restore_files(out_dir, before)
        raise
