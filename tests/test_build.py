"""Building as an editor does: output swapped in whole, deterministic, and stopped by bad input."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from built_pages import soup_of
from conftest import SHARED_CACHE, copy_sample, left_beside, run_build, run_process


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def file_stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file's inode, size and modification time: any write, replacement, addition or removal changes them."""
    return {str(p.relative_to(folder)): (s.st_ino, s.st_size, s.st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and (s := p.stat())}


def test_build_prints_one_summary_line(sample_copy: Path) -> None:
    run = run_process("build", "--site", str(sample_copy))  # as an editor runs it: a Python process of its own
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Built 77 pages, 72 charts, 6 downloads in ")
    assert (sample_copy / "output" / "index.html").is_file()
    assert run.stderr == ""


def test_two_builds_are_byte_identical(sample_copy: Path, tmp_path: Path, built_sample: Path) -> None:
    """Another copy of the sample, built elsewhere, writes the same bytes as the run's own build of it."""
    again = tmp_path / "again"
    assert run_build("build", "--site", str(sample_copy), "--out", str(again)).returncode == 0
    assert tree_digest(again) == tree_digest(built_sample)


MADE_ORDER = Path("/dev/shm")  # tmpfs: a folder lists its files in the order they were made, as on Btrfs


@pytest.mark.skipif(not MADE_ORDER.is_dir() or not os.access(MADE_ORDER, os.W_OK), reason="no tmpfs at /dev/shm")
def test_a_build_on_another_file_system_is_byte_identical(sample_copy: Path, built_sample: Path) -> None:
    """Where folders list their files in the order they were made (which the file threads vary from build to build)
    rather than in the order of the run's own disk, a build writes the same bytes, the search index included."""
    with tempfile.TemporaryDirectory(dir=MADE_ORDER) as folder:
        assert run_build("build", "--site", str(sample_copy), "--out", folder).returncode == 0
        assert tree_digest(Path(folder)) == tree_digest(built_sample)


def test_worker_processes_write_what_one_process_writes(sample_copy: Path, tmp_path: Path) -> None:
    notes = sample_copy / "content" / "notes"
    notes.mkdir()
    for n in range(30):  # enough pages for the build to share their conversion among worker processes
        (notes / f"n{n}.md").write_text(f"# Note {n}\n\n| a | b |\n|---|---|\n| {n} | *x* |\n\n- [data](/data/)\n",
                                        encoding="utf-8")
    one, many = tmp_path / "one", tmp_path / "many"
    for out, workers in ((one, "0"), (many, "2")):
        run = run_build("build", "--site", str(sample_copy), "--out", str(out), env={"SITE_BUILDER_WORKERS": workers})
        assert run.returncode == 0, run.stderr
    assert tree_digest(one) == tree_digest(many)
    assert "<td><em>x</em></td>" in (many / "notes" / "n29" / "index.html").read_text(encoding="utf-8")


PAGES = {
    "faq.md": "# Questions\n\nWhat is a *request*?\n",
    "notes/imported.md": "---\ntitle: \"Imported: a note\"\ndate: 2020-01-02\n---\n\nText kept from elsewhere.\n",
    # what the raw-HTML check lets through (links, a few inline tags) is still sanitised
    "about.md": "# About\n\n[x](javascript:alert(1)) <em onclick=\"x()\" style=\"color: red\">bold</em>\n",
    # editors' Windows tools may save UTF-8 with a byte order mark: the page is rendered from the text as read
    "windows.md": "\ufeff# Saved on Windows\n\nAnswers.\n",
}


@pytest.fixture(scope="module")
def with_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample with the pages of PAGES added to its content, built; its output folder."""
    site = copy_sample(tmp_path_factory.mktemp("pages") / "site")
    for name, text in PAGES.items():
        (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / name).write_text(text, encoding="utf-8")
    run = run_build("build", "--site", str(site))
    assert run.returncode == 0, run.stderr
    return site / "output"


def test_any_markdown_file_in_content_becomes_a_page(with_pages: Path) -> None:
    soup = soup_of(with_pages, "/faq/")
    assert soup.h1.get_text() == "Questions"
    assert soup.select_one("main em").get_text() == "request"
    assert soup.select_one('nav a[href="/faq/"]') is not None


def test_front_matter_gives_the_title_of_a_page_in_a_folder(with_pages: Path) -> None:
    soup = soup_of(with_pages, "/notes/imported/")
    assert soup.h1.get_text() == "Imported: a note"
    assert "date:" not in soup.main.get_text() and soup.main.hr is None
    assert soup.select_one("main p").get_text() == "Text kept from elsewhere."


def test_markdown_is_sanitised(with_pages: Path) -> None:
    html = (with_pages / "about" / "index.html").read_text()
    assert "javascript:" not in html and "onclick" not in html and "color: red" not in html
    assert "<em>bold</em>" in html


def test_a_page_saved_with_a_byte_order_mark_keeps_its_title(with_pages: Path) -> None:
    soup = soup_of(with_pages, "/windows/")
    assert soup.h1.get_text() == "Saved on Windows"
    assert soup.select_one('nav a[href="/windows/"]').get_text() == "Saved on Windows"


def test_raw_script_in_markdown_is_refused(sample_copy: Path) -> None:
    (sample_copy / "content" / "about.md").write_text("# About\n\n<script>alert(1)</script>\n", encoding="utf-8")
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 1
    assert "content/about.md:3:1: error: raw HTML <script> is not allowed in Markdown" in run.stderr


def test_build_into_temporary_folder_keeps_old_output_on_failure(sample_copy: Path, built_sample: Path) -> None:
    shutil.copytree(built_sample, sample_copy / "output")  # the sample's own build, made elsewhere
    before = tree_digest(sample_copy / "output")
    report = sample_copy / "data" / "reports" / "2013-h1.yaml"
    report.write_text(report.read_text().replace("requests: 37196", "requests: 37197"))
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 1
    assert tree_digest(sample_copy / "output") == before
    assert left_beside(sample_copy / "output") == []


def break_file(site: Path, relative: str, old: str | None, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old is not None else new, encoding="utf-8")


@pytest.mark.parametrize("relative, old, new, where, message", [
    ("data/reports/2013-h1.yaml", "title: January–June 2013", "title: [January–June 2013",
     "data/reports/2013-h1.yaml:5:8:", "a list opened with '[' here is not closed"),
    ("data/reports/2013-h1.yaml", "table: 2013-h1-skype.csv", "table: 2013-h1-skipe.csv",
     "data/reports/2013-h1.yaml:28:12:", "table file '2013-h1-skipe.csv' not found"),
    ("data/reports/2013-h1.yaml", "outcome_tolerance: 1", "outcome_tolerance: one",
     "data/reports/2013-h1.yaml:20:24:",
     "outcome_tolerance in section 'all-services': expected a whole number, got 'one'"),
    ("data/reports/2013-h1-skype.csv", "Korea Republic Of", "Korea Repulbic Of",
     "data/reports/2013-h1-skype.csv:30:1:", "unknown jurisdiction 'Korea Repulbic Of'"),
])
def test_editor_mistakes_give_location_message_and_hint(sample_copy: Path, relative: str, old: str, new: str,
                                                        where: str, message: str) -> None:
    break_file(sample_copy, relative, old, new)
    run = run_build("build", "--site", str(sample_copy), cwd=sample_copy)
    assert run.returncode == 1
    assert f"{where} error: {message}" in run.stderr
    assert "hint:" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (sample_copy / "output").exists()


def test_unknown_jurisdiction_suggests_the_closest_name(sample_copy: Path) -> None:
    break_file(sample_copy, "data/reports/2013-h1-all-services.csv", "Germany", "Germny")
    run = run_build("check", "--site", str(sample_copy), cwd=sample_copy)
    assert run.returncode == 1
    assert "did you mean Germany (DE)?" in run.stderr


def test_wrong_usage_exits_2(sample_copy: Path, tmp_path: Path) -> None:
    assert run_build("publish").returncode == 2
    assert run_build("build", "--site", str(tmp_path / "nowhere")).returncode == 2


def test_check_writes_nothing(sample_copy: Path, tmp_path: Path, built_sample: Path) -> None:
    """`check` reads the cache of renders (filled by the sample's build), and writes nothing anywhere, .cache/
    included: no file of the cache (links to the shared cache's files) is added, removed, replaced or written to.
    The records of builds are left out of the copy: the other tests' builds replace and remove them meanwhile."""
    cache = shutil.copytree(SHARED_CACHE, tmp_path / "cache", copy_function=os.link,
                            ignore=shutil.ignore_patterns("builds"))
    before = file_stamps(cache)
    run = run_build("check", "--site", str(sample_copy), env={"SITE_BUILDER_CACHE": str(cache)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Checked: 77 pages")
    assert file_stamps(cache) == before and not (sample_copy / "output").exists()
    assert sorted(p.name for p in sample_copy.iterdir()) == ["content", "data", "site.yaml", "templates"]
