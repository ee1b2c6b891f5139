"""How a search index made in runs ranks against one made in a single run, as a reader sees it in Chromium.

    python3 bench/search_runs.py BUILT_FOLDER [--part-pages 600] [--term WORDS ...]

The built folder is copied twice; one copy is indexed in a single Pagefind run, the other in runs of
`--part-pages` pages as the build makes it. Each copy is served, every term is typed into the header's search box,
and the result count and the first results listed (the box shows eight) are printed side by side, then how many
terms list the same results in the same order. Needs Playwright's Chromium, as the browser tests do.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "browser")]

from built_pages import Chromium  # noqa: E402  (the tests' helpers, found through the path set above)
from playwright.sync_api import Browser  # noqa: E402
from site_server import serve  # noqa: E402

from site_builder.write import search_index  # noqa: E402

TERMS = ("Skype", "Germany", "concentrated", "Turkey", "requests", "law enforcement", "trademark", "cloud appeal",
         "partner account", "researcher network", "election privacy", "counter notice")
Found = dict[str, tuple[str, list[str]]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder built by build.py")
    parser.add_argument("--part-pages", type=int, default=search_index.PART_PAGES)
    parser.add_argument("--term", nargs="+", default=list(TERMS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work, Chromium() as chromium:
        found = {name: _searched(chromium, _indexed(args.folder, Path(work) / name, size), args.term)
                 for name, size in (("one run", 10**9), (f"runs of {args.part_pages}", args.part_pages))}
    _print(found, args.term)


def _indexed(built: Path, copy: Path, part_pages: int) -> Path:
    """A copy of `built` with its search index made again in runs of `part_pages`."""
    shutil.copytree(built, copy, symlinks=True)
    shutil.rmtree(copy / search_index.SEARCH_FOLDER)
    search_index.PART_PAGES = part_pages
    search_index.index_site(copy)
    return copy


def _searched(chromium: Chromium, folder: Path, terms: list[str]) -> Found:
    with serve(folder) as url:
        return chromium.see(lambda browser: _search(browser, url, terms))


def _search(browser: Browser, url: str, terms: list[str]) -> Found:
    """Each term's announced count and listed results."""
    page = browser.new_context().new_page()
    page.goto(url + "/")
    page.wait_for_selector("#search-input", state="visible")
    found = {}
    for term in terms:
        page.fill("#search-input", term)
        page.wait_for_function("(t) => document.getElementById('search-status').textContent.includes(t)", arg=term)
        links = page.eval_on_selector_all(".search-result > a", "all => all.map((a) => a.getAttribute('href'))")
        found[term] = (page.text_content("#search-status") or "", links)
    return found


def _print(found: dict[str, Found], terms: list[str]) -> None:
    (first, one), (second, runs) = found.items()
    for term in terms:
        print(f"{term}: {one[term][0]} | {runs[term][0]}\n  {first}: {one[term][1]}\n  {second}: {runs[term][1]}")
    same = sum(one[t][1] == runs[t][1] for t in terms)
    first_same = sum(one[t][1][:1] == runs[t][1][:1] for t in terms)
    print(f"same results in the same order for {same} of {len(terms)} terms; the same first result for {first_same}")


if __name__ == "__main__":
    main()
