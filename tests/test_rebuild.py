"""Building again: with nothing changed the build leaves the output as it is; an edited content page is made alone,
into the same files a full build makes; any other change builds everything again."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest
from conftest import copy_sample, override_template, run_build
from test_build import tree_digest

from site_builder.write import build_record, search_index
from site_builder.write.build_record import BuildRecord
from site_builder.write.search_index import SearchIndexError

UP_TO_DATE = "Nothing changed since the last build"


@pytest.fixture
def built(sample_copy: Path) -> Path:
    """The sample copy, built once into its output/ folder."""
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0 and run.stdout.startswith("Built "), run.stderr
    return sample_copy


def build_again(site: Path, *extra: str) -> str:
    run = run_build("build", *extra, cwd=site)
    assert run.returncode == 0, run.stderr
    return run.stdout


def modified_times(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_nothing_changed_leaves_the_output_alone(sample_copy: Path) -> None:
    first = re.match(r"Built (.*?) in ", run_build("build", cwd=sample_copy).stdout)
    assert first, "the first build did not finish"
    before = modified_times(sample_copy / "output")
    out = build_again(sample_copy)
    assert out.startswith(f"{UP_TO_DATE}: output/ is up to date ({first.group(1)})."), out
    assert modified_times(sample_copy / "output") == before


def test_a_changed_page_is_built_again(built: Path) -> None:
    about = built / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added since.\n", encoding="utf-8")
    assert build_again(built).startswith("Built ")
    assert "A sentence added since." in (built / "output" / "about" / "index.html").read_text(encoding="utf-8")


def test_a_changed_template_is_built_again(built: Path) -> None:
    """A template changed again after a build is compiled again, not taken as it was from the render cache."""
    footer = override_template(built, "base.html")
    engines = footer.read_text(encoding="utf-8")
    for words in ("Template edited.", "Template edited twice."):
        footer.write_text(engines.replace("</footer>", f"<p>{words}</p></footer>"), encoding="utf-8")
        assert build_again(built).startswith("Built ")
        assert f"<p>{words}</p>" in (built / "output" / "index.html").read_text(encoding="utf-8")


def test_a_touched_output_folder_is_built_again(built: Path) -> None:
    page = built / "output" / "about" / "index.html"
    page.write_text("changed by hand", encoding="utf-8")
    (built / "output" / "robots.txt").unlink()
    assert build_again(built).startswith("Built ")
    assert "changed by hand" not in page.read_text(encoding="utf-8")
    assert (built / "output" / "robots.txt").is_file()


def test_other_settings_build_again(built: Path) -> None:
    assert build_again(built, "--base-url", "https://preview.example.org/").startswith("Built ")
    assert build_again(built, "--base-url", "https://preview.example.org/").startswith(UP_TO_DATE)
    assert build_again(built).startswith("Built ")


def edited_about(site: Path, added: str) -> None:
    about = site / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + added, encoding="utf-8")


def but_search(out: Path) -> dict[str, str]:
    """Every file's digest but the search index's, which after an edit holds a bundle of the edited pages."""
    return {name: digest for name, digest in tree_digest(out).items() if not name.startswith("pagefind/")}


def fragment_url(index: Path, entry: str) -> str:
    """The address of the page an entry of a Pagefind index is of."""
    data = gzip.decompress((index / "fragment" / f"{entry}.pf_fragment").read_bytes())
    return json.loads(data.removeprefix(b"pagefind_dcd"))["url"]


def test_an_edited_page_is_built_alone_into_what_a_full_build_makes(built: Path, tmp_path: Path) -> None:
    others = modified_times(built / "output")
    edited_about(built, "\nA sentence added since, with [a link](/data/).\n")
    out = build_again(built)
    assert out.startswith("Built 1 edited page in "), out
    assert "(77 pages, 72 charts, 6 downloads in all)" in out
    full = run_build("build", "--out", str(tmp_path / "full"), cwd=built)
    assert full.stdout.startswith("Built 77 pages"), full.stderr
    assert but_search(built / "output") == but_search(tmp_path / "full")
    kept = modified_times(built / "output")
    assert [p.relative_to(built) for p in others if others[p] != kept.get(p) and "pagefind" not in p.parts] == [
        Path("output/about/index.html")]
    assert build_again(built).startswith(UP_TO_DATE)


def test_edited_commentary_builds_its_reports_pages_into_what_a_full_build_makes(built: Path,
                                                                                 tmp_path: Path) -> None:
    commentary = built / "content" / "reports" / "2013-h1.md"
    commentary.write_text(commentary.read_text(encoding="utf-8") + "\nA remark added since.\n", encoding="utf-8")
    out = build_again(built)
    assert out.startswith("Built 2 edited pages in "), out  # the report's page and its print view
    assert "A remark added since." in (built / "output" / "reports" / "2013-h1" / "index.html").read_text()
    run_build("build", "--out", str(tmp_path / "full"), cwd=built)
    assert but_search(built / "output") == but_search(tmp_path / "full")


def test_edited_pages_are_indexed_alone_beside_the_whole_index(built: Path) -> None:
    index = built / "output" / "pagefind"
    whole = {name: digest for name, digest in tree_digest(index).items() if name != "bundles.json"}
    assert json.loads((index / "bundles.json").read_text(encoding="utf-8")) == {"parts": [], "edits": None,
                                                                                "replaces": []}
    edited_about(built, "\nA first edit.\n")
    build_again(built)
    methodology = built / "content" / "methodology.md"
    methodology.write_text(methodology.read_text(encoding="utf-8") + "\nA second edit.\n", encoding="utf-8")
    build_again(built)
    edits = json.loads((index / "bundles.json").read_text(encoding="utf-8"))
    assert edits["edits"] == "edits/" and edits["parts"] == []
    assert sorted(fragment_url(index, entry) for entry in edits["replaces"]) == ["/about/", "/methodology/"]
    bundle = json.loads((index / "edits" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert bundle["languages"]["en"]["page_count"] == 2  # both edits, the first one's too
    assert not list((index / "edits").glob("*.js"))  # search runs the whole index's program
    assert {name: digest for name, digest in tree_digest(index).items()
            if name != "bundles.json" and not name.startswith("edits/")} == whole


def test_more_edited_pages_than_a_bundle_holds_make_the_whole_index_again(
        built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "FOLD_PAGES", 1)
    edited_about(built, "\nA first edit.\n")
    build_again(built)
    assert (built / "output" / "pagefind" / "edits").is_dir()
    methodology = built / "content" / "methodology.md"
    methodology.write_text(methodology.read_text(encoding="utf-8") + "\nA second edit.\n", encoding="utf-8")
    build_again(built)
    run_build("build", "--out", str(tmp_path / "full"), cwd=built)
    assert tree_digest(built / "output") == tree_digest(tmp_path / "full")  # the search index included


def test_a_page_whose_title_every_page_shows_builds_everything(built: Path) -> None:
    about = built / "content" / "about.md"
    text = about.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    about.write_text(text.replace(title, "# Renamed page"), encoding="utf-8")
    assert build_again(built).startswith("Built 77 pages")
    assert ">Renamed page</a>" in (built / "output" / "reports" / "index.html").read_text(encoding="utf-8")


def test_a_mistake_in_an_edited_page_is_reported_and_nothing_written(built: Path) -> None:
    before = tree_digest(built / "output")
    edited_about(built, "\n[chart: no-such-chart]\n")
    run = run_build("build", cwd=built)
    assert run.returncode == 1
    assert re.search(r"content/about\.md:\d+:1: error: no chart called 'no-such-chart'", run.stderr), run.stderr
    assert tree_digest(built / "output") == before


def test_a_failed_search_index_puts_the_edited_page_back(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_digest(built / "output")

    def fail(folder: Path, pages: object) -> None:
        raise SearchIndexError("Pagefind failed (exit 1): simulated")

    monkeypatch.setattr("site_builder.edits.reindex", fail)
    edited_about(built, "\nA sentence the index never sees.\n")
    run = run_build("build", cwd=built)
    assert run.returncode == 1 and "simulated" in run.stderr
    assert tree_digest(built / "output") == before


def test_a_damaged_search_index_is_made_again_or_reported_with_what_to_do(built: Path) -> None:
    listed = built / "output" / "pagefind" / "bundles.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(SearchIndexError, match=r"bundles\.json is not as a build left it") as raised:
        search_index.update_index(built / "output", ["about/index.html"])  # as serve updates it after an edit
    assert raised.value.hint.startswith("delete the output folder and build again")
    edited_about(built, "\nAn edit after the index was damaged.\n")
    assert build_again(built).startswith("Built 77 pages")  # the output is not as recorded: built in full
    assert json.loads(listed.read_text(encoding="utf-8")) == {"parts": [], "edits": None, "replaces": []}


def test_a_copy_of_the_site_built_into_the_same_folder_is_built_from_its_own_files(tmp_path: Path) -> None:
    first, out = copy_sample(tmp_path / "first"), tmp_path / "out"
    assert run_build("build", "--site", str(first), "--out", str(out)).returncode == 0
    moved = copy_sample(tmp_path / "moved")  # the same files elsewhere, as a moved or second checkout has
    edited_about(moved, "\nThe edit in the moved copy.\n")
    built = run_build("build", "--site", str(moved), "--out", str(out)).stdout
    assert built.startswith("Built 77 pages"), built  # the last build's state names the first copy's files
    assert "The edit in the moved copy." in (out / "about" / "index.html").read_text(encoding="utf-8")


def test_only_the_output_folders_built_last_keep_their_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder a site is built into has a record (and state) in the cache; beyond the RECORDS_KEPT built most
    recently the oldest are removed, so the cache stops growing and those folders are built in full next time."""
    monkeypatch.setattr(build_record, "RECORDS_KEPT", 2)
    cache, folders = tmp_path / "cache", [tmp_path / f"output-{n}" for n in range(3)]
    for n, out in enumerate(folders):
        out.mkdir()
        (out / "index.html").write_text(f"build {n}", encoding="utf-8")
        BuildRecord.of(cache, out).save({"site.yaml": str(n)}, out, f"build {n}", state={"pages": n})
        os.utime(BuildRecord.of(cache, out).path, ns=(n, n))  # written in this order, whatever the clock's grain
    assert [BuildRecord.of(cache, out).last(out) is not None for out in folders] == [False, True, True]
    assert sorted(p.suffix for p in (cache / "builds").iterdir()) == [".json", ".json", ".pickle", ".pickle"]
