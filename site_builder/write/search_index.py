"""After write: Pagefind indexes the written pages in one run, before the new folder is swapped in."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from .output_folder import remove_in_background

SEARCH_FOLDER = "pagefind"
TIMEOUT_SECONDS = 300
# Left out of the index: the page's table of contents, table column headings, and the data tables under
# charts (the same figures as the full tables). Footnote numbers carry data-pagefind-ignore="all" so that
# they stay out of section titles too.
NOT_INDEXED = ".toc, thead, .chart-data"
# Pagefind's own ready-made interfaces, which the site does not use (templates/static/search.js does).
UNUSED_UI = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*")


class SearchIndexError(Exception):
    """Pagefind could not be run or did not finish; the message says why."""


class Indexing:
    """Pagefind indexing every HTML page in `folder` into `folder/pagefind/` (or the folder `into`), only what is
    inside `data-pagefind-body`: in a process of its own from `start` (as soon as the pages are written, while
    other files still are) until `finish`."""

    def __init__(self, folder: Path, into: Path | None = None) -> None:
        self.folder, self.into = folder, into or folder / SEARCH_FOLDER
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "pagefind", "--site", str(self.folder), "--output-path",
                   str(self.into.resolve()), "--exclude-selectors", NOT_INDEXED, "--silent"]
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
        for pattern in UNUSED_UI:
            for unused in self.into.glob(pattern):
                unused.unlink()

    def stop(self) -> None:
        """End Pagefind if it still runs (a build that stopped on the way)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def index_site(folder: Path, into: Path | None = None) -> None:
    """Index `folder` as `Indexing` does, and wait for it."""
    indexing = Indexing(folder, into)
    try:
        indexing.finish()
    finally:
        indexing.stop()


def reindex_site(out_dir: Path) -> None:
    """The search index of a built folder made again beside the one readers use, then put in its place."""
    use_index(out_dir, fresh_index(out_dir))


def fresh_index(out_dir: Path) -> Path:
    """A new search index of a built folder's pages, in a folder of its own beside it (returned)."""
    fresh = out_dir.with_name(f".{out_dir.name}-search-{secrets.token_hex(4)}")
    try:
        index_site(out_dir, fresh)
    except SearchIndexError:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def use_index(out_dir: Path, fresh: Path) -> None:
    """The index `fresh_index` made, in place of the one readers use."""
    if (out_dir / SEARCH_FOLDER).exists():
        remove_in_background(out_dir / SEARCH_FOLDER, out_dir)
    fresh.rename(out_dir / SEARCH_FOLDER)
