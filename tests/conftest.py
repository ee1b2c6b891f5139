"""Shared fixtures: a copy of the sample site in a temporary folder, and a way to build it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_builder.load.sources import load_sources
from site_builder.model.objects import Site
from site_builder.pipeline import model_site, validate_sources
from site_builder.plan.charts import site_charts
from site_builder.problems import Problems
from site_builder.render.charts import Chart, make_chart

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("site.yaml", "data", "content", "templates")
ENGINE_TEMPLATES = REPO / "site_builder" / "templates"


def override_template(site: Path, name: str) -> Path:
    """The site's own copy of the engine template `name` (made on first use), which the build uses instead."""
    path = site / "templates" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ENGINE_TEMPLATES / name, path)
    return path


@dataclass
class BuildRun:
    """The outcome of one `python build.py ...` run."""

    returncode: int
    stdout: str
    stderr: str


def copy_sample(target: Path) -> Path:
    """A copy of the sample site's own files (not its output) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


SHARED_CACHE = Path(tempfile.gettempdir()) / "site-builder-test-cache"


def model_of(root: Path) -> Site:
    """The typed model of the site in `root`, as the build makes it; the site must have no errors."""
    problems = Problems()
    sources = load_sources(root, problems)
    validate_sources(sources, problems)
    site, _ = model_site(sources, problems)
    assert not problems.errors, problems.errors
    return site


def charts_of(site: Site, report_id: str | None = None) -> dict[str, Chart]:
    """The site's charts by id (only one report's when `report_id` is given), as the build draws them."""
    planned = site_charts(site)
    return {p.id: make_chart(site, p) for p in planned if report_id is None or p.report == report_id}


def run_build(*args: str, cwd: Path | None = None) -> BuildRun:
    """Run build.py as an editor would, capturing what it prints; chart renders are cached across tests."""
    env = {**os.environ, "SITE_BUILDER_CACHE": str(SHARED_CACHE)}
    done = subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=300, env=env)
    return BuildRun(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A fresh, editable copy of the sample site."""
    return copy_sample(tmp_path / "site")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once per test session; returns its output folder."""
    root = copy_sample(tmp_path_factory.mktemp("sample") / "site")
    out = root / "output"
    run = run_build("build", "--site", str(root), "--out", str(out))
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="session")
def site_output(request: pytest.FixtureRequest) -> Path:
    """The built site the quality gates judge: $GATES_SITE_OUTPUT if set (to check any build), else the sample."""
    override = os.environ.get("GATES_SITE_OUTPUT")
    return Path(override).resolve() if override else request.getfixturevalue("built_sample")
