"""The build, stage by stage: load, validate, model, plan, render, write."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .load.sources import Sources, load_sources
from .model.assemble import Provenance, assemble_site
from .model.integrity import check_integrity
from .model.jurisdictions import check_aliases
from .model.objects import Site
from .model.placeholders import check_placeholders
from .plan.plan import plan_site
from .problems import Location, Problems, SiteError
from .progress import SILENT, Progress
from .render.charts import chart_names, report_charts, trend_chart
from .render.markdown_render import check_references
from .render.render import render_site
from .validate.schema_check import check_schema
from .write.output import write_output
from .write.search_index import SearchIndexError, index_site


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
    _stop_unless_usable(sources, problems)
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
    """Schema checks of every YAML file; files that fail are set aside as rejected."""
    named = [(sources.site, "site"), (sources.glossary, "glossary"), *((doc, "report") for doc in sources.reports)]
    for doc, name in named:
        if doc is None:
            continue
        valid = False
        with problems.guard(doc.where(()), f"checking {doc.path.name}"):
            valid = check_schema(doc, name, problems) and (doc is not sources.site or check_aliases(doc, problems))
        if not valid:
            sources.rejected.append(doc)


def model_site(sources: Sources, problems: Problems) -> Site:
    """The typed site from every usable file, with its integrity and references checked."""
    provenance = Provenance()
    site = assemble_site(sources, problems, provenance)
    check_integrity(site, provenance, problems)
    _check_markdown(site, sources, provenance, problems)
    check_placeholders(site, sources.markdown, provenance, problems)
    if not sources.incomplete and not provenance.skipped_reports:
        _check_unused(site, sources, provenance, problems)
    return site


def _check_unused(site: Site, sources: Sources, provenance: Provenance, problems: Problems) -> None:
    """Warn about CSV tables and commentary files that no report uses."""
    for path in sorted(set(sources.tables) - provenance.used_tables):
        problems.warning(Location(path), f"{path.name} is not used by any report",
                         "name it in a section's 'table:' field, or delete it")
    ids = {r.id for r in site.reports} | provenance.skipped_reports
    for path in sorted(sources.markdown):
        if path.parent == sources.content_dir / "reports" and path.stem not in ids:
            problems.warning(Location(path), f"there is no report '{path.stem}' for this commentary",
                             f"name the file after a report id ({', '.join(sorted(ids))}), or delete it")


def _check_markdown(site: Site, sources: Sources, provenance: Provenance, problems: Problems) -> None:
    """Every chart and statement placed in Markdown exists (or could not be checked for a known reason)."""
    every_chart = {c.id for r in site.published_reports for c in report_charts(r)}
    every_chart |= {"trend"} if trend_chart(site) else set()
    unchecked = _unchecked_prefixes(sources, provenance)
    places: list[tuple[Path, dict[str, set[str]], set[str]]] = []
    for report in site.reports:
        if report.commentary_path:
            known = {"chart": every_chart | chart_names(report), "statement": {s.id for s in report.statements}}
            own = {f"{section}/" for rid, section in provenance.broken_sections if rid == report.id}
            places.append((report.commentary_path, known, unchecked | own))
    places += [(page.source_path, {"chart": every_chart, "statement": set()}, unchecked) for page in site.pages]
    for path, known, skipped in places:
        with problems.guard(Location(path), f"checking {path.name}"):
            check_references(path, sources.markdown[path], known, problems, skipped)


def _unchecked_prefixes(sources: Sources, provenance: Provenance) -> set[str]:
    """Chart names that cannot be checked: of reports or tables that could not be read."""
    ids = set(provenance.skipped_reports) | {p.stem for p in sources.unreadable}
    ids |= {str(doc.data.get("id")) for doc in sources.rejected if isinstance(doc.data, dict)}
    return {f"{i}/" for i in ids} | {f"{r}/{s}/" for r, s in provenance.broken_sections}


def _stop_unless_usable(sources: Sources, problems: Problems) -> None:
    """Stop when site.yaml cannot be used: every later stage depends on it."""
    if sources.site is None or sources.site in sources.rejected:
        raise SiteError(problems)


def _stop_on_errors(problems: Problems, strict: bool) -> None:
    if problems.has_errors(strict):
        raise SiteError(problems)
