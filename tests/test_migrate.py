"""`migrate`: a format 1 site is rewritten in format 2 and publishes exactly the figures it published before."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_build

FIXTURES = REPO / "tests" / "fixtures"


def figures(path: Path, code: str) -> list[tuple[str, ...]]:
    """Every figure of a long-format CSV: period, section, row (or TOTAL), measure, value, band, state and notes."""
    with path.open(encoding="utf-8") as handle:
        return sorted((r["period"], r["section"], r[code] or "TOTAL", r["measure"], r["value"], r["low"], r["high"],
                       r["state"], r["notes"]) for r in csv.DictReader(handle))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("format1") / "site"
    shutil.copytree(FIXTURES / "format1-sample", site)
    run = run_build("migrate", "--site", str(site))
    assert run.returncode == 0, run.stderr
    return site, run.stdout


def test_a_format_1_site_is_refused_with_the_way_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "format1-sample", site)
    run = run_build("build", "--site", str(site))
    assert run.returncode == 1
    assert "site.yaml:3:1: error: site.yaml has no 'format:', so it is in format 1" in run.stderr
    assert "python build.py migrate" in run.stderr
    assert not (site / "output").exists()


def test_migration_keeps_every_figure_and_note(migrated: tuple[Path, str]) -> None:
    site, _ = migrated
    run = run_build("build", "--site", str(site), "--strict")
    assert run.returncode == 0, run.stderr
    before = figures(FIXTURES / "format1-all-figures.csv", "jurisdiction_code")
    after = figures(site / "output" / "data" / "all-figures.csv", "row_code")
    assert len(before) == 696
    assert after == before


def test_migration_declares_the_columns_and_finds_the_outcomes(migrated: tuple[Path, str]) -> None:
    site, said = migrated
    measures = (site / "data" / "measures.yaml").read_text(encoding="utf-8")
    assert "parts: [disclosed_content, disclosed_noncontent, no_data_found, rejected]" in measures
    assert "whole: requests" in measures
    assert "Created " in said and "data/measures.yaml" in said
    assert '"Korea": KR' in (site / "data" / "dimensions.yaml").read_text(encoding="utf-8")
    assert "jurisdiction_aliases" not in (site / "site.yaml").read_text(encoding="utf-8")
    report = (site / "data" / "reports" / "2013-h1.yaml").read_text(encoding="utf-8")
    assert "    row: US\n" in report and "jurisdiction:" not in report


def test_migrating_twice_changes_nothing(migrated: tuple[Path, str]) -> None:
    site, _ = migrated
    before = {p: p.read_bytes() for p in site.rglob("*.yaml")}
    run = run_build("migrate", "--site", str(site))
    assert run.returncode == 0
    assert "Nothing to migrate" in run.stdout
    assert before == {p: p.read_bytes() for p in site.rglob("*.yaml")}
