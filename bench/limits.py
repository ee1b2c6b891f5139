"""Time `build.py check` on hostile and huge inputs: an alias bomb, an oversized file, 100,000-row CSVs.

    python3 bench/limits.py [--rows N] [--timeout SECONDS] [--build PATH/TO/build.py] [--only NAME ...]

Each case is a copy of the sample site with one file replaced, made in a temporary folder; the figures
are the wall-clock time and the peak memory (resident set) of one `build.py check` run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("site.yaml", "data", "content", "templates")
SKYPE = "data/reports/2013-h1-skype.csv"


def alias_bomb(site: Path, rows: int) -> None:
    """The 'billion laughs': nine anchors, each nine aliases of the one before (9**9 strings)."""
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (site / "data/reports/2012.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def oversized(site: Path, rows: int) -> None:
    """A 25 MB CSV table that no report uses."""
    line = "Argentina,455\n"
    with (site / "data/reports/huge.csv").open("w", encoding="utf-8") as out:
        out.write("country,requests\n")
        out.write(line * (25_000_000 // len(line)))


def valid_rows(site: Path, rows: int) -> None:
    """A well-formed table of `rows` rows that no report uses (read, then reported as unused)."""
    body = "".join(f"Argentina,{n},{n},0,{n},0,0\n" for n in range(rows))
    (site / "data/reports/big.csv").write_text(_header() + body, encoding="utf-8")


def error_rows(site: Path, rows: int) -> None:
    """Skype's table with `rows` rows, each with a figure that is a word (and, after the first, a repeated row)."""
    body = "".join("Argentina,many,1,0,1,0,0\n" for _ in range(rows))
    (site / SKYPE).write_text(_header() + body, encoding="utf-8")


def _header() -> str:
    return (REPO / SKYPE).read_text(encoding="utf-8").splitlines()[0] + "\n"


CASES: dict[str, Callable[[Path, int], None]] = {
    "alias bomb": alias_bomb, "oversized file": oversized, "valid rows": valid_rows, "error rows": error_rows}


def timed_check(build: Path, site: Path, timeout: float) -> tuple[float, float, int | None, int]:
    """(seconds, peak MB, exit code or None when killed at the timeout, bytes printed) of one check run."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(build), "check", "--site", str(site)], stdout=out, stderr=out,
                                 env={**os.environ, "SITE_BUILDER_CACHE": str(site / ".cache")})
        code, usage = _wait(child, started + timeout)
        seconds = time.perf_counter() - started
        return seconds, usage.ru_maxrss / 1024, code, out.seek(0, os.SEEK_END)


def _wait(child: subprocess.Popen[bytes], deadline: float) -> tuple[int | None, os.struct_rusage]:
    """Wait for `child` (killing it at `deadline`); its exit code (None if killed) and its own resource usage."""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            return os.waitstatus_to_exitcode(status), usage
        if time.perf_counter() > deadline:
            child.kill()
            return None, os.wait4(child.pid, 0)[2]
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--build", type=Path, default=REPO / "build.py", help="the build.py to time")
    parser.add_argument("--only", nargs="*", choices=list(CASES), default=list(CASES))
    args = parser.parse_args()
    print(f"{'case':<15} {'rows':>8} {'seconds':>9} {'peak MB':>8} {'exit':>5} {'printed':>12}")
    for name in args.only:
        with tempfile.TemporaryDirectory() as folder:
            site = _copy_sample(Path(folder) / "site", args.build.parent)
            CASES[name](site, args.rows)
            seconds, peak, code, printed = timed_check(args.build, site, args.timeout)
        shown = "killed" if code is None else str(code)
        print(f"{name:<15} {args.rows:>8} {seconds:>9.2f} {peak:>8.0f} {shown:>5} {printed:>12,}", flush=True)


def _copy_sample(target: Path, source: Path) -> Path:
    target.mkdir(parents=True)
    for part in PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return target


if __name__ == "__main__":
    main()
