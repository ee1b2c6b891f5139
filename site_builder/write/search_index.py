"""After write: Pagefind indexes the written pages, before the new folder is swapped in; after edits, the edited
pages alone.

A full build makes the whole index, `pagefind/`, in runs of at most PART_PAGES pages each (Pagefind holds every
page of a run in memory, about 170 KiB a page), one run per core at a time: the first run's bundle is `pagefind/`
itself, each other run's a part, `pagefind/parts/N/`. An edit that remakes a few pages indexes only those pages,
into a bundle of their own (`pagefind/edits/`). `pagefind/bundles.json` names the parts and the edits bundle, which
the search box merges into the first (templates/static/search.js), and the entries of the whole index the edited
pages replace, which it leaves out. The edits bundle holds every page edited since the whole index was made, until
more than FOLD_PAGES have been: then the whole index is made again, with no edits bundle.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..problems import Location, Problems, SiteError
from ..progress import Progress
from ..render.workers import worker_count
from ..whole_files import READABLE, write_whole
from . import pagefind_service
from .output_folder import remove_in_background

SEARCH_FOLDER = "pagefind"
EDITS_FOLDER = "edits"
PARTS_FOLDER = "parts"
BUNDLES_LIST = "bundles.json"
FOLD_PAGES = 64
PART_PAGES = 600
TIMEOUT_SECONDS = 300
# What marks a page as searchable: Pagefind indexes what is inside it.
SEARCHABLE = b"data-pagefind-body"
# Left out of the index: the page's table of contents, table column headings, and the data tables under
# charts (the same figures as the full tables). Footnote numbers carry data-pagefind-ignore="all" so that
# they stay out of section titles too.
NOT_INDEXED = ".toc, thead, .chart-data"
# Pagefind's own ready-made interfaces, which the site does not use (templates/static/search.js does).
UNUSED_UI = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*")
# What a bundle merged into the first need not hold: search runs the first bundle's program.
BUNDLE_UNUSED = ("pagefind*.js", "wasm.*")
# A fragment file starts (once decompressed) with this signature and the page's JSON, whose first key is its url.
FRAGMENT_START = re.compile(rb'pagefind_dcd\{"url":("(?:[^"\\]|\\.)*")')


T = TypeVar("T")


REINSTALL = "reinstall the search indexer: pip install 'pagefind[bin]'"
DISK_HINT = "check that the disk has room, and that you may write to the output folder"
REBUILD = "delete the output folder and build again: the whole search index is then made anew"


class SearchIndexError(Exception):
    """Pagefind could not be run or did not finish, or the last index could not be read; the message says why, the
    hint what to do."""

    def __init__(self, message: str, hint: str = REINSTALL) -> None:
        super().__init__(message)
        self.hint = hint


def index_search(index: Callable[[], T], out_dir: Path, problems: Problems, progress: Progress) -> T:
    """The search index, made by `index` (whose result is returned); a failure is a problem, and stops the build
    before `out_dir` changes."""
    progress.stage("search index")
    try:
        return index()
    except SearchIndexError as exc:
        problems.error(Location(out_dir), str(exc), exc.hint)
        raise SiteError(problems) from exc


def _program() -> str:
    """Pagefind's own program, run directly (its Python launcher adds a third of a second to every run)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError("could not run Pagefind: its program is not installed")
    return str(found)


