"""Shared fixtures: copies of the example sites in temporary folders, and a way to build them."""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from file_lock import held

from site_builder.commands.cli import main
from site_builder.load.sources import load_sources
from site_builder.model.objects import Site
from site_builder.pipeline import model_site, validate_sources
from site_builder.plan.charts import site_charts
from site_builder.problems import Problems
from site_builder.render.charts import Chart, make_chart
from site_builder.write.output_folder import remove_in_background

REPO = Path(__file__).resolve().parent.parent
SITE_PARTS = ("site.yaml", "data", "content", "templates")
GITHUB = REPO / "examples" / "github"
SUB_PATH = "/transparency/"
# Every example site the gates judge: (its folder, the path it is published at).
SITES = {"sample": (REPO, "/"), "github": (GITHUB, "/"), "sample-sub-path": (REPO, SUB_PATH),
         "github-sub-path": (GITHUB, SUB_PATH)}
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


def copy_site(source: Path, target: Path) -> Path:
    """A copy of a site's own files (not its output) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.is_file():
            shutil.copy2(path, target / part)
    return target


def copy_sample(target: Path) -> Path:
    """A copy of the sample site's own files in `target`."""
    return copy_site(REPO, target)


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


def run_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> BuildRun:
    """Run build.py in a new Python process as an editor would, capturing what it prints; chart renders are cached
    across tests (unless `env` names another cache)."""
    env = {**os.environ, "SITE_BUILDER_CACHE": str(SHARED_CACHE), **(env or {})}
    done = subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=300, env=env)
    return BuildRun(done.returncode, done.stdout, done.stderr)


