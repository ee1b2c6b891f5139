"""Rebuilds after edits to content pages alone.

When the only inputs changed since the last build are Markdown pages of content/ (not a report's commentary),
those pages are read, checked, converted and made again from the state the last build kept (render.PageState);
every other file is the last build's. Anything else needs the full build: a new or removed file, a changed
template, data file, setting or engine, a top-level page whose title (shown in every page's navigation) changed,
or any problem at all in the edited pages (the full build then reports it as it always does).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .load.sources import read_inside
from .load.text_file import read_text
from .model.objects import ContentPage, ContentText
from .pipeline import check_markdown, index_search
from .plan.page_kinds import CONTENT
from .plan.references import check_placed, site_chart_ids
from .problems import Problems, SiteError
from .progress import Progress
from .render.cache import Cache
from .render.environment import Templates
from .render.markdown_render import RenderedMarkdown, render_markdown_files
from .render.render import PageMaker, PageState, page_markdown
from .render.site_facts import site_facts
from .render.workers import Workers
from .write.output import replace_files, restore_files
from .write.search_index import reindex_site


@dataclass(frozen=True)
class Edited:
    """The edited pages' files by output path, and the state with their new text."""

    files: dict[str, bytes]
    state: PageState


def remake_pages(state: PageState, changed: Collection[str], cache: Cache) -> Edited | None:
    """The edited content pages made again, or None when the change needs (or its problems need) a full build.

    `changed` names the changed inputs by their paths within the site (`content/about.md`)."""
    site = state.inputs.site
    by_name = {page.source.path.relative_to(site.root).as_posix(): page for page in site.pages}
    if not changed or not all(name in by_name for name in changed):
        return None
    problems = Problems()
    edited = [page for name in sorted(changed) if (page := _reread(by_name[name], site.root, problems)) is not None]
    _check(edited, state, problems)
    if problems.items:
        return None
    markdown = render_markdown_files(page_markdown(edited, state.inputs.figures), problems, site.config.base_path,
                                     site_facts(site), Workers(0), cache)
    if problems.items or _titles_changed(edited, state.inputs.markdown, markdown):
        return None
    new = {page.source.path: page for page in edited}
    site = dataclasses.replace(site, pages=tuple(new.get(page.source.path, page) for page in site.pages))
    inputs = dataclasses.replace(state.inputs, site=site, markdown=state.inputs.markdown | markdown)
    state = dataclasses.replace(state, inputs=inputs)
    maker = PageMaker(state, Templates(site, problems))
    slugs = {page.slug for page in edited}
    files = {page.output: maker.make(page) for page in inputs.plan.pages
             if page.kind == CONTENT and page.subject in slugs}
    return None if problems.items else Edited(files, state)


def write_edited(edited: Edited, out_dir: Path, problems: Problems, progress: Progress) -> None:
    """The edited pages written over the last build's, then its search index made again; when that fails the pages
    are put back as they were and SiteError is raised."""
    progress.stage("write")
    before = replace_files(out_dir, edited.files)
    try:
        index_search(out_dir, out_dir, problems, progress, reindex_site)
    except SiteError:
        restore_files(out_dir, before)
        raise


def _reread(page: ContentPage, root: Path, problems: Problems) -> ContentPage | None:
    text = read_inside(page.source.path, read_text, root.resolve(), problems)
    return None if text is None else dataclasses.replace(page, source=ContentText(page.source.path, text))


def _check(pages: list[ContentPage], state: PageState, problems: Problems) -> None:
    """The checks a full build makes of a content page's text (the last build had no problems elsewhere)."""
    known = {"chart": site_chart_ids(state.inputs.plan), "statement": set()}
    has_reports = bool(state.inputs.site.published_reports)
    for page in pages:
        check_markdown(page.source.path, page.source.text, problems)
        check_placed(page.source, known, (), has_reports, problems)


def _titles_changed(pages: list[ContentPage], before: dict[Path, RenderedMarkdown],
                    now: dict[Path, RenderedMarkdown]) -> bool:
    """Whether a top-level page's title changed: every page's navigation shows it."""
    return any("/" not in page.slug and before[page.source.path].title != now[page.source.path].title
               for page in pages)
