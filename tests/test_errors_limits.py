"""Limits on what the readers accept, and reading in linear time (issue 8 point 5).

An alias bomb, an oversized file and a 100,000-row table with an error in every row each fail the build
with located errors and leave the old output as it was. Speed itself is measured in bench/limits.py, never
here: these tests count problems, exit codes and file reads.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest
from conftest import copy_sample, run_build
from errors_support import (
    MD,
    Case,
    K,
    Outcome,
    R,
    Y,
    assert_broken,
    debug_builder,
    outcomes,
    parse_report,
    replace,
    tree_digest,
    write,
)

from site_builder.load import text_file
from site_builder.load.csv_source import read_csv
from site_builder.load.yaml_loader import MAX_DEPTH
from site_builder.load.yaml_source import load_yaml
from site_builder.problems import MAX_SOURCE_BYTES, Location, Problem, Problems
from site_builder.reporter import PER_FILE, format_problems

__all__ = ["debug_builder", "outcomes"]

BOMB = 'a0: &a0 "lol"\n' + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
TWICE = "a value wanted twice is written out in full each time"
TOO_BIG = (f"file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB, the most the builder reads from one file",
           "check that this is the file you meant; split a large table into one file per section or period, "
           "and a long page into several pages")
BIG = "data/reports/huge.csv"
ROWS = 100_000
HEADER = "country,requests,accounts_specified,disclosed_content,disclosed_noncontent,no_data_found,rejected\n"


def oversized(name: str, line: str) -> Case:
    """A case: the file `name` made of `line` repeated until it is over the size limit."""
    content = line * (MAX_SOURCE_BYTES // len(line) + 1)
    return Case(f"oversized-{Path(name).suffix[1:]}", (write(name, content),), f"{name}:1:1", *TOO_BIG)


CASES = [
    Case("alias-bomb", (write(Y, BOMB),), f"{Y}:1:5",
         "a value cannot start with '&' (YAML anchors are not used in site files)",
         f"put the whole value in quotes; {TWICE}"),
    Case("anchor", (replace(R, "status: ready\n", "status: &state ready\n"),), f"{R}:10:9",
         "a value cannot start with '&' (YAML anchors are not used in site files)",
         f"put the whole value in quotes; {TWICE}"),
    Case("alias", (replace(R, "status: ready\n", "status: *ready\n"),), f"{R}:10:9",
         "a value cannot start with '*' (YAML aliases are not used in site files)",
         f"put the whole value in quotes; {TWICE}"),
    Case("tag", (replace(R, "status: ready\n", "status: !!str ready\n"),), f"{R}:10:9",
         "a value cannot start with '!' (YAML tags are not used in site files)", "put the whole value in quotes"),
    Case("nested-too-deep", (replace(R, "status: ready\n", "status: ready\nx: " + "[" * 60 + "]" * 60 + "\n"),),
         f"{R}:11:{4 + MAX_DEPTH - 1}", f"values are nested more than {MAX_DEPTH} levels deep here",
         "site files nest a few levels at most: check the brackets ('[', '{') and the indentation "
         "on this line and the ones above"),
    Case("control-character", (replace(R, "status: ready\n", "status: re\x01ady\n"),), f"{R}:10:11",
         "an invisible control character (U+0001) is here",
         "delete it: it is invisible, and often comes with text copied from a PDF or a spreadsheet; retype the "
         "words around it if you cannot see where it is"),
    oversized(BIG, "Argentina,455\n"),
    oversized(MD, "Law enforcement requests.\n"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_refused(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_broken(outcomes[case.name], case)


def test_a_table_with_an_error_in_each_of_100000_rows(built_sample: Path, tmp_path: Path) -> None:
    """Every row's error is counted; the first PER_FILE are printed, then how many more; the old output stays."""
    site, out = copy_sample(tmp_path / "site"), tmp_path / "output"
    shutil.copytree(built_sample, out)
    (site / K).write_text(HEADER + "Argentina,many,1,0,1,0,0\n" * ROWS, encoding="utf-8")
    run = run_build("build", "--site", str(site), "--out", str(out), cwd=site)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-3000:]
    blocks, count = parse_report(run.stderr)
    in_table = [b for b in blocks if b.where.startswith(f"{K}:")]
    assert len(in_table) == PER_FILE
    assert in_table[0].where == f"{K}:2:11" and in_table[0].message == "requests for Argentina: 'many' is not a figure"
    errors = 2 * ROWS - 1  # the word in each row, and each row after the first is a repeated row
    assert f"{K}: … and {errors - PER_FILE:,} more in this file" in run.stderr
    assert count == f"{errors + len(blocks) - PER_FILE} errors, 0 warnings", run.stderr[-3000:]
    assert tree_digest(out) == tree_digest(built_sample)


