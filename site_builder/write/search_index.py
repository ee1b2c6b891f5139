"""After write: Pagefind indexes the written pages in one run, before the new folder is swapped in."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from .output import discard

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


def index_site(folder: Path, into: Path | None = None) -> None:
    """Index every HTML page in `folder` into `folder/pagefind/` (or the folder `into`): only what is inside
    `data-pagefind-body`."""
    into = into or folder / SEARCH_FOLDER
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(into.resolve()),
               "--exclude-selectors", NOT_INDEXED, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {said[-1] if said else 'no message'}")
    for pattern in UNUSED_UI:
        for unused in into.glob(pattern):
            unused.unlink()


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
        discard(out_dir / SEARCH_FOLDER, out_dir)
    fresh.rename(out_dir / SEARCH_FOLDER)
