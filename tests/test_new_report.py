"""`python build.py new report ID`: a draft for the next period, refused over existing files."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from conftest import run_build

from site_builder.commands.new_report import next_period, period_title

REPORTS = Path("data/reports")
EN = "\u2013"  # the en dash of period titles
NEW_FILES = (REPORTS / "2013-h2.yaml", REPORTS / "2013-h2-all-services.csv", REPORTS / "2013-h2-skype.csv",
             Path("content/reports/2013-h2.md"))


def new_report(site: Path, report_id: str = "2013-h2"):
    return run_build("new", "report", report_id, cwd=site)


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_creates_a_draft_shaped_like_the_latest_report(sample_copy: Path) -> None:
    run = new_report(sample_copy)
    assert run.returncode == 0, run.stderr
    for name in NEW_FILES:
        assert (sample_copy / name).is_file()
        assert f"Created {name}" in run.stdout
    yaml_text = (sample_copy / NEW_FILES[0]).read_text(encoding="utf-8")
    for line in ('id: "2013-h2"', "start: 2013-07-01", "end: 2013-12-31", "status: draft",
                 'subset_of: "all-services"', 'table: "2013-h2-skype.csv"', f'title: "TO DO: July{EN}December 2013"'):
        assert line in [text.strip() for text in yaml_text.splitlines()]
    for section in ("all-services", "skype"):
        old = rows(sample_copy / REPORTS / f"2013-h1-{section}.csv")
        new = rows(sample_copy / REPORTS / f"2013-h2-{section}.csv")
        assert new[0] == old[0]
        assert [r[0] for r in new] == [r[0] for r in old]
        assert {cell for r in new[1:] for cell in r[1:]} == {"not reported"}


def test_the_draft_builds_at_once_but_is_not_published(sample_copy: Path) -> None:
    assert new_report(sample_copy).returncode == 0
    run = run_build("build", "--strict", cwd=sample_copy)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    out = sample_copy / "output"
    assert not (out / "reports" / "2013-h2").exists()
    assert not (out / "data" / "2013-h2").exists()
    assert not [p for p in out.rglob("*") if p.is_file() and b"2013-h2" in p.read_bytes()]


def test_the_draft_is_published_once_marked_ready(sample_copy: Path) -> None:
    assert new_report(sample_copy).returncode == 0
    path = sample_copy / NEW_FILES[0]
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: ready"), encoding="utf-8")
    for filled in (path, sample_copy / "content" / "reports" / "2013-h2.md"):  # the editor fills every TO DO
        filled.write_text(filled.read_text(encoding="utf-8").replace("TO DO", "Done"), encoding="utf-8")
    for table, figures in (("all-services", "10,12,0,8,1,1"), ("skype", "2,3,0,1,0,1")):  # and some figures
        csv = sample_copy / "data" / "reports" / f"2013-h2-{table}.csv"
        blank = "Argentina," + ",".join(["not reported"] * 6)
        csv.write_text(csv.read_text(encoding="utf-8").replace(blank, f"Argentina,{figures}"), encoding="utf-8")
    run = run_build("build", "--strict", cwd=sample_copy)
    assert run.returncode == 0, run.stderr
    page = (sample_copy / "output" / "reports" / "2013-h2" / "index.html").read_text(encoding="utf-8")
    assert "not reported" in page
    assert (sample_copy / "output" / "data" / "2013-h2" / "skype.csv").is_file()


def test_refuses_to_overwrite_and_creates_nothing(sample_copy: Path) -> None:
    commentary = sample_copy / NEW_FILES[3]
    commentary.write_text("# Already started\n", encoding="utf-8")
    run = new_report(sample_copy)
    assert run.returncode == 1
    assert "content/reports/2013-h2.md already exists" in run.stderr
    assert commentary.read_text(encoding="utf-8") == "# Already started\n"
    assert not any((sample_copy / name).exists() for name in NEW_FILES[:3])


def test_running_it_twice_is_refused(sample_copy: Path) -> None:
    assert new_report(sample_copy).returncode == 0
    before = {name: (sample_copy / name).read_bytes() for name in NEW_FILES}
    run = new_report(sample_copy)
    assert run.returncode == 1
    assert "data/reports/2013-h2.yaml already exists" in run.stderr
    assert before == {name: (sample_copy / name).read_bytes() for name in NEW_FILES}


def test_an_id_used_by_another_file_is_refused(sample_copy: Path) -> None:
    (sample_copy / REPORTS / "2012.yaml").rename(sample_copy / REPORTS / "whole-2012.yaml")
    run = new_report(sample_copy, "2012")
    assert run.returncode == 1
    assert "report id '2012' is already used by data/reports/whole-2012.yaml" in run.stderr
    assert not (sample_copy / REPORTS / "2012.yaml").exists()


@pytest.mark.parametrize("bad_id", ["2013_H2", "-2013", "../escape", "2013 h2"])
def test_an_invalid_id_is_a_usage_error_with_a_hint(sample_copy: Path, bad_id: str) -> None:
    run = new_report(sample_copy, bad_id)
    assert run.returncode == 2
    assert f"'{bad_id}' cannot be a report id" in run.stderr
    assert "hint: use lower-case letters, digits and hyphens" in run.stderr
    assert not list((sample_copy / REPORTS).glob("*h2*"))


def test_a_site_with_errors_gets_no_new_report(sample_copy: Path) -> None:
    site = sample_copy / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("language: en", "langauge: en"), encoding="utf-8")
    run = new_report(sample_copy)
    assert run.returncode == 1
    assert "site.yaml" in run.stderr and "No report was created" in run.stderr
    assert not any((sample_copy / name).exists() for name in NEW_FILES)


def test_the_next_draft_follows_the_previous_draft(sample_copy: Path) -> None:
    assert new_report(sample_copy).returncode == 0
    assert new_report(sample_copy, "2014-h1").returncode == 0
    text = (sample_copy / REPORTS / "2014-h1.yaml").read_text(encoding="utf-8")
    assert "start: 2014-01-01" in text and "end: 2014-06-30" in text
    assert run_build("check", "--strict", cwd=sample_copy).returncode == 0


@pytest.mark.parametrize(("start", "end", "expected", "title"), [
    (date(2013, 1, 1), date(2013, 6, 30), (date(2013, 7, 1), date(2013, 12, 31)), f"July{EN}December 2013"),
    (date(2012, 1, 1), date(2012, 12, 31), (date(2013, 1, 1), date(2013, 12, 31)), f"January{EN}December 2013"),
    (date(2013, 11, 1), date(2014, 1, 31), (date(2014, 2, 1), date(2014, 4, 30)), f"February{EN}April 2014"),
    (date(2013, 7, 1), date(2013, 12, 31), (date(2014, 1, 1), date(2014, 6, 30)), f"January{EN}June 2014"),
    (date(2013, 7, 1), date(2014, 6, 30), (date(2014, 7, 1), date(2015, 6, 30)), f"July 2014{EN}June 2015"),
    (date(2013, 1, 15), date(2013, 2, 14), (date(2013, 2, 15), date(2013, 3, 17)),
     "15 February 2013 to 17 March 2013"),
])
def test_next_period_is_as_long_as_the_last(start: date, end: date, expected: tuple[date, date], title: str) -> None:
    assert next_period(start, end) == expected
    assert period_title(*expected) == title
