"""Shared by the broken-site tests (tests/test_errors_*.py): cases, edits, and what every case asserts.

Each case edits a fresh copy of the sample site, builds it in this process over a copy of the sample's output
built beforehand, and checks the reported problem exactly: `path:line:col: severity: message`, the caret under the
column, the hint, any other problem expected, the closing count, the exit code, no traceback, and the old output
byte for byte unchanged. A module's cases are built together, before its tests run.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import BuildRun, copy_sample, run_build

from site_builder.problems import DEBUG_VARIABLE

HEADER = re.compile(r"^(\S+:\d+:\d+): (error|warning): (.*)$")
Edit = Callable[[Path], None]

# The sample site's files, as the build names them when run in the site's folder.
S = "site.yaml"
D = "data/dimensions.yaml"
M = "data/measures.yaml"
R = "data/reports/2013-h1.yaml"
Y = "data/reports/2012.yaml"
A = "data/reports/2013-h1-all-services.csv"
K = "data/reports/2013-h1-skype.csv"
MD = "content/reports/2013-h1.md"


def replace(name: str, old: str, new: str) -> Edit:
    """An edit replacing the first `old` in the site file `name`; `old` must be there."""
    def edit(site: Path) -> None:
        path = site / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} no longer contains {old!r}: update this case"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def write(name: str, content: str | bytes) -> Edit:
    """An edit writing a whole file (bytes as given, text as UTF-8)."""
    def edit(site: Path) -> None:
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return edit


@dataclass(frozen=True)
class Case:
    """One broken site and the single problem it must produce."""

    name: str
    edits: tuple[Edit, ...]
    where: str
    message: str
    hint: str
    warning: bool = False
    also: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.name


@dataclass
class Block:
    """One printed problem: its first line, the source line and caret beneath it, and its hint."""

    where: str
    severity: str
    message: str
    source: str | None = None
    caret: str | None = None
    hint: str | None = None


def parse_report(stderr: str) -> tuple[list[Block], str]:
    """The problem blocks and the closing count line of what a build printed."""
    blocks: list[Block] = []
    count = ""
    for line in stderr.splitlines():
        if match := HEADER.match(line):
            blocks.append(Block(*match.groups()))
        elif line.startswith("  hint: ") and blocks:
            blocks[-1].hint = line[len("  hint: "):]
        elif line.startswith("    ") and blocks and blocks[-1].hint is None:
            if blocks[-1].source is None:
                blocks[-1].source = line[4:]
            else:
                blocks[-1].caret = line[4:]
        elif re.fullmatch(r"\d+ errors?, \d+ warnings?", line):
            count = line
    return blocks, count


def tree_digest(folder: Path) -> str:
    """A hash of every file's path and bytes under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What building one broken copy printed, and whether the old output folder it was told to replace (with every
    other case of its module) is byte for byte as it was once they were all built."""

    runs: tuple[BuildRun, ...]
    output_untouched: bool


@pytest.fixture(autouse=True)
def debug_builder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds raise unexpected exceptions (a traceback fails the test) instead of reporting them."""
    monkeypatch.setenv(DEBUG_VARIABLE, "1")


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, built_sample: Path,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case of the test module (CASES, then WARNINGS) built once, in this process, one after another.

    Each case gets a fresh copy of the sample site; all are built over one copy of the sample's built output,
    which none of them may change."""
    cases = [*request.module.CASES, *getattr(request.module, "WARNINGS", ())]
    base = tmp_path_factory.mktemp("broken")
    out = base / "output"
    shutil.copytree(built_sample, out)
    digest = tree_digest(out)
    with pytest.MonkeyPatch.context() as env:
        env.setenv(DEBUG_VARIABLE, "1")
        runs = {case.name: _build_case(case, base / case.name, out) for case in cases}
    untouched = tree_digest(out) == digest
    return {name: Outcome(built, untouched) for name, built in runs.items()}


def _build_case(case: Case, folder: Path, out: Path) -> tuple[BuildRun, ...]:
    """Break a copy of the sample and build it over the old output: `check` and `build --strict` for a warning,
    `build` for an error."""
    site = copy_sample(folder / "site")
    for edit in case.edits:
        edit(site)
    build = ("build", "--site", str(site), "--out", str(out))
    commands = [("check", "--site", str(site)), (*build, "--strict")] if case.warning else [build]
    return tuple(run_build(*command, cwd=site) for command in commands)


def assert_reported(run: BuildRun, case: Case, severity: str) -> None:
    """The case's problem is printed exactly once with its caret and hint, alone, and no traceback."""
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    blocks, count = parse_report(run.stderr)
    wanted = [b for b in blocks if (b.where, b.severity, b.message) == (case.where, severity, case.message)]
    assert len(wanted) == 1, f"expected {case.where}: {severity}: {case.message}\ngot:\n{run.stderr}"
    block = wanted[0]
    assert block.hint == case.hint, run.stderr
    if block.source is not None:
        column = int(case.where.rsplit(":", 1)[1])
        assert block.caret == " " * (column - 1) + "^", run.stderr
    others = [f"{b.where}: {b.message}" for b in blocks if b is not block]
    assert others == list(case.also), run.stderr
    errors = sum(b.severity == "error" for b in blocks)
    warnings = len(blocks) - errors
    assert count == f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", run.stderr


def assert_fails_untouched(run: BuildRun, case: Case, outcome: Outcome) -> None:
    """Exit 1, the problem reported as an error, and the old output byte for byte as it was."""
    assert run.returncode == 1, run.stderr
    assert_reported(run, case, "error")
    assert "Nothing was written" in run.stderr
    assert outcome.output_untouched, "a failed build changed the old output"


def assert_broken(outcome: Outcome, case: Case) -> None:
    """An error case: the build fails on it and writes nothing."""
    assert not case.warning
    assert_fails_untouched(outcome.runs[0], case, outcome)


def assert_warns(outcome: Outcome, case: Case) -> None:
    """A warning case: `check` passes showing the warning; `build --strict` fails on it, writing nothing."""
    checked, strict = outcome.runs
    assert checked.returncode == 0, checked.stderr
    assert_reported(checked, case, "warning")
    assert_fails_untouched(strict, case, outcome)
