"""After write: Pagefind indexes the written pages in one run, before the new folder is swapped in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def index_site(folder: Path) -> None:
    """Index every HTML page in `folder` into `folder/pagefind/`: only what is inside `data-pagefind-body`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_FOLDER,
               "--exclude-selectors", NOT_INDEXED, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {said[-1] if said else 'no message'}")
    for pattern in UNUSED_UI:
        for unused in (folder / SEARCH_FOLDER).glob(pattern):
            unused.unlink()
