"""The build, stage by stage: load, validate, model, plan, render, write."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .load.sources import Sources, load_sources
from .model.assemble import assemble_site
from .model.declarations import read_declarations
from .model.integrity import check_integrity
from .model.objects import Site
from .model.placeholders import check_placeholders
from .model.provenance import Provenance
from .plan.addresses import check_addresses
from .plan.plan import Plan, plan_site
from .plan.references import check_site_references, unchecked_charts
from .problems import Location, Problems, SiteError
from .progress import SILENT, Progress
from .render.cache import Cache, cache_folder
from .render.output_keys import ASSET, has_own_templates, output_keys
from .render.render import PageState, Rendered, render_site
from .render.template_reads import template_digests
from .validate.format_version import ADD_FORMAT_HINT, check_format
from .validate.markdown_html import check_markdown
from .validate.schema_check import check_schema
from .validate.text_check import check_yaml_text
from .write.carried import Carried, LastOutput
from .write.output import Staging, staged_output
from .write.search_index import SEARCH_FOLDER, SEARCHABLE, Indexing, index_search


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced, for the closing line, and what the next build needs to know of it."""

    pages: int
    charts: int
    downloads: int
    seconds: float
    state: PageState | None = None  # what the pages were made from (as far as it made them), kept for the next build
    keys: dict[str, str] = dataclasses.field(default_factory=dict)  # each output file's key
    remade: int | None = None  # how many files it made, when it took the others from the last build
    search_edits: tuple[str, ...] = ()  # the pages its search index's edits bundle holds


def build(root: Path, out_dir: Path | None, strict: bool, problems: Problems,
          progress: Progress = SILENT, deploy_url: str = "", last: LastOutput | None = None, engine: str = ""
          ) -> BuildSummary:
    """Build the site in `root` into `out_dir`; with no `out_dir`, check only. Raises SiteError.

    `deploy_url` is where this build will be served when that is not site.yaml's base_url (a preview). `last`:
    what the last build wrote into `out_dir`, when it still holds that and was built by the same engine, templates,
    libraries and settings: files whose key is unchanged are taken from it. `engine`: a digest of the engine's code
    and libraries, under which charts are kept in the cache."""
    started = time.perf_counter()
    progress.stage("load")
    sources = load_sources(root, problems)
    progress.stage("validate")
    validate_sources(sources, problems)
    _stop_unless_usable(sources, problems)
    progress.stage("model")
    site, provenance = model_site(sources, problems)
    _stop_on_errors(problems, strict)
    if deploy_url:
        site = dataclasses.replace(site, config=dataclasses.replace(site.config, deploy_url=deploy_url))
    progress.stage("plan")
    plan = plan_site(site)
    check_addresses(site, plan, problems)
    check_site_references(site, plan, unchecked_charts(sources, provenance), problems)
    _stop_on_errors(problems, strict)
    progress.stage("render")
    cache = Cache(cache_folder(root), writable=out_dir is not None)
    if out_dir is None:
        rendered = _render(site, plan, problems, cache)
        _each_file(rendered, problems, lambda name, content: None)
        progress.made(len(plan.pages), rendered.charts)
        _stop_on_errors(problems, strict)
        return BuildSummary(len(plan.pages), rendered.charts, len(plan.downloads), time.perf_counter() - started)
    templates = template_digests(root, {page.template for page in plan.pages})
    found = output_keys(site, plan, has_own_templates(root), engine, templates)
    carried = Carried.of(last, found.files, plan)
    rendered = _render(site, plan, problems, cache, carried.kept if carried else None, found.charts)
    keys = found.files | dict.fromkeys(rendered.state.assets.values(), ASSET)
    search_edits = _write(rendered, out_dir, problems, strict, progress, plan, carried)
    return BuildSummary(len(plan.pages), rendered.charts, len(plan.downloads), time.perf_counter() - started,
                        rendered.state, keys, len(carried.remade) if carried else None,
                        search_edits)


def _render(site: Site, plan: Plan, problems: Problems, cache: Cache, kept: frozenset[str] | None = None,
            chart_keys: dict[str, str] | None = None) -> Rendered:
    """The charts, the Markdown and what every page needs; the files themselves are made as they are written."""
    with problems.guard(Location(site.root), "rendering the site"):
        return render_site(site, plan, problems, cache, kept, chart_keys)
    raise SiteError(problems)


def _each_file(rendered: Rendered, problems: Problems, take: Callable[[str, bytes], None],
               then: Callable[[], None] = lambda: None) -> None:
    """Make each file and hand it to `take`, then call `then`; a fault in the builder while making one is a
    problem, never a traceback."""
    with problems.guard(Location(rendered.root), "rendering the site"):
        for name, content in rendered.files:
            take(name, content)
        then()
        return
    raise SiteError(problems)