def counting_opens(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file is opened (Path.read_text and read_bytes open it too), from now on."""
    opened: Counter[str] = Counter()
    original = Path.open

    def counted(self: Path, *args: object, **kwargs: object) -> object:
        opened[self.name] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counted)
    return opened


def test_problems_are_deduplicated_without_comparing_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding n problems compares problems about n times (a set), not n * n / 2 times (a list scanned)."""
    comparisons = Counter[str]()
    original = Problem.__eq__

    def compared(self: Problem, other: object) -> bool:
        comparisons["eq"] += 1
        return original(self, other)

    monkeypatch.setattr(Problem, "__eq__", compared)
    problems, n = Problems(), 2_000
    for line in [*range(1, n + 1), *range(1, n + 1)]:
        problems.error(Location(Path("t.csv"), line), "word")
    assert [p.location.line for p in problems.items] == list(range(1, n + 1))
    assert comparisons["eq"] <= 2 * n


def test_the_report_reads_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However many problems a file has, the report reads it once to show their lines; the count stays exact."""
    table = tmp_path / "t.csv"
    table.write_text("".join(f"row {n}\n" for n in range(1, 1001)), encoding="utf-8")
    problems = Problems()
    for line in range(1, 1001):
        problems.error(Location(table, line), "bad row")
        problems.warning(Location(tmp_path / "u.md", line), "odd line")
    opened = counting_opens(monkeypatch)
    report = format_problems(problems)
    assert opened == {"t.csv": 1, "u.md": 1}
    assert report.count("error: bad row") == PER_FILE and report.count("warning: odd line") == PER_FILE
    assert report.splitlines()[-1] == "1000 errors, 1000 warnings"
    assert "    row 50\n" in report and "    row 51\n" not in report


def test_errors_are_printed_before_warnings_of_the_same_file(tmp_path: Path) -> None:
    problems = Problems()
    for line in range(1, PER_FILE + 2):
        problems.warning(Location(tmp_path / "t.csv", line), "odd")
    problems.error(Location(tmp_path / "t.csv", PER_FILE + 5), "bad")
    report = format_problems(problems)
    assert "error: bad" in report and report.count("warning: odd") == PER_FILE - 1


class Measured:
    """A file opened for reading that counts the bytes read from it."""

    read_bytes = 0

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        Measured.read_bytes += len(data)
        return data

    def __enter__(self) -> Measured:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()


Reader = Callable[[Path, Problems], object]


@pytest.mark.parametrize("reader", [load_yaml, read_csv, text_file.read_text], ids=["yaml", "csv", "markdown"])
def test_an_oversized_file_is_refused_after_reading_one_byte_too_many(
        reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit (made small here) is checked while reading: no more than one byte over it is read."""
    monkeypatch.setattr(text_file, "MAX_SOURCE_BYTES", 1_000)
    monkeypatch.setattr(Measured, "read_bytes", 0)
    path = tmp_path / "big.txt"
    path.write_text("a: b\n" * 200_000, encoding="utf-8")
    original = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *args, **kwargs: Measured(original(self, *args, **kwargs)))
    problems = Problems()
    assert reader(path, problems) is None
    assert [p.message for p in problems.errors] == [TOO_BIG[0].replace("20 MB", "1,000 bytes")]
    assert Measured.read_bytes <= 1_001


def test_a_file_at_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_file, "MAX_SOURCE_BYTES", 1_000)
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "1,2\n" * 249, encoding="utf-8")
    assert path.stat().st_size == 1_000
    problems = Problems()
    table = read_csv(path, problems)
    assert table is not None and len(table.rows) == 249 and not problems.items