class Indexing:
    """Pagefind indexing searchable pages of `folder` into `folder/pagefind/` (or the folder `into`), only what is
    inside `data-pagefind-body`: in runs of at most PART_PAGES pages, as many processes at once as the build has
    workers (one a core), in threads from `start` (as soon as the pages are written, while other files still are)
    until `finish`. `merged`: a bundle that the search box merges into another (the edits bundle), which needs no
    program of its own and no list of bundles."""

    def __init__(self, folder: Path, into: Path | None = None, merged: bool = False) -> None:
        self.folder, self.into, self.merged = folder, into or folder / SEARCH_FOLDER, merged
        self.parts: list[str] = []
        self.failure: Exception | None = None
        self.thread: threading.Thread | None = None
        self.processes: set[subprocess.Popen[str]] = set()
        self.stopped = False
        self.lock = threading.Lock()

    def start(self, pages: Collection[str] | None = None) -> None:
        """Index `pages` (paths within the folder; by default its searchable pages, found by reading them all)."""
        self.thread = threading.Thread(target=self._index, args=(pages,), name="search index", daemon=True)
        self.thread.start()

    def finish(self) -> None:
        """Wait for the index (starting it if it was not); raises SearchIndexError when Pagefind fails."""
        if self.thread is None:
            self.start()
        assert self.thread is not None
        self.thread.join()
        if self.failure is not None:
            raise self.failure
        if not self.merged:
            _list_bundles(self.into, self.parts, None, ())

    def stop(self) -> None:
        """End Pagefind if it still runs (a build that stopped on the way)."""
        with self.lock:
            self.stopped = True
            for process in self.processes:
                process.kill()
        if self.thread is not None:
            self.thread.join()

    def _index(self, pages: Collection[str] | None) -> None:
        try:
            runs = _runs(sorted(_searchable(self.folder) if pages is None else pages))
            parts = [f"{PARTS_FOLDER}/{number}/" for number in range(1, len(runs))]
            bundles = [(self.into, UNUSED_UI + (BUNDLE_UNUSED if self.merged else ())),
                       *((self.into / part, UNUSED_UI + BUNDLE_UNUSED) for part in parts)]
            with ThreadPoolExecutor(max(1, min(len(runs), worker_count()))) as pool:
                list(pool.map(self._run, runs, bundles))
            self.parts = parts
        except OSError as exc:
            self.failure = SearchIndexError(f"could not run Pagefind: {exc}")
        except Exception as exc:  # raised where the build waits for the index, as if it had been made there
            self.failure = exc

    def _run(self, pages: list[str], bundle: tuple[Path, tuple[str, ...]]) -> None:
        """`pages` (every page of the folder if none is named) indexed, and their bundle written into its folder
        less the files matching its unused patterns, by a process of their own (pagefind_service.py)."""
        into, unused = bundle
        command = [sys.executable, "-m", pagefind_service.__name__, _program(), str(self.folder), str(into.resolve()),
                   NOT_INDEXED, *unused]
        with self.lock:
            if self.stopped:
                raise SearchIndexError("the search index was stopped")
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True, env=_importable())
            self.processes.add(process)
        try:
            _, err = process.communicate("\n".join(pages or _every_page(self.folder)), timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            process.wait()
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
        finally:
            with self.lock:
                self.processes.discard(process)
        if process.returncode != 0:
            said = err.strip().splitlines()
            why = said[-1] if said else f"exit {process.returncode}"
            if process.returncode == pagefind_service.WRITE_FAILED:
                raise SearchIndexError(why, DISK_HINT)
            raise SearchIndexError(f"Pagefind failed: {why}")


def _importable() -> dict[str, str]:
    """The environment, with the folder holding this package first on Python's path: the indexing process imports
    it however the build was started."""
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}


def _every_page(folder: Path) -> list[str]:
    """The paths within `folder` of all its pages: Pagefind indexes the whole of each when none is marked
    searchable."""
    return sorted(str(page.relative_to(folder)) for page in folder.rglob("*.html"))


def _searchable(folder: Path) -> list[str]:
    """The paths within `folder` of its searchable pages."""
    return [str(page.relative_to(folder)) for page in folder.rglob("*.html")
            if SEARCHABLE in page.read_bytes()]