def run_build(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> BuildRun:
    """Run the command line as `run_process` does, but in this process (no Python start-up): in `cwd`, with the
    shared chart cache and the variables of `env`, capturing what it prints. One at a time: it changes the
    working folder."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.chdir(cwd or REPO)
        for name, value in {"SITE_BUILDER_CACHE": str(SHARED_CACHE), **(env or {})}.items():
            patch.setenv(name, value)
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return BuildRun(code, out.getvalue(), err.getvalue())


def synthetic_settings(title: str, base_path: str = "/") -> str:
    """site.yaml of a SYNTHETIC site (figures invented for a test) published at `base_path`."""
    return f"""\
format: 2
organisation: SYNTHETIC Org
title: {title}
base_url: https://synthetic.example.org{base_path}
language: en
data_licence:
  name: CC0 1.0
  url: https://creativecommons.org/publicdomain/zero/1.0/
"""


def build_files(folder: Path, files: dict[str, str]) -> Path:
    """Write a site of `files` (path → text) into `folder`, build it with --strict and return its output folder."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    run = run_build("build", "--site", str(folder), "--strict")
    assert run.returncode == 0, run.stderr
    return folder / "output"


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A fresh, editable copy of the sample site."""
    return copy_sample(tmp_path / "site")


def published_below(root: Path, base_path: str) -> None:
    """Set the base_url of the site in `root` to its own domain with `base_path`, e.g. /transparency/."""
    settings = root / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"^(base_url: https?://[^/\s]+)/.*$", rf"\1{base_path}", text, flags=re.M),
                        encoding="utf-8")


def build_copy(source: Path, folder: Path, base_path: str = "/") -> Path:
    """Copy the site in `source` into `folder` (published at `base_path`), build it with --strict, and return its
    output folder."""
    root = copy_site(source, folder / "site")
    published_below(root, base_path)
    out = root / "output"
    run = run_build("build", "--site", str(root), "--out", str(out), "--strict")
    assert run.returncode == 0, run.stderr
    return out


def built_once(factory: pytest.TempPathFactory, name: str, source: Path, base_path: str = "/") -> Path:
    """The output folder of the site in `source` built by `build_copy` once per test run, whichever worker process
    asks first (the others wait for it and share it: tests only read it)."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's folder is inside the run's
        root = root.parent
    folder = root / f"built-{name}"
    with held(root / f"built-{name}.lock"):
        if not (folder / "site" / "output").is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            build_copy(source, folder, base_path)
    return folder / "site" / "output"


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once per test run; returns its output folder."""
    return built_once(tmp_path_factory, "sample", REPO)


@pytest.fixture(scope="session")
def built_github(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GitHub example built once per test run; returns its output folder."""
    return built_once(tmp_path_factory, "github", GITHUB)


@pytest.fixture(scope="session")
def built_sample_sub_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built to be published at /transparency/ of its domain."""
    return built_once(tmp_path_factory, "sample-sub-path", REPO, SUB_PATH)


@pytest.fixture(scope="session")
def built_github_sub_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GitHub example built to be published at /transparency/ of its domain."""
    return built_once(tmp_path_factory, "github-sub-path", GITHUB, SUB_PATH)


@pytest.fixture(scope="session", params=list(SITES))
def site_name(request: pytest.FixtureRequest) -> str:
    """Which example site the gates judge, at the root of its domain and below it, each in turn (only one,
    'sample', when $GATES_SITE_OUTPUT is set)."""
    if os.environ.get("GATES_SITE_OUTPUT") and request.param != "sample":
        pytest.skip("GATES_SITE_OUTPUT names the one site to judge")
    return request.param


@pytest.fixture(scope="session")
def site_base(site_name: str) -> str:
    """The path the judged site is published at: / or /transparency/ ($GATES_BASE_PATH for $GATES_SITE_OUTPUT)."""
    return os.environ.get("GATES_BASE_PATH", "/") if os.environ.get("GATES_SITE_OUTPUT") else SITES[site_name][1]


@pytest.fixture(scope="session")
def site_output(request: pytest.FixtureRequest, site_name: str) -> Path:
    """The built site the quality gates judge: $GATES_SITE_OUTPUT if set (to check any build), else each example."""
    override = os.environ.get("GATES_SITE_OUTPUT")
    return Path(override).resolve() if override else request.getfixturevalue(f"built_{site_name.replace('-', '_')}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Once the tests are done, remove the temporary folders of earlier runs in the background, as the build removes
    old output folders: pytest removes them (a full run leaves 2 GB in 130,000 files) as it exits, which made every
    run 5 s longer, and removed as a run started they slowed the run itself (ext4 hands out new files slowly for a
    minute or more after many were deleted: the suite without the browser gates took 89 s beside such a removal, 82
    s without). This run's folder and the one before stay, for a look at what they left, and so do those of runs
    going on (pytest's lock file in them)."""
    if os.environ.get("PYTEST_XDIST_WORKER") or session.config.option.basetemp:
        return
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name: pytest names the folder as below
        user = "unknown"
    runs = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir()).resolve() / f"pytest-of-{user}"
    numbered = sorted((p for p in runs.glob("pytest-*") if p.name[7:].isdigit() and not p.is_symlink()),
                      key=lambda p: int(p.name[7:]))
    for old in numbered[:-2]:
        if not (old / ".lock").exists():
            remove_in_background(old, old)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Share the work among the worker processes (`--dist loadgroup`): the tests of one example site (a `site_name`
    case) run together, whatever their file, so that its pages are served and audited once; any other test runs with
    the rest of its file, so that its module's fixtures are made once."""
    for item in items:
        call = getattr(item, "callspec", None)
        site = call.params.get("site_name") if call else None
        item.add_marker(pytest.mark.xdist_group(f"site {site}" if site else item.nodeid.split("::")[0]))


def left_beside(out: Path) -> list[str]:
    """What builds left beside the output folder `out` (staging folders, search indexes), not counting the
    folders a build has handed to a process of its own to remove (`.NAME-trash-*`)."""
    return sorted(p.name for p in out.parent.iterdir()
                  if p.name.startswith(f".{out.name}-") and not p.name.startswith(f".{out.name}-trash-"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """On the worker processes, a test marked `alone` (its timings would suffer from work beside it) waits for the
    tests running beside it to end and holds back new ones, its module's fixtures included, until it ends."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    locks = Path(item.config.option.basetemp).parent / "alone"  # in the run's folder, removed with it
    locks.mkdir(exist_ok=True)
    with (locks / "turnstile.lock").open("w") as turnstile, (locks / "running.lock").open("w") as running:
        fcntl.flock(turnstile, fcntl.LOCK_EX)  # an `alone` test holds it throughout: nothing new starts
        if item.get_closest_marker("alone") is None:
            fcntl.flock(turnstile, fcntl.LOCK_UN)
            fcntl.flock(running, fcntl.LOCK_SH)
        else:
            fcntl.flock(running, fcntl.LOCK_EX)  # once the tests running beside it have ended
        yield
