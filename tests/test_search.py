"""Search: Pagefind indexes the written pages in one step, and the header's search box finds them in Chromium."""

from __future__ import annotations

import json
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from browser.site_server import serve
from built_pages import Chromium, page_urls, soup_of
from conftest import SHARED_CACHE, SUB_PATH, left_beside, run_build
from playwright.sync_api import Browser, Page
from test_build import tree_digest

from site_builder.commands.serve import BuildState, DevHandler
from site_builder.pipeline import build
from site_builder.problems import Problems, SiteError
from site_builder.render.headers import header_rules
from site_builder.write import search_index
from site_builder.write.search_index import SearchIndexError, index_site

CSP_LISTENER = """window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));"""
TERMS = ("Germany", "Skype", "concentrated")


def indexed_pages(out: Path) -> list[str]:
    return [url for url in page_urls(out) if soup_of(out, url).select_one("main[data-pagefind-body]")]


def test_index_holds_every_listed_page(built_sample: Path) -> None:
    entry = json.loads((built_sample / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(indexed_pages(built_sample))
    assert (built_sample / "pagefind" / "pagefind.js").is_file()


def test_main_content_is_indexed_but_not_404_or_print_views(built_sample: Path) -> None:
    indexed = indexed_pages(built_sample)
    assert {"/", "/countries/de/", "/reports/2013-h1/", "/methodology/"} <= set(indexed)
    assert not [url for url in indexed if url == "/404.html" or url.endswith("/print/")]
    for url in indexed:
        soup = soup_of(built_sample, url)
        assert len(soup.select("[data-pagefind-body]")) == 1, url
        assert not soup.select("header [data-pagefind-body], footer [data-pagefind-body]"), url


def test_every_page_has_the_search_form_and_links_without_javascript(built_sample: Path) -> None:
    for url in page_urls(built_sample):
        soup = soup_of(built_sample, url)
        form = soup.select_one("header form#search[role=search]")
        assert form is not None and form.has_attr("hidden"), url
        assert soup.select_one(f"label[for={form.input['id']}]") is not None, url
        assert (built_sample / form["data-index"].lstrip("/")).is_file(), url
        fallback = {a["href"] for a in soup.select("#search-fallback a")}
        assert fallback == {"/countries/", "/reports/"}, url


def test_indexing_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("<html><body><main data-pagefind-body>x</main></body></html>")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        index_site(tmp_path)


# A stand-in for Pagefind's service: it starts an index, then refuses every page as Pagefind refuses one it cannot
# read.
REFUSING_PAGEFIND = """#!{python}
import base64, json, sys
def answer(message_id, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps({{"message_id": message_id, "payload": payload}}).encode()))
    sys.stdout.buffer.write(b",")
    sys.stdout.flush()
read = b""
while more := sys.stdin.buffer.read1(65536):
    read += more
    while b"," in read:
        message, read = read.split(b",", 1)
        asked = json.loads(base64.b64decode(message))
        if asked["payload"]["type"] == "NewIndex":
            answer(asked["message_id"], {{"type": "NewIndex", "index_id": 0}})
        else:
            answer(asked["message_id"], {{"type": "Error", "message": "Failed to add file"}})
"""


def test_a_page_pagefind_refuses_is_named_in_the_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "notes").mkdir(parents=True)
    (site / "notes" / "a.html").write_text("<html><body><main data-pagefind-body>a</main></body></html>")
    refusing = tmp_path / "pagefind"
    refusing.write_text(REFUSING_PAGEFIND.format(python=sys.executable))
    refusing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(refusing))
    with pytest.raises(SearchIndexError, match=r"^Pagefind failed: Failed to add file, while indexing notes/a\.html$"):
        index_site(site)
    assert not (site / "pagefind").exists()


def test_a_failure_in_runs_made_at_once_is_reported(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.html").write_text(f"<html><body><main data-pagefind-body>{name}</main></body></html>")
    monkeypatch.setattr(search_index, "PART_PAGES", 1)  # three runs, as many at once as there are workers
    monkeypatch.setenv("SITE_BUILDER_WORKERS", "2")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match="Pagefind failed"):
        index_site(tmp_path)


