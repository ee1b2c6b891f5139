"""Building again after the data changed: the files that read the change are made again, every other file is the
last build's as it was, and the output is byte for byte what a full build of the same files makes."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import SHARED_CACHE, override_template, run_build
from test_build import file_stamps, tree_digest

from site_builder.write.search_index import SearchIndexError

OLD_SUMMARY = "Totals for the whole of 2012"
# What reads a report's summary: its page and print view, the home page, the list of reports and the feed.
WORDS_READERS = {"index.html", "reports/index.html", "reports/2012/index.html", "reports/2012/print/index.html",
                 "feed.xml"}


@pytest.fixture
def built(sample_copy: Path) -> Path:
    """The sample copy, built once into its output/ folder."""
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0 and run.stdout.startswith("Built "), run.stderr
    return sample_copy


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer says {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def made_again(site: Path, before: dict[str, tuple[int, int, int]]) -> set[str]:
    """The files of site/output written since `before` (new or replaced), the search index and marker apart."""
    after = file_stamps(site / "output")
    return {name for name, stamp in after.items() if before.get(name) != stamp
            and not name.startswith("pagefind/") and not name.startswith(".")}


def build_again(site: Path) -> str:
    run = run_build("build", cwd=site)
    assert run.returncode == 0, run.stderr
    return run.stdout


def but_search(out: Path) -> dict[str, str]:
    return {name: digest for name, digest in tree_digest(out).items() if not name.startswith("pagefind/")}


def drawings_only(cache: Path) -> dict[str, str]:
    """A cache folder of its own holding what the shared cache keeps under the digest of its content (drawings,
    Markdown, compiled templates: linked, none made again), but no kept charts, whose keys a full build there must
    not trust, and no records of builds."""
    def link(source: str, target: str) -> None:
        with contextlib.suppress(FileNotFoundError):  # another test's build replacing it
            os.link(source, target)

    cache.mkdir()
    for kept in SHARED_CACHE.iterdir():
        if kept.is_file() and not kept.name.startswith("."):
            link(str(kept), str(cache / kept.name))
        elif kept.is_dir() and kept.name not in ("charts", "builds"):
            shutil.copytree(kept, cache / kept.name, copy_function=link, dirs_exist_ok=True)
    return {"SITE_BUILDER_CACHE": str(cache)}


def same_as_full_build(site: Path, elsewhere: Path, search_too: bool = False) -> None:
    """The site's output/ holds what a full build of its files makes (search index and all, when `search_too`),
    every chart made again."""
    cache = drawings_only(elsewhere.with_name(f"{elsewhere.name}-cache"))
    full = run_build("build", "--out", str(elsewhere), cwd=site, env=cache)
    assert full.returncode == 0 and "made again" not in full.stdout, full.stdout + full.stderr
    digest = tree_digest if search_too else but_search
    assert digest(site / "output") == digest(elsewhere)


def bundle_urls(out: Path) -> set[str]:
    """The addresses of the pages the search index's edits bundle holds."""
    fragments = (out / "pagefind" / "edits" / "fragment").glob("*.pf_fragment")
    return {json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"] for f in fragments}


def test_a_reports_words_make_only_what_shows_them_again(built: Path, tmp_path: Path) -> None:
    before = file_stamps(built / "output")
    edit(built, "data/reports/2012.yaml", OLD_SUMMARY, "Every total for 2012")
    out = build_again(built)
    assert out.startswith("Built 77 pages") and "(5 files made again, the rest as they were)" in out, out
    assert made_again(built, before) == WORDS_READERS
    assert "Every total for 2012" in (built / "output" / "reports" / "2012" / "index.html").read_text()
    assert bundle_urls(built / "output") == {"/", "/reports/", "/reports/2012/"}
    # That build made only the charts its files show: the other report's commentary edited next needs its charts,
    # so the build takes the keys' way, not edits.py's (which makes pages from what the last build made).
    edit(built, "content/reports/2013-h1.md", "\n", "\nA remark added since.\n")
    assert "(2 files made again" in build_again(built)  # the report's page and its print view
    before = file_stamps(built / "output")
    edit(built, "data/reports/2013-h1.yaml", "While we believe", "Although we believe")  # a statement
    build_again(built)
    assert made_again(built, before) == {"reports/2013-h1/index.html", "reports/2013-h1/print/index.html"}
    assert bundle_urls(built / "output") == {"/", "/reports/", "/reports/2012/", "/reports/2013-h1/"}
    edit(built, "content/about.md", "\n", "\nA sentence added since.\n")  # shows only what the last build made
    assert build_again(built).startswith("Built 1 edited page")
    same_as_full_build(built, tmp_path / "full")


def test_a_figure_and_a_page_edited_together_make_what_shows_them_again(built: Path, tmp_path: Path) -> None:
    before = file_stamps(built / "output")
    edit(built, "data/reports/2012.yaml", "accounts_specified: 137424", "accounts_specified: 137425")
    edit(built, "content/methodology.md", "\n", "\nA sentence added with the data.\n")
    build_again(built)
    made = made_again(built, before)
    assert {"reports/2012/index.html", "trends/index.html", "data/all-figures.csv", "data/2012/all-services.csv",
            "feed.xml", "methodology/index.html"} <= made
    assert not any(name.startswith(("data/2013-h1/", "assets/")) for name in made)  # the other report's downloads
    same_as_full_build(built, tmp_path / "full")
    edit(built, "data/reports/2013-h1-skype.csv", "Australia,197,266,0,173,21,3", "Australia,196,266,0,173,20,3")
    build_again(built)  # a row's figures changed: the report's own charts change, the other report's do not
    same_as_full_build(built, tmp_path / "full-again")


def test_with_templates_of_its_own_every_page_reads_every_part(built: Path, tmp_path: Path) -> None:
    """The site's own templates may show anything on any page: a report's words then make every page again."""
    override_template(built, "glossary.html")
    build_again(built)
    before = file_stamps(built / "output")
    edit(built, "data/reports/2012.yaml", OLD_SUMMARY, "Every total for 2012")
    build_again(built)
    made = made_again(built, before)
    assert {"glossary/index.html", "404.html", "countries/index.html"} <= made
    assert "data/2012/all-services.csv" not in made
    same_as_full_build(built, tmp_path / "full")


def test_a_failed_search_index_leaves_the_output_as_it_was(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_digest(built / "output")

    def fail(folder: Path, pages: object) -> None:
        raise SearchIndexError("Pagefind failed (exit 1): simulated")

    monkeypatch.setattr("site_builder.write.carried.reindex", fail)
    edit(built, "data/reports/2012.yaml", OLD_SUMMARY, "Every total for 2012")
    run = run_build("build", cwd=built)
    assert run.returncode == 1 and "simulated" in run.stderr
    assert tree_digest(built / "output") == before
    assert not [p for p in built.iterdir() if re.match(r"\.output-new-", p.name)]


def test_a_new_page_then_a_setting_make_the_whole_search_index_and_every_file_again(built: Path,
                                                                                   tmp_path: Path) -> None:
    (built / "content" / "notes").mkdir()
    (built / "content" / "notes" / "extra.md").write_text("# Extra notes\n\nA page in a folder.\n", encoding="utf-8")
    assert "made again" in build_again(built)
    assert json.loads((built / "output" / "pagefind" / "bundles.json").read_text()) == {
        "parts": [], "edits": None, "replaces": []}
    before = file_stamps(built / "output")
    edit(built, "site.yaml", "description: >-\n", "description: >-\n  Edited.\n")
    out = build_again(built)
    made = made_again(built, before)
    assert f"({len(made)} files made again" in out, out
    kept = {name for name in before if not name.startswith(("pagefind/", "."))} - made
    assert kept and all(name.startswith(("assets/", "licenses/")) for name in kept)  # the same bytes as before
    same_as_full_build(built, tmp_path / "full", search_too=True)


def test_a_page_made_alone_is_made_again_when_changed_back(built: Path, tmp_path: Path) -> None:
    """A page made alone after its edit (edits.py) no longer has the key its first text had: changed back along
    with the data, it is made again rather than taken as the edited page."""
    original = (built / "content" / "about.md").read_text(encoding="utf-8")
    edit(built, "content/about.md", "\n", "\nA sentence soon taken back.\n")
    assert build_again(built).startswith("Built 1 edited page")
    (built / "content" / "about.md").write_text(original, encoding="utf-8")
    edit(built, "data/reports/2012.yaml", OLD_SUMMARY, "Every total for 2012")
    build_again(built)
    assert "soon taken back" not in (built / "output" / "about" / "index.html").read_text(encoding="utf-8")
    same_as_full_build(built, tmp_path / "full")


def test_charts_kept_in_the_cache_that_cannot_be_read_are_made_again(sample_copy: Path, tmp_path: Path) -> None:
    """A build keeps each chart in the cache under its key; one that cannot be read is made again, the same."""
    cache = tmp_path / "cache"
    env = drawings_only(cache)
    assert run_build("build", "--out", str(tmp_path / "first"), cwd=sample_copy, env=env).returncode == 0
    kept = list((cache / "charts").glob("*.pickle"))
    assert len(kept) == 72  # the sample's charts
    for chart in kept:
        chart.write_bytes(b"not a chart")
    run = run_build("build", "--out", str(tmp_path / "second"), cwd=sample_copy, env=env)
    assert run.returncode == 0, run.stderr
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "second")
    assert all(chart.read_bytes() != b"not a chart" for chart in kept)


def test_an_edited_template_or_static_file_makes_what_uses_it_again(built: Path, tmp_path: Path) -> None:
    override_template(built, "page.html")
    build_again(built)  # the engine's page.html as the site's own: pages now read every part of the site
    before = file_stamps(built / "output")
    edit(built, "templates/page.html", '<article class="prose">', '<article class="prose edited">')
    assert "(2 files made again" in build_again(built)
    assert made_again(built, before) == {"about/index.html", "methodology/index.html"}  # its pages alone
    same_as_full_build(built, tmp_path / "full")
    styles = override_template(built, "static/site.css")
    styles.write_text(styles.read_text(encoding="utf-8") + "\n.edited { font-style: italic; }\n", encoding="utf-8")
    before = file_stamps(built / "output")
    build_again(built)
    made = made_again(built, before)
    assert {name for name in before if name.endswith(".html")} <= made  # every page links the new style sheet
    assert len(list((built / "output" / "assets").glob("site.*.css"))) == 1  # the old one is gone
    same_as_full_build(built, tmp_path / "full-again")
