"""After write: Pagefind indexes the written pages, before the new folder is swapped in; after edits, the edited
pages alone.

A full build makes the whole index, `pagefind/`. An edit that remakes a few pages indexes only those pages, into a
bundle of their own (`pagefind/edits/`), and lists in `pagefind/edits.json` the whole index's entries they replace:
the search box merges the bundle in and leaves the replaced entries out (templates/static/search.js). The bundle
holds every page edited since the whole index was made, until more than FOLD_PAGES have been: then the whole index
is made again, with an empty list.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..problems import Location, Problems, SiteError
from ..progress import Progress
from .output import write_whole
from .output_folder import remove_in_background

SEARCH_FOLDER = "pagefind"
EDITS_FOLDER = "edits"
EDITS_LIST = "edits.json"
FOLD_PAGES = 64
TIMEOUT_SECONDS = 300
# Left out of the index: the page's table of contents, table column headings, and the data tables under
# charts (the same figures as the full tables). Footnote numbers carry data-pagefind-ignore="all" so that
# they stay out of section titles too.
NOT_INDEXED = ".toc, thead, .chart-data"
# Pagefind's own ready-made interfaces, which the site does not use (templates/static/search.js does).
UNUSED_UI = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*")
# What an edits bundle need not hold: search runs the whole index's program, which merges the bundle in.
BUNDLE_UNUSED = ("pagefind*.js", "wasm.*")
# Page paths that can be named in Pagefind's --glob as they are; an edited page with any other path has the
# whole index made again.
GLOB_SAFE = re.compile(r"[A-Za-z0-9._/-]+")
# A fragment file starts (once decompressed) with this signature and the page's JSON, whose first key is its url.
FRAGMENT_START = re.compile(rb'pagefind_dcd\{"url":("(?:[^"\\]|\\.)*")')


T = TypeVar("T")


class SearchIndexError(Exception):
    """Pagefind could not be run or did not finish; the message says why."""


def index_search(index: Callable[[], T], out_dir: Path, problems: Problems, progress: Progress) -> T:
    """The search index, made by `index` (whose result is returned); a failure is a problem, and stops the build
    before `out_dir` changes."""
    progress.stage("search index")
    try:
        return index()
    except SearchIndexError as exc:
        problems.error(Location(out_dir), str(exc), "reinstall the search indexer: pip install 'pagefind[bin]'")
        raise SiteError(problems) from exc


def _program() -> str:
    """Pagefind's own program, run directly (its Python launcher adds a third of a second to every run)."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError("could not run Pagefind: its program is not installed")
    return str(found)


class Indexing:
    """Pagefind indexing the HTML pages in `folder` (all, or only the paths `pages` within it) into
    `folder/pagefind/` (or the folder `into`), only what is inside `data-pagefind-body`: in a process of its own
    from `start` (as soon as the pages are written, while other files still are) until `finish`."""

    def __init__(self, folder: Path, into: Path | None = None, pages: Collection[str] = ()) -> None:
        self.folder, self.into, self.pages = folder, into or folder / SEARCH_FOLDER, sorted(pages)
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        command = [_program(), "--site", str(self.folder), "--output-path", str(self.into.resolve()),
                   "--exclude-selectors", NOT_INDEXED, "--silent"]
        if self.pages:
            command += ["--glob", "{" + ",".join(self.pages) + "}" if len(self.pages) > 1 else self.pages[0]]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc

    def finish(self) -> None:
        """Wait for the index (starting it if it was not); raises SearchIndexError when Pagefind fails."""
        if self.process is None:
            self.start()
        assert self.process is not None
        try:
            out, err = self.process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
        if self.process.returncode != 0:
            said = (err or out).strip().splitlines()
            raise SearchIndexError(f"Pagefind failed (exit {self.process.returncode}): "
                                   f"{said[-1] if said else 'no message'}")
        for pattern in UNUSED_UI + (BUNDLE_UNUSED if self.pages else ()):
            for unused in self.into.glob(pattern):
                unused.unlink()
        if not self.pages:
            _list_edits(self.into, None, ())

    def stop(self) -> None:
        """End Pagefind if it still runs (a build that stopped on the way)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def index_site(folder: Path, into: Path | None = None, pages: Collection[str] = ()) -> None:
    """Index `folder` as `Indexing` does, and wait for it."""
    indexing = Indexing(folder, into, pages)
    try:
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

    def apply(self, out_dir: Path) -> None:
        search = out_dir / SEARCH_FOLDER
        if not self.pages:
            _put(self.fresh, search, out_dir)
            return
        _put(self.fresh, search / EDITS_FOLDER, out_dir)
        _list_edits(search, EDITS_FOLDER + "/", self.replaces)

    def discard(self) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)


def update_index(out_dir: Path, edited: Collection[str]) -> IndexUpdate:
    """The search index of a built folder after the pages `edited` (paths within it: every page edited since its
    whole index was made) were written again: the bundle of those pages alone, or once there are more than
    FOLD_PAGES of them, the whole index. Raises SearchIndexError, leaving nothing behind, when Pagefind fails."""
    fresh = out_dir.with_name(f".{out_dir.name}-search-{secrets.token_hex(4)}")
    alone = 0 < len(edited) <= FOLD_PAGES and all(GLOB_SAFE.fullmatch(page) for page in edited)
    try:
        index_site(out_dir, fresh, edited if alone else ())
        if not alone:
            return IndexUpdate(fresh)
        urls = set(_fragments(fresh).values())
        replaced = (entry for entry, url in _fragments(out_dir / SEARCH_FOLDER).items() if url in urls)
        return IndexUpdate(fresh, tuple(sorted(edited)), tuple(sorted(replaced)))
    except SearchIndexError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(f"could not read the search index: {exc}") from exc


def reindex(out_dir: Path, edited: Collection[str]) -> tuple[str, ...]:
    """`update_index` applied at once; returns the pages its edits bundle now holds."""
    update = update_index(out_dir, edited)
    update.apply(out_dir)
    return update.pages


def _fragments(index: Path) -> dict[str, str]:
    """The url of each entry of a Pagefind index, by the entry's id (the name of its fragment file, which search
    results carry)."""
    found = {}
    for fragment in (index / "fragment").glob("*.pf_fragment"):
        start = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(fragment.read_bytes(), 4096)
        if (match := FRAGMENT_START.match(start)) is not None:
            found[fragment.name.removesuffix(".pf_fragment")] = json.loads(match[1])
    return found


def _put(fresh: Path, place: Path, out_dir: Path) -> None:
    """The folder `fresh` renamed to `place`, whatever was there removed in the background."""
    if place.exists():
        remove_in_background(place, out_dir)
    fresh.rename(place)


def _list_edits(index: Path, bundle: str | None, replaces: Collection[str]) -> None:
    """Write the index's edits.json: the edits bundle to merge in (None: no bundle) and the entries it replaces."""
    listed = json.dumps({"bundle": bundle, "replaces": sorted(replaces)})
    write_whole(index / EDITS_LIST, listed.encode("utf-8"))