def _write(rendered: Rendered, out_dir: Path, problems: Problems, strict: bool, progress: Progress, plan: Plan,
           carried: Carried | None) -> tuple[str, ...]:
    """Each file into a staging folder as it is made (the `carried` files linked from `out_dir`), the search index
    made (in full, started as soon as the last page is written; or the last build's, updated), then the folder
    swapped in; a problem on the way leaves `out_dir` as it was. Returns the pages of the index's edits bundle."""
    progress.stage("write")
    pages = frozenset(p.output for p in plan.pages)
    with staged_output(out_dir) as staging:
        whole = carried is None or not carried.same_files
        indexing = Indexing(staging.folder)
        try:
            if carried is not None:
                search = () if whole else (SEARCH_FOLDER,)
                staging.carry(out_dir, carried.linked(rendered.state.assets.values()), search)
            write = _indexing(indexing, pages, staging) if carried is None else staging.write
            _each_file(rendered, problems, write, staging.written)
            progress.made(len(pages), rendered.charts)
            _stop_on_errors(problems, strict)
            if whole:
                index_search(indexing.finish, out_dir, problems, progress)
                search_edits: tuple[str, ...] = ()
            else:
                assert carried is not None
                search_edits = index_search(lambda: carried.search(staging.folder), out_dir, problems, progress)
        finally:
            indexing.stop()
        staging.swap()
    progress.wrote(out_dir, staging.names)
    return search_edits


def _indexing(indexing: Indexing, after: frozenset[str], staging: Staging) -> Callable[[str, bytes], None]:
    """`staging.write`, starting `indexing` on the searchable pages among `after` once every one of them is
    written (as they are seen here, not read again)."""
    waiting, searchable = set(after), []

    def take(name: str, content: bytes) -> None:
        staging.write(name, content)
        if name in waiting:
            waiting.discard(name)
            if SEARCHABLE in content:
                searchable.append(name)
            if not waiting:
                staging.written()
                indexing.start(searchable)
    return take


def validate_sources(sources: Sources, problems: Problems) -> None:
    """Format and schema checks of every YAML file; files that fail are set aside as invalid.

    A site.yaml in format 1 is the only problem reported: every file of such a site is in format 1."""
    if sources.site is not None and not check_format(sources.site, problems):
        sources.invalid.append(sources.site)
        return
    if sources.measures is None and sources.site is not None:
        problems.error(Location(sources.data_dir / "measures.yaml"), "data/measures.yaml not found",
                       "declare what the reports count in data/measures.yaml: docs/editing.md shows how")
    named = [(sources.site, "site"), (sources.measures, "measures"), (sources.dimensions, "dimensions"),
             (sources.glossary, "glossary"), *((doc, "report") for doc in sources.reports)]
    for doc, name in named:
        if doc is None:
            continue
        valid = False
        with problems.guard(doc.where(()), f"checking {doc.path.name}"):
            valid = check_format(doc, problems, ADD_FORMAT_HINT) and check_schema(doc, name, problems,
                                                                                 _percentages(sources))
        if not valid:
            sources.invalid.append(doc)
        check_yaml_text(doc, problems)
    for path, packed in sources.markdown.items():
        check_markdown(path, packed.text, problems)


def _percentages(sources: Sources) -> set[str]:
    """The ids of the measures data/measures.yaml declares as percentages, once it has passed its checks."""
    if not sources.usable(sources.measures):
        return set()
    assert sources.measures is not None
    return {m["id"] for m in sources.measures.data["measures"] if m.get("kind") == "percentage"}


def model_site(sources: Sources, problems: Problems) -> tuple[Site, Provenance]:
    """The typed site from every usable file, with its integrity checked, and where each part came from.

    Raises SiteError when the declarations have errors: every table is read by them."""
    assert sources.measures is not None
    provenance = Provenance()
    dimensions = sources.dimensions if sources.usable(sources.dimensions) else None
    mark = len(problems.items)
    declarations = read_declarations(sources.measures, dimensions, problems)
    if problems.count_since(mark) or (sources.dimensions is not None and dimensions is None):
        raise SiteError(problems)
    site = assemble_site(sources, declarations, problems, provenance)
    check_integrity(site, provenance, problems)
    check_placeholders(site, [d for d in sources.declarations if sources.usable(d)], provenance, problems)
    if not sources.incomplete and not provenance.skipped_reports:
        _check_unused(site, sources, provenance, problems)
    return site, provenance


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


def _stop_unless_usable(sources: Sources, problems: Problems) -> None:
    """Stop when site.yaml or data/measures.yaml cannot be used: every later stage depends on them."""
    if not (sources.usable(sources.site) and sources.usable(sources.measures)):
        raise SiteError(problems)


def _stop_on_errors(problems: Problems, strict: bool) -> None:
    if problems.has_errors(strict):
        raise SiteError(problems)
