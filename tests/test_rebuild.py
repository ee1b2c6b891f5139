"""Building again: with nothing changed the build leaves the output as it is; any change builds it again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import override_template, run_build

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
    footer = override_template(built, "base.html")
    footer.write_text(footer.read_text(encoding="utf-8").replace("</footer>", "<p>Template edited.</p></footer>"),
                      encoding="utf-8")
    assert build_again(built).startswith("Built ")
    assert "Template edited." in (built / "output" / "index.html").read_text(encoding="utf-8")


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