def test_failed_indexing_leaves_the_old_output_untouched(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = sample_copy / "output"
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    before = tree_digest(out)
    (sample_copy / "content" / "about.md").write_text("# Changed\n\nNew text.\n", encoding="utf-8")

    def fail(indexing: search_index.Indexing) -> None:
        raise SearchIndexError("Pagefind failed (exit 1): simulated")

    monkeypatch.setattr(search_index.Indexing, "finish", fail)
    monkeypatch.setenv("SITE_BUILDER_CACHE", str(SHARED_CACHE))
    problems = Problems()
    with pytest.raises(SiteError):
        build(sample_copy, out, strict=False, problems=problems)
    assert "simulated" in problems.errors[0].message
    assert tree_digest(out) == before
    assert left_beside(out) == []


@pytest.fixture(scope="module")
def site_url(built_sample: Path) -> Iterator[str]:
    """The built sample served with the headers of netlify.toml, its Content-Security-Policy included."""
    state = BuildState()
    state.record(None)
    handler = partial(DevHandler, directory=str(built_sample), state=state, rules=header_rules())
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@dataclass(frozen=True)
class SearchVisit:
    """What a reader sees of search on the served site, with JavaScript and without."""

    box_replaces_links: bool
    results: dict[str, list[str]]
    csp_violations: list[str]
    errors: list[str]
    links_without_javascript: bool


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    """One Chromium for the module's visits (launching it takes seconds), closed after its tests."""
    with Chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def visit(chromium: Chromium, site_url: str) -> SearchVisit:
    return chromium.see(lambda browser: visit_search(browser, site_url))


def watched_page(browser: Browser, errors: list[str]) -> Page:
    """A page that records Content-Security-Policy violations (in window.__csp) and errors (in `errors`)."""
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return page


def visit_search(browser: Browser, site_url: str, base: str = "/") -> SearchVisit:
    errors: list[str] = []
    page = watched_page(browser, errors)
    page.goto(site_url + "/reports/")
    page.wait_for_selector("#search-input", state="visible")
    replaced = page.is_hidden("#search-fallback")
    results = {term: search(page, term) for term in TERMS}
    static = browser.new_context(java_script_enabled=False).new_page()
    static.goto(site_url + "/")
    links = static.is_hidden("#search") and static.is_visible(f"#search-fallback a[href='{base}countries/']")
    return SearchVisit(replaced, results, page.evaluate("window.__csp"), errors, links)


def search(page: Page, term: str) -> list[str]:
    """The addresses of the results listed for `term`, once their count is announced."""
    page.fill("#search-input", term)
    page.wait_for_function("(term) => document.getElementById('search-status').textContent.includes(term)", arg=term)
    return page.eval_on_selector_all(".search-results a", "links => links.map((a) => a.getAttribute('href'))")


@pytest.fixture(scope="module")
def visit_below_the_root(chromium: Chromium, built_sample_sub_path: Path) -> SearchVisit:
    """Search on the sample published at /transparency/ of its domain."""
    with serve(built_sample_sub_path, mount=SUB_PATH) as site_url:
        return chromium.see(lambda browser: visit_search(browser, site_url, SUB_PATH))


def test_search_finds_pages_below_the_domains_root(visit_below_the_root: SearchVisit) -> None:
    assert visit_below_the_root.results["Germany"][0] == f"{SUB_PATH}countries/de/"
    assert visit_below_the_root.box_replaces_links and visit_below_the_root.links_without_javascript
    assert visit_below_the_root.csp_violations == [] and visit_below_the_root.errors == []


def test_search_box_takes_the_place_of_the_links(visit: SearchVisit) -> None:
    assert visit.box_replaces_links


def test_a_country_name_finds_its_page_first(visit: SearchVisit) -> None:
    assert visit.results["Germany"][0] == "/countries/de/"


def test_a_section_name_finds_its_report_first(visit: SearchVisit) -> None:
    assert visit.results["Skype"][0] == "/reports/2013-h1/"


def test_commentary_is_found_at_its_heading(visit: SearchVisit) -> None:
    assert "/reports/2013-h1/#commentary-title" in visit.results["concentrated"]


def test_search_runs_under_the_csp_without_errors(visit: SearchVisit) -> None:
    assert visit.csp_violations == []
    assert visit.errors == []


def test_without_javascript_the_links_stay(visit: SearchVisit) -> None:
    assert visit.links_without_javascript


def searched(chromium: Chromium, site_url: str, terms: tuple[str, ...]) -> tuple[dict[str, list[str]], list[str]]:
    """The results listed for each of `terms` on the served site, and the errors and CSP violations seen."""
    def observe(browser: Browser) -> tuple[dict[str, list[str]], list[str]]:
        errors: list[str] = []
        page = watched_page(browser, errors)
        page.goto(site_url + "/")
        page.wait_for_selector("#search-input", state="visible")
        results = {term: search(page, term) for term in terms}
        return results, errors + page.evaluate("window.__csp")
    return chromium.see(observe)


def test_after_edits_search_finds_each_page_once_as_it_now_reads(chromium: Chromium, sample_copy: Path) -> None:
    about = sample_copy / "content" / "about.md"
    text = about.read_text(encoding="utf-8")
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    with serve(sample_copy / "output") as site_url:
        before, _ = searched(chromium, site_url, ("spreadsheets", "analytics"))
        assert before == {"spreadsheets": ["/about/"], "analytics": ["/about/"]}
        about.write_text(text + "\nA quokka was here.\n", encoding="utf-8")
        assert run_build("build", "--site", str(sample_copy)).stdout.startswith("Built 1 edited page")
        about.write_text(text.replace("published spreadsheets", "published wombat tables"), encoding="utf-8")
        assert run_build("build", "--site", str(sample_copy)).stdout.startswith("Built 1 edited page")
        after, problems = searched(chromium, site_url, ("spreadsheets", "analytics", "quokka", "wombat"))
    assert after["spreadsheets"] == []  # the whole index's entry of the page is left out
    assert after["analytics"] == ["/about/"]  # ... and the edits bundle's taken in its place
    assert after["quokka"] == []  # the first edit, since undone
    assert after["wombat"] == ["/about/"]
    assert problems == []


def test_a_large_sites_index_is_made_in_parts_that_search_merges(chromium: Chromium, sample_copy: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "PART_PAGES", 30)  # the sample's 74 searchable pages in three runs
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    index = sample_copy / "output" / "pagefind"
    listed = json.loads((index / "bundles.json").read_text(encoding="utf-8"))
    assert listed == {"parts": ["parts/1/", "parts/2/"], "edits": None, "replaces": []}
    bundles = (index, index / "parts" / "1", index / "parts" / "2")
    counts = [json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
              for bundle in bundles]
    assert counts == [25, 25, 24] and sum(counts) == len(indexed_pages(sample_copy / "output"))
    assert "/methodology/" in search_index._fragments([bundles[0]]).values()  # pages dealt out in turn
    assert "/reports/2013-h1/" in search_index._fragments([bundles[2]]).values()
    assert not list((index / "parts").glob("*/*.js")) and not list((index / "parts").glob("*/wasm.*"))
    commentary = sample_copy / "content" / "reports" / "2013-h1.md"
    with serve(sample_copy / "output") as site_url:
        before, _ = searched(chromium, site_url, ("estimated", "concentrated"))
        text = commentary.read_text(encoding="utf-8")
        commentary.write_text(text.replace("Requests were concentrated.", "Requests were quokka."), encoding="utf-8")
        assert run_build("build", "--site", str(sample_copy)).stdout.startswith("Built 2 edited pages")
        after, problems = searched(chromium, site_url, ("concentrated", "quokka"))
    assert "/methodology/" in before["estimated"]  # found in the first bundle
    assert "/reports/2013-h1/#commentary-title" in before["concentrated"]  # ... and in a part
    assert not [url for url in after["concentrated"] if url.startswith("/reports/2013-h1/")]  # the part's entry out
    assert after["quokka"] == ["/reports/2013-h1/", "/reports/2013-h1/#commentary-title"]  # the edit's entry
    assert problems == []
    assert json.loads((index / "bundles.json").read_text(encoding="utf-8"))["parts"] == listed["parts"]


def test_without_its_list_of_bundles_the_search_box_gives_way_to_the_links(chromium: Chromium, built_sample: Path,
                                                                           tmp_path: Path) -> None:
    """A search over part of the index would miss pages without saying so: the links come back instead."""
    site = tmp_path / "site"
    shutil.copytree(built_sample, site)
    (site / "pagefind" / "bundles.json").unlink()

    def focus_search(browser: Browser) -> tuple[bool, bool]:
        page = browser.new_context().new_page()
        page.goto(url + "/reports/")
        page.focus("#search-input")
        page.wait_for_selector("#search-fallback", state="visible", timeout=10_000)
        return page.is_hidden("#search"), page.is_visible("#search-fallback a[href='/countries/']")

    with serve(site) as url:
        assert chromium.see(focus_search) == (True, True)