def _runs(pages: list[str]) -> list[list[str]]:
    """`pages` in runs of at most PART_PAGES, dealt out in turn so that each run holds pages of every kind (Pagefind
    weighs a word by how rare it is in the run's pages: runs alike rank alike); one run of every page when none is
    searchable."""
    count = -(-len(pages) // PART_PAGES) or 1
    return [pages[n::count] for n in range(count)]


def index_site(folder: Path, into: Path | None = None, pages: Collection[str] = ()) -> None:
    """Index `folder` as `Indexing` does (or only `pages`, as a bundle merged into the whole index), and wait for
    it."""
    indexing = Indexing(folder, into, merged=bool(pages))
    try:
        indexing.start(pages or None)
        indexing.finish()
    finally:
        indexing.stop()


@dataclass(frozen=True)
class IndexUpdate:
    """A search index made beside a built folder, ready to take the place of what readers use: the whole index
    (no `pages`), or the bundle of the edited `pages` and the whole index's entries they replace."""

    fresh: Path
    pages: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # the whole index's parts

    def apply(self, out_dir: Path) -> None:
        search = out_dir / SEARCH_FOLDER
        if not self.pages:
            _put(self.fresh, search, out_dir)
            return
        _put(self.fresh, search / EDITS_FOLDER, out_dir)
        _list_bundles(search, self.parts, EDITS_FOLDER + "/", self.replaces)

    def discard(self) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)


def update_index(out_dir: Path, edited: Collection[str]) -> IndexUpdate:
    """The search index of a built folder after the pages `edited` (paths within it: every page edited since its
    whole index was made) were written again: the bundle of those pages alone, or once there are more than
    FOLD_PAGES of them, the whole index. Raises SearchIndexError, leaving nothing behind, when Pagefind fails."""
    fresh = out_dir.with_name(f".{out_dir.name}-search-{secrets.token_hex(4)}")
    alone = 0 < len(edited) <= FOLD_PAGES
    try:
        index_site(out_dir, fresh, edited if alone else ())
        if not alone:
            return IndexUpdate(fresh)
        urls = set(_fragments([fresh]).values())
        whole = out_dir / SEARCH_FOLDER
        parts = _parts(whole)
        replaced = (entry for entry, url in _fragments([whole, *(whole / p for p in parts)]).items() if url in urls)
        return IndexUpdate(fresh, tuple(sorted(edited)), tuple(sorted(replaced)), parts)
    except SearchIndexError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"could not read the search index: {exc}", REBUILD) from exc


def reindex(out_dir: Path, edited: Collection[str]) -> tuple[str, ...]:
    """`update_index` applied at once; returns the pages its edits bundle now holds."""
    update = update_index(out_dir, edited)
    update.apply(out_dir)
    return update.pages


def _fragments(bundles: list[Path]) -> dict[str, str]:
    """The url of each entry of the Pagefind `bundles`, by the entry's id (the name of its fragment file, which
    search results carry)."""
    found = {}
    for fragment in (f for bundle in bundles for f in (bundle / "fragment").glob("*.pf_fragment")):
        start = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(fragment.read_bytes(), 4096)
        if (match := FRAGMENT_START.match(start)) is not None:
            found[fragment.name.removesuffix(".pf_fragment")] = json.loads(match[1])
    return found


def _put(fresh: Path, place: Path, out_dir: Path) -> None:
    """The folder `fresh` renamed to `place`, whatever was there removed in the background."""
    if place.exists():
        remove_in_background(place, out_dir)
    fresh.rename(place)


def _parts(index: Path) -> tuple[str, ...]:
    """The parts of the whole index, as its bundles.json names them."""
    try:
        parts = json.loads((index / BUNDLES_LIST).read_bytes())["parts"]
    except (ValueError, KeyError, TypeError):
        parts = None
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        raise SearchIndexError(f"could not read the search index: {index / BUNDLES_LIST} is not as a build left it",
                               REBUILD)
    return tuple(parts)


def _list_bundles(index: Path, parts: Collection[str], edits: str | None, replaces: Collection[str]) -> None:
    """Write the index's bundles.json: its parts and its edits bundle (None: no bundle) to merge into the first
    bundle, and the entries of the whole index the edited pages replace."""
    listed = json.dumps({"parts": list(parts), "edits": edits, "replaces": sorted(replaces)})
    write_whole(index / BUNDLES_LIST, listed.encode("utf-8"), READABLE)
