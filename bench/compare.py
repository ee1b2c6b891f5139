"""Measure the issue's speed goals in one run, side by side with the peers, and print Markdown for bench/README.md.

    python3 bench/compare.py [--pages N] [--repeat N] [--only GOAL ...] [--scale] [--peers DIR]

Goals: 2 cold build (vs Pelican), 3 rebuilds (vs Hugo), 4 serve, 5 charts, 6 memory, 7 start-up, 8 tests,
9 scale.
Everything is made in a temporary folder; progress goes to standard error, the tables to standard output.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import tempfile
from datetime import date
from pathlib import Path

from goals import GOALS, START_UP_ROUNDS, Bench
from report import HEADER
from scale import PAGES, PERIOD_JURISDICTIONS, PERIODS, scale_table
from sites import Workspace
from timing import RunFailed

KIT = Path("/work/shared/bench")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="corpus pages for goals 2-4 (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each figure (default 3)")
    parser.add_argument("--only", nargs="+", choices=[*GOALS, "9"], metavar="GOAL",
                        help="run only these goals: 2 3 4 5 6 7 8 9")
    parser.add_argument("--scale", action="store_true", help="also goal 9, scale (long)")
    parser.add_argument("--peers", type=Path, default=Path("/tmp/peers"),
                        help="the peers' virtualenvs, made by setup_peers.sh if missing (default /tmp/peers)")
    parser.add_argument("--kit", type=Path, default=KIT, help=f"the shared peer kit (default {KIT})")
    parser.add_argument("--memory-pages", type=int, default=5000, help="corpus pages for goal 6 (default 5000)")
    parser.add_argument("--periods", type=int, default=40, help="SYNTHETIC periods for goal 5 (default 40)")
    parser.add_argument("--jurisdictions", type=int, default=200, help="jurisdictions for goal 5 (default 200)")
    parser.add_argument("--scale-pages", type=int, nargs="+", default=PAGES, metavar="N")
    parser.add_argument("--scale-periods", type=int, nargs="+", default=PERIODS, metavar="N")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one scale build may take")
    return parser


def main() -> None:
    # What the bench runs gets Ctrl-C as it would from a terminal, even when this was started with it ignored (a
    # script's `&`): a handler of Python's own is reset, not kept, by the programs it starts.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    args = _parser().parse_args()
    chosen = args.only or list(GOALS)
    if args.scale and "9" not in chosen:
        chosen.append("9")
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as folder:
        workspace = Workspace(Path(folder), args.kit, args.peers)
        bench = Bench(workspace, args.repeat, args.pages, args.memory_pages, args.periods, args.jurisdictions)
        print(_heading(args.repeat), flush=True)
        if set(chosen) & set(GOALS):
            print("\n" + HEADER, flush=True)
        for key in (key for key in GOALS if key in chosen):
            for line in _measure(key, bench):
                print(line, flush=True)
        if "9" in chosen:
            print("\n" + _scale(args, workspace))


def _heading(repeat: int) -> str:
    command = " ".join(["python3 bench/compare.py", *sys.argv[1:]])
    return (f"Measured {date.today()} with `{command}` on {os.cpu_count()} cores, "
            f"Python {platform.python_version()}: each figure is the median of {repeat} run(s) "
            f"(start-up: {START_UP_ROUNDS * repeat}), each run a fresh process, ours alternating with the peer's; "
            "peers installed by the kit's setup_peers.sh.")


def _measure(key: str, bench: Bench) -> list[str]:
    """The goal's table rows, or one row saying it failed (the reason goes to standard error)."""
    print(GOALS[key].__doc__.splitlines()[0], file=sys.stderr, flush=True)
    try:
        return [row.markdown() for row in GOALS[key](bench)]
    except RunFailed as failed:
        print(failed, file=sys.stderr)
        return [f"| {key}. failed | — | — | — | {failed.reason} |"]


def _scale(args: argparse.Namespace, workspace: Workspace) -> str:
    """Goal 9: cold builds of corpus + sample by pages, then of SYNTHETIC sites by periods."""
    print("goal 9: scale", file=sys.stderr, flush=True)
    by_pages = scale_table(tuple(args.scale_pages), workspace.corpus_site, "page", args.repeat, args.timeout)
    by_periods = scale_table(tuple(args.scale_periods),
                             lambda periods: workspace.chart_site(periods, PERIOD_JURISDICTIONS),
                             "period", args.repeat, args.timeout)
    return (f"Scale (goal 9), cold builds, median of {args.repeat}. Corpus pages + sample:\n\n{by_pages}\n\n"
            f"SYNTHETIC periods × {PERIOD_JURISDICTIONS} jurisdictions:\n\n{by_periods}")


if __name__ == "__main__":
    main()
