"""Hostile or accidental input never crashes the builder and never publishes what it should not (issue 8):
control characters, unclean ids, links out of the site, raw HTML in Markdown, pages that take generated addresses."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import run_build
from errors_support import R, replace

from site_builder.pipeline import build
from site_builder.problems import DEBUG_VARIABLE, Problems, SiteError


def check(site: Path) -> tuple[int, str]:
    run = run_build("check", "--site", str(site), cwd=site)
    assert "Traceback" not in run.stderr and "panic" not in run.stderr, run.stderr
    return run.returncode, run.stderr


@pytest.mark.parametrize("title", ['"January\\x0bJune 2013"', '"January\\x01June 2013"', "January\x0bJune 2013"])
def test_a_control_character_in_a_title_is_an_error_not_a_crash(sample_copy: Path, title: str) -> None:
    replace(R, "title: January–June 2013", f"title: {title}")(sample_copy)
    code, said = check(sample_copy)
    assert code == 1
    assert "control character (U+000" in said or "cannot be read" in said, said
    assert f"{R}:5:" in said


def test_a_section_id_with_a_trailing_newline_is_refused(sample_copy: Path) -> None:
    replace(R, "  - id: skype\n", '  - id: "skype\\n"\n')(sample_copy)
    code, said = check(sample_copy)
    assert code == 1
    assert "id in section" in said and "is not in the expected form" in said, said


def test_a_long_report_id_is_refused_with_a_hint(sample_copy: Path) -> None:
    run = run_build("new", "report", "a" * 300, "--site", str(sample_copy))
    assert run.returncode == 2
    assert "at most 64" in run.stderr and "Traceback" not in run.stderr


def test_a_fault_while_rendering_is_a_problem_not_a_traceback(sample_copy: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)

    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("site_builder.render.render.render_chart_figures", explode)
    problems = Problems()
    with pytest.raises(SiteError):
        build(sample_copy, sample_copy / "output", False, problems)
    assert [p.message for p in problems.errors] == ["the builder failed while rendering the site (RuntimeError: boom)"]
    assert not (sample_copy / "output").exists()


def test_a_link_to_a_file_outside_the_site_is_refused(sample_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("# Secret\n\nnot for publishing\n", encoding="utf-8")
    os.symlink(secret, sample_copy / "content" / "leak.md")
    os.symlink(secret, sample_copy / "data" / "reports" / "leak.csv")
    code, said = check(sample_copy)
    assert code == 1
    assert "content/leak.md:1:1: error: content/leak.md is a link to a file outside the site" in said, said
    assert "data/reports/leak.csv:1:1: error: data/reports/leak.csv is a link to a file outside the site" in said
    assert "not for publishing" not in said


def test_a_link_within_the_site_is_followed(sample_copy: Path) -> None:
    os.symlink(sample_copy / "content" / "about.md", sample_copy / "content" / "about-us.md")
    assert check(sample_copy)[0] == 0


@pytest.mark.parametrize("markdown, where, message", [
    ("<style>\np { color: red }\n", "5:1", "raw HTML <style> is not allowed in Markdown"),
    ("<script>alert(1)\n", "5:1", "raw HTML <script> is not allowed in Markdown"),
    ("Water <math><mi>x</mi>\n", "5:7", "raw HTML <math> is not allowed in Markdown"),
    ("<div>\n\n## Heading\n", "5:1", "raw HTML <div> is not allowed in Markdown"),
    ("<!-- a note to myself\n\n## Heading\n", "5:1", "an HTML comment opened here is not closed"),
    ("Water is H<sub>2O.\n\nNext paragraph.\n", "5:11", "<sub> is not closed in this paragraph"),
])
def test_raw_html_that_would_swallow_the_page_is_an_error(sample_copy: Path, markdown: str, where: str,
                                                          message: str) -> None:
    (sample_copy / "content" / "about.md").write_text(f"# About\n\nText.\n\n{markdown}\nThe end.\n", encoding="utf-8")
    code, said = check(sample_copy)
    assert code == 1
    assert f"content/about.md:{where}: error: {message}" in said, said


def test_allowed_inline_html_and_code_are_kept(sample_copy: Path) -> None:
    (sample_copy / "content" / "about.md").write_text(
        "# About\n\nH<sub>2</sub>O and <abbr title=\"International\">Intl</abbr>.\n\n"
        "Write `<div>` in code.\n\n```html\n<script>shown as code</script>\n```\n", encoding="utf-8")
    assert run_build("build", cwd=sample_copy).returncode == 0
    page = (sample_copy / "output" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<sub>2</sub>" in page and "&lt;script&gt;shown as code&lt;/script&gt;" in page


@pytest.mark.parametrize("name, taken", [
    ("reports", "the reports page /reports/"),
    ("data", "the data page /data/"),
    ("pagefind", "the folder /pagefind/ of the search index"),
    ("countries/us", "the country page /countries/us/"),
])
def test_a_page_cannot_take_an_address_the_builder_writes(sample_copy: Path, name: str, taken: str) -> None:
    path = sample_copy / "content" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Mine\n\nText.\n", encoding="utf-8")
    code, said = check(sample_copy)
    assert code == 1
    assert f"content/{name}.md:1:1: error: this page would be published at /{name}/, which is {taken}" in said


def test_pages_in_folders_are_published_at_their_nested_address(sample_copy: Path) -> None:
    (sample_copy / "content" / "help").mkdir()
    (sample_copy / "content" / "help" / "faq.md").write_text("# Questions\n\nAnswers.\n", encoding="utf-8")
    assert run_build("build", cwd=sample_copy).returncode == 0
    assert "Questions" in (sample_copy / "output" / "help" / "faq" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["My Page", "404.html", "Résumé"])
def test_a_page_file_name_that_is_no_address_is_refused(sample_copy: Path, name: str) -> None:
    (sample_copy / "content" / f"{name}.md").write_text("# Mine\n", encoding="utf-8")
    code, said = check(sample_copy)
    assert code == 1 and f"content/{name}.md:1:1: error: content/{name}.md cannot be a page's address" in said


def test_a_heading_never_takes_an_id_the_page_uses(sample_copy: Path) -> None:
    (sample_copy / "content" / "about.md").write_text("# About\n\n## Search\n\n## Main\n\n## Notes\n", encoding="utf-8")
    assert run_build("build", cwd=sample_copy).returncode == 0
    page = (sample_copy / "output" / "about" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert {"h-search", "h-main", "h-notes"} <= set(ids)
