"""The command line: usage errors exit 2; --quiet, --verbose and the progress line on a terminal."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SHARED_CACHE, run_build

from site_builder.progress import SILENT, STAGES, LiveProgress, VerboseProgress, choose_progress

SUMMARY = re.compile(r"Built (?P<pages>\d+) pages, (?P<charts>\d+) charts, \d+ downloads in [\d.]+ s into output/")

RENDERING = f"Building [{STAGES.index('render') + 1}/{len(STAGES)}] render"


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("args", [
    ["frobnicate"],
    ["build", "--bogus"],
    ["build", "--quiet", "--verbose"],
    ["serve", "--port", "abc"],
    ["serve", "--port", "70000"],
    ["new"],
    ["new", "report"],
    ["new", "page", "x"],
])
def test_wrong_usage_exits_2_without_a_traceback(sample_copy: Path, args: list[str]) -> None:
    run = run_build(*args, cwd=sample_copy)
    assert run.returncode == 2
    assert "usage:" in run.stderr and "Traceback" not in run.stderr
    assert not (sample_copy / "output").exists()


HEAVY = ("jinja2", "altair", "vl_convert", "markdown", "yaml", "pycountry", "jsonschema", "nh3", "importlib.metadata")


@pytest.mark.parametrize("args", [["--help"], ["new", "site", "--help"], ["headers", "--for", "nginx"],
                                  ["build", "--bogus"]])
def test_help_and_usage_errors_load_none_of_the_build_stages(args: list[str]) -> None:
    """Start-up stays quick: answering these imports no library the build stages use (bench/startup.py times it)."""
    probe = ("import sys\nfrom site_builder.commands.cli import main\ntry:\n    main(sys.argv[1:])\n"
             "except SystemExit:\n    pass\nprint(' '.join(sorted(m for m in sys.modules if '.' not in m)))")
    run = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = set(run.stdout.splitlines()[-1].split()) if run.stdout else set()
    assert loaded, run.stderr
    assert not loaded & set(HEAVY), f"{args} imported {sorted(loaded & set(HEAVY))}"


def test_a_folder_without_site_yaml_exits_2_with_a_hint(tmp_path: Path) -> None:
    run = run_build("build", "--site", str(tmp_path))
    assert run.returncode == 2
    assert "no site.yaml" in run.stderr and "hint: " in run.stderr


def test_a_plain_build_into_a_pipe_prints_only_the_summary(sample_copy: Path) -> None:
    run = run_build(cwd=sample_copy)
    assert run.returncode == 0
    assert run.stderr == ""
    assert SUMMARY.fullmatch(run.stdout.strip()) and run.stdout.count("\n") == 1


def test_quiet_prints_nothing_on_success(sample_copy: Path) -> None:
    run = run_build("build", "--quiet", cwd=sample_copy)
    assert run.returncode == 0
    assert (run.stdout, run.stderr) == ("", "")
    assert (sample_copy / "output" / "index.html").is_file()


def test_quiet_hides_warnings_but_not_errors(sample_copy: Path) -> None:
    report = sample_copy / "data" / "reports" / "2013-h1.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("row: US", "row: GB"), encoding="utf-8")
    loud = run_build("check", cwd=sample_copy)
    assert loud.returncode == 0 and "warning:" in loud.stderr
    assert run_build("check", "--quiet", cwd=sample_copy).stderr == ""
    strict = run_build("check", "--quiet", "--strict", cwd=sample_copy)
    assert strict.returncode == 1
    assert "data/reports/2013-h1-all-services.csv:" in strict.stderr and ": error: " in strict.stderr
    assert strict.stdout == ""


def test_verbose_times_each_stage_and_lists_each_file(sample_copy: Path) -> None:
    run = run_build("build", "--verbose", cwd=sample_copy)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    timed = [re.fullmatch(r"  (\S.*?) +\d+\.\d\d s", line) for line in lines]
    assert [m.group(1) for m in timed if m] == list(STAGES)
    summary = SUMMARY.fullmatch(run.stdout.strip())
    assert summary, run.stdout
    assert f"  made {summary['pages']} pages, {summary['charts']} charts" in lines
    written = [line.removeprefix("  wrote ") for line in lines if line.startswith("  wrote ")]
    assert "output/index.html" in written and "output/reports/2013-h1/index.html" in written
    assert all((sample_copy / name).is_file() for name in written)
    assert len(written) > int(summary["pages"])


def test_verbose_check_writes_nothing(sample_copy: Path) -> None:
    run = run_build("check", "--verbose", cwd=sample_copy)
    assert run.returncode == 0
    assert "write" not in run.stderr and "wrote" not in run.stderr
    assert run.stdout.startswith("Checked: ")


def read_terminal(leader: int, process: subprocess.Popen, limit: float) -> bytes:
    """Everything written to the terminal until the process ends (bounded by `limit` seconds)."""
    received, deadline = b"", time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                received += os.read(leader, 65536)
            except OSError:
                break
        elif process.poll() is not None:
            break
    return received


def test_a_terminal_sees_stages_pages_and_charts_then_a_clean_line(sample_copy: Path, tmp_path: Path,
                                                                    built_sample: Path) -> None:
    """The build renders for long enough to show its line: the sample's charts come from (links to) the shared
    cache, which its build filled, but the Vega bundle is made again (and no record of builds is shared)."""
    cache = shutil.copytree(SHARED_CACHE, tmp_path / "cache", copy_function=os.link,
                            ignore=shutil.ignore_patterns("vega-bundle-*", "builds"))
    leader, follower = pty.openpty()
    env = {**os.environ, "SITE_BUILDER_CACHE": str(cache)}
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "build"], cwd=sample_copy, env=env,
                               stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    try:
        shown = read_terminal(leader, process, 300).decode("utf-8")
        assert process.wait(timeout=60) == 0
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
    assert RENDERING in shown
    assert shown.endswith("\r\x1b[K")
    assert process.stdout is not None and SUMMARY.fullmatch(process.stdout.read().decode().strip())


def test_live_progress_shows_the_stage_and_counts_and_clears_its_line() -> None:
    stream = Terminal()
    progress = LiveProgress(stream, delay=0, tick=0.01)
    progress.stage("render")
    progress.made(12, 3)
    time.sleep(0.1)
    progress.close()
    progress.close()
    text = stream.getvalue()
    assert RENDERING in text and "12 pages, 3 charts done" in text
    assert text.endswith("\r\x1b[K") and "\n" not in text


def test_live_progress_counts_items_within_the_current_stage_only() -> None:
    progress = LiveProgress(Terminal(), delay=60)
    progress.stage("render")
    progress.advance("charts", 12, 70)
    progress.advance("charts", 13, 70)
    assert progress.line().endswith(" s · 13/70 charts")
    progress.stage("write")
    progress.close()
    assert "charts" not in progress.line()


def test_live_progress_stays_silent_on_short_builds() -> None:
    stream = Terminal()
    progress = LiveProgress(stream, delay=5)
    progress.stage("load")
    progress.close()
    assert stream.getvalue() == ""


def test_progress_is_chosen_by_flags_and_terminal() -> None:
    assert choose_progress(False, False, io.StringIO()) is SILENT
    assert choose_progress(True, False, Terminal()) is SILENT
    assert isinstance(choose_progress(False, True, io.StringIO()), VerboseProgress)
    live = choose_progress(False, False, Terminal())
    live.close()
    assert isinstance(live, LiveProgress)
