"""The command line: `build` (the default) and `check`. Exit 0 success, 1 site problems, 2 usage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .pipeline import BuildSummary, build
from .problems import Problems, SiteError
from .reporter import display_path, format_problems


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python build.py",
                                     description="Build a transparency report site from data/ and content/.")
    commands = parser.add_subparsers(dest="command")
    build_cmd = commands.add_parser("build", help="build the site into an output folder (the default)")
    check_cmd = commands.add_parser("check", help="check the site's files without writing anything")
    for cmd in (build_cmd, check_cmd):
        cmd.add_argument("--site", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--out", type=Path, help="output folder (default: SITE/output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in {"-h", "--help"}:
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    root = args.site.resolve()
    if not (root / "site.yaml").is_file():
        print(f"error: no site.yaml in {display_path(root)}", file=sys.stderr)
        print("  hint: run this in the site's folder, or pass --site FOLDER", file=sys.stderr)
        return 2
    out_dir = (args.out or root / "output") if args.command == "build" else None
    problems = Problems()
    try:
        summary = build(root, out_dir, args.strict, problems)
    except SiteError:
        print(format_problems(problems, args.strict), file=sys.stderr)
        print("Nothing was written: fix the errors above and build again.", file=sys.stderr)
        return 1
    if problems.items:
        print(format_problems(problems, args.strict), file=sys.stderr)
    print(_summary_line(summary, out_dir))
    return 0


def _summary_line(summary: BuildSummary, out_dir: Path | None) -> str:
    made = f"{summary.pages} pages, {summary.charts} charts, {summary.downloads} downloads"
    if out_dir is None:
        return f"Checked: {made}, no errors ({summary.seconds:.1f} s)"
    return f"Built {made} in {summary.seconds:.1f} s into {display_path(out_dir)}/"
