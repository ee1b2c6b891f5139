"""The build, stage by stage: load, validate, model, plan, render, write."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .assemble import Provenance, assemble_site
from .charts import chart_names, trend_chart
from .integrity import check_integrity
from .load import Sources, load_sources
from .markdown_render import check_references
from .model import Site
from .plan import plan_site
from .problems import Location, Problems, SiteError
from .progress import SILENT, Progress
from .render import render_site
from .schema_check import check_schema
from .search_index import SearchIndexError, index_site
from .write import write_output


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced, for the closing line."""

    pages: int
    charts: int
    downloads: int
    seconds: float


def build(root: Path, out_dir: Path | None, strict: bool, problems: Problems,
          progress: Progress = SILENT) -> BuildSummary:
    """Build the site in `root` into `out_dir`; with no `out_dir`, check only. Raises SiteError."""
    started = time.perf_counter()
    progress.stage("load")
    sources = load_sources(root, problems)
    progress.stage("validate")
    validate_sources(sources, problems)
    _stop_on_errors(problems, strict)
    progress.stage("model")
    site = model_site(sources, problems)
    _stop_on_errors(problems, strict)
    progress.stage("plan")
    plan = plan_site(site)
    progress.stage("render")
    rendered = render_site(site, plan, problems, cache_folder(root))
    progress.made(len(plan.pages), rendered.charts)
    _stop_on_errors(problems, strict)
    if out_dir is not None:
        progress.stage("write")
        write_output(rendered.files, out_dir, finish=lambda staging: index_search(staging, out_dir, problems, progress))
        progress.wrote(out_dir, rendered.files)
    return BuildSummary(len(plan.pages), rendered.charts, len(plan.downloads), time.perf_counter() - started)


def index_search(folder: Path, out_dir: Path, problems: Problems, progress: Progress) -> None:
    """The search index of the pages written to `folder`; a failure stops the build before `out_dir` is replaced."""
    progress.stage("search index")
    try:
        index_site(folder)
    except SearchIndexError as exc:
        problems.error(Location(out_dir), str(exc), "reinstall the search indexer: pip install 'pagefind[bin]'")
        raise SiteError(problems) from exc


def cache_folder(root: Path) -> Path:
    """Where rendered charts and the Vega bundle are kept between builds."""
    return Path(os.environ.get("SITE_BUILDER_CACHE") or root / ".cache")


def validate_sources(sources: Sources, problems: Problems) -> None:
    """Schema checks of every YAML file."""
    if sources.site is not None:
        check_schema(sources.site, "site", problems)
    for doc in sources.reports:
        check_schema(doc, "report", problems)


def model_site(sources: Sources, problems: Problems) -> Site:
    """The typed site, with its integrity and Markdown references checked."""
    provenance = Provenance()
    site = assemble_site(sources, problems, provenance)
    check_integrity(site, provenance, problems)
    _check_markdown(site, sources, problems)
    for path in sorted(set(sources.tables) - provenance.used_tables):
        problems.warning(Location(path), f"{path.name} is not used by any report",
                         "name it in a section's 'table:' field, or delete it")
    return site


def _check_markdown(site: Site, sources: Sources, problems: Problems) -> None:
    every_chart = {c for r in site.published_reports for c in chart_names(r) if "/" in c}
    every_chart |= {"trend"} if trend_chart(site) else set()
    for report in site.reports:
        if report.commentary_path:
            known = {"chart": every_chart | chart_names(report), "statement": {s.id for s in report.statements}}
            check_references(report.commentary_path, sources.markdown[report.commentary_path], known, problems)
    for page in site.pages:
        check_references(page.source_path, sources.markdown[page.source_path],
                         {"chart": every_chart, "statement": set()}, problems)


def _stop_on_errors(problems: Problems, strict: bool) -> None:
    if problems.has_errors(strict):
        raise SiteError(problems)
