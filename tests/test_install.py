"""An installable engine: a plain (not editable) `pip install` builds any site folder with its console command,
and a site's own templates/ overrides the engine's templates file by file."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import GITHUB, REPO, SHARED_CACHE, copy_site, override_template, run_build


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the engine installed from a copy of this repository, not in editable mode.

    Its dependencies come from the environment running the tests, and so does pip (the environment is made without
    one of its own, which takes longer than the install); pip fetches only the build tools."""
    folder = tmp_path_factory.mktemp("install")
    env = folder / "env"
    venv.EnvBuilder(system_site_packages=True).create(env)
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--quiet",
                           "--no-deps", str(REPO)], capture_output=True, text=True, cwd=folder, timeout=300)
    assert done.returncode == 0, done.stderr
    return env


def installed_env() -> dict[str, str]:
    """The environment the installed engine runs in: the chart renders cached across tests, and no PYTHONPATH that
    could name another copy of the engine."""
    env = {**os.environ, "SITE_BUILDER_CACHE": str(SHARED_CACHE)}
    env.pop("PYTHONPATH", None)
    return env


def run_installed(env: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed console command."""
    return subprocess.run([str(env / "bin" / "transparency-site"), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env=installed_env())


def test_the_installed_engine_is_not_this_checkout(installed: Path, tmp_path: Path) -> None:
    code = "import site_builder; print(site_builder.__file__)"
    where = subprocess.run([str(installed / "bin" / "python"), "-c", code], capture_output=True, text=True,
                           cwd=tmp_path, env=installed_env(), check=True).stdout.strip()
    assert Path(where).is_relative_to(installed), where


def test_the_console_command_builds_a_site_folder(installed: Path, tmp_path: Path) -> None:
    site = copy_site(GITHUB, tmp_path / "github")
    run = run_installed(installed, "build", "--site", str(site), "--strict", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (site / "output" / "reports" / "2025" / "index.html").is_file()
    assert (site / "output" / "data" / "datapackage.json").is_file()


def test_the_installed_engine_makes_and_checks_a_new_site(installed: Path, tmp_path: Path) -> None:
    made = run_installed(installed, "new", "site", str(tmp_path / "mine"), "--organisation", "Test Org", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    check = run_installed(installed, "check", "--site", str(tmp_path / "mine"), cwd=tmp_path)
    assert check.returncode == 0, check.stderr


def test_python_dash_m_runs_the_same_command(installed: Path, tmp_path: Path) -> None:
    run = subprocess.run([str(installed / "bin" / "python"), "-m", "site_builder", "--help"], capture_output=True,
                         text=True, cwd=tmp_path, env=installed_env())
    assert run.returncode == 0 and "build" in run.stdout and "migrate" in run.stdout


def test_a_sites_template_overrides_the_engines_file_by_file(sample_copy: Path) -> None:
    statement = override_template(sample_copy, "partials/statement.html")
    statement.write_text('<blockquote class="own-statement">{{ statement.quote }}</blockquote>\n', encoding="utf-8")
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0, run.stderr
    page = (sample_copy / "output" / "reports" / "2013-h1" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="own-statement"') == 2
    assert 'class="statement"' not in page
    assert '<nav aria-label="Main">' in page  # every other template is still the engine's


def test_running_from_the_repository_needs_no_install() -> None:
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "new" in run.stdout
