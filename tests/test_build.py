"""Building as an editor does: output swapped in whole, deterministic, and stopped by bad input."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SHARED_CACHE, run_build, run_process


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_prints_one_summary_line(sample_copy: Path) -> None:
    run = run_process("build", "--site", str(sample_copy))  # as an editor runs it: a Python process of its own
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Built 77 pages, 72 charts, 6 downloads in ")
    assert (sample_copy / "output" / "index.html").is_file()
    assert run.stderr == ""


def test_two_builds_are_byte_identical(sample_copy: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_build("build", "--site", str(sample_copy), "--out", str(first)).returncode == 0
    assert run_build("build", "--site", str(sample_copy), "--out", str(second)).returncode == 0
    assert tree_digest(first) == tree_digest(second)


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


def test_any_markdown_file_in_content_becomes_a_page(sample_copy: Path) -> None:
    (sample_copy / "content" / "faq.md").write_text("# Questions\n\nWhat is a *request*?\n", encoding="utf-8")
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    soup = BeautifulSoup((sample_copy / "output" / "faq" / "index.html").read_text(), "html.parser")
    assert soup.h1.get_text() == "Questions"
    assert soup.select_one("main em").get_text() == "request"
    assert soup.select_one('nav a[href="/faq/"]') is not None


def test_front_matter_gives_the_title_of_a_page_in_a_folder(sample_copy: Path) -> None:
    page = sample_copy / "content" / "notes" / "imported.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: \"Imported: a note\"\ndate: 2020-01-02\n---\n\nText kept from elsewhere.\n",
                    encoding="utf-8")
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    soup = BeautifulSoup((sample_copy / "output" / "notes" / "imported" / "index.html").read_text(), "html.parser")
    assert soup.h1.get_text() == "Imported: a note"
    assert "date:" not in soup.main.get_text() and soup.main.hr is None
    assert soup.select_one("main p").get_text() == "Text kept from elsewhere."


def test_markdown_is_sanitised(sample_copy: Path) -> None:
    """What the raw-HTML check lets through (links, a few inline tags) is still sanitised."""
    (sample_copy / "content" / "about.md").write_text(
        "# About\n\n[x](javascript:alert(1)) <em onclick=\"x()\" style=\"color: red\">bold</em>\n",
        encoding="utf-8")
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0, run.stderr
    html = (sample_copy / "output" / "about" / "index.html").read_text()
    assert "javascript:" not in html and "onclick" not in html and "color: red" not in html
    assert "<em>bold</em>" in html


def test_raw_script_in_markdown_is_refused(sample_copy: Path) -> None:
    (sample_copy / "content" / "about.md").write_text("# About\n\n<script>alert(1)</script>\n", encoding="utf-8")
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 1
    assert "content/about.md:3:1: error: raw HTML <script> is not allowed in Markdown" in run.stderr


def test_build_into_temporary_folder_keeps_old_output_on_failure(sample_copy: Path) -> None:
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    before = tree_digest(sample_copy / "output")
    report = sample_copy / "data" / "reports" / "2013-h1.yaml"
    report.write_text(report.read_text().replace("requests: 37196", "requests: 37197"))
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 1
    assert tree_digest(sample_copy / "output") == before
    assert not [p for p in sample_copy.iterdir() if p.name.startswith(".output-")]


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


def test_a_page_saved_with_a_byte_order_mark_keeps_its_title(sample_copy: Path) -> None:
    """Editors' Windows tools may save UTF-8 with a BOM: the page is rendered from the text as it was read."""
    (sample_copy / "content" / "faq.md").write_bytes("\ufeff# Questions\n\nAnswers.\n".encode())
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    soup = BeautifulSoup((sample_copy / "output" / "faq" / "index.html").read_text(), "html.parser")
    assert soup.h1.get_text() == "Questions"
    assert soup.select_one('nav a[href="/faq/"]').get_text() == "Questions"


def test_check_writes_nothing(sample_copy: Path, tmp_path: Path, built_sample: Path) -> None:
    """`check` reads the cache of renders (filled by the sample's build), and writes nothing anywhere, .cache/
    included."""
    cache = shutil.copytree(SHARED_CACHE, tmp_path / "cache")
    before = tree_digest(cache)
    run = run_build("check", "--site", str(sample_copy), env={"SITE_BUILDER_CACHE": str(cache)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Checked: 77 pages")
    assert tree_digest(cache) == before and not (sample_copy / "output").exists()
    assert sorted(p.name for p in sample_copy.iterdir()) == ["content", "data", "site.yaml", "templates"]
