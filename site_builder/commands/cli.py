"""The command line: build (the default), check, serve, new report, new site and migrate.

Exit codes: 0 success, 1 problems in the site's files, 2 wrong usage.
Each command imports the stages it runs when it runs, so --help and usage errors answer at once.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ..problems import Problems, SiteError
from ..progress import choose_progress
from ..render.cache import Cache, cache_folder
from ..render.headers import HOSTS
from ..reporter import display_path, format_problems
from ..write.output_folder import OutputRefused, check_output_folder, recover_interrupted_swap
from .starters import DEFAULT_STARTER, starter_ids, starters_help

if TYPE_CHECKING:
    from ..edits import Edited
    from ..pipeline import BuildSummary
    from ..write.build_record import BuildRecord, LastBuild
    from ..write.carried import LastOutput


@dataclass(frozen=True)
class Outcome:
    """How one build ended: its exit code and, when it failed, the problems as printed."""

    code: int
    report: str = ""
    search_pending: bool = False  # pages were edited in place; their search index is yet to be made again


def _address(text: str) -> str:
    """A web address for --base-url, ending with a slash."""
    if not text.startswith(("http://", "https://")) or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a web address: write it in full, e.g. "
                                         "https://example.org/transparency/")
    return text if text.endswith("/") else text + "/"


def _base_path(text: str) -> str:
    """A path such as /transparency/ for --base-path: starting and ending with a slash."""
    if not text.startswith("/") or any(c.isspace() or c in "\"'{};" for c in text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a path: write it as /transparency/")
    return text if text.endswith("/") else text + "/"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not between 0 and 65535")
    return port


def _organisation(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise argparse.ArgumentTypeError("the organisation's name cannot be empty")
    return name


def _site_parser(kinds: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """`new site DIR`: the one command that needs no site.yaml, since it writes one."""
    site_cmd = kinds.add_parser(
        "site", help="a blank site for an organisation, in a new or empty folder",
        description="Write a blank site into DIR, which must not exist or must be empty: its settings, measures\n"
                    "from a starter set, an empty draft period and page skeletons. It builds at once.",
        epilog=f"starter sets (--measures):\n{starters_help()}\n\ndocs/new-site.md explains each file.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    site_cmd.add_argument("dir", metavar="DIR", type=Path, help="the folder to create the site in")
    site_cmd.add_argument("--organisation", type=_organisation, metavar="NAME",
                          help="the organisation's name as readers know it (default: a TO DO placeholder)")
    site_cmd.add_argument("--measures", choices=starter_ids(), default=DEFAULT_STARTER, metavar="SET",
                          help=f"the starter set of measures, listed below (default: {DEFAULT_STARTER})")
    return site_cmd


def refuse(message: str, hint: str, code: int) -> int:
    """Print `error: message` and its hint for the person at the terminal; return the exit code."""
    print(f"error: {message}", file=sys.stderr)
    print(f"  hint: {hint}", file=sys.stderr)
    return code


def program_name() -> str:
    """How the person ran the builder: `python build.py` from a clone, or the installed console command."""
    called = Path(sys.argv[0]).name
    return {"build.py": "python build.py", "__main__.py": "python -m site_builder"}.get(called, called or "build.py")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=program_name(),
                                     description="Build a transparency report site from data/ and content/.")
    commands = parser.add_subparsers(dest="command")
    build_cmd = commands.add_parser("build", help="build the site into an output folder (the default)")
    check_cmd = commands.add_parser("check", help="check the site's files without writing anything")
    serve_cmd = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild when files change")
    new_cmd = commands.add_parser("new", help="scaffold new files: a report, or a whole site")
    kinds = new_cmd.add_subparsers(dest="kind", required=True)
    report_cmd = kinds.add_parser("report", help="a draft report for the period after the latest one")
    report_cmd.add_argument("id", metavar="ID", help="the new report's id, e.g. 2013-h2")
    _site_parser(kinds)
    migrate_cmd = commands.add_parser("migrate", help="rewrite a site's files in the current data format")
    headers_cmd = commands.add_parser("headers", help="print the security headers in a web server's own words")
    headers_cmd.add_argument("--for", dest="host", choices=sorted(HOSTS), default="netlify",
                             help="the web server or host (default: netlify, whose _headers file each build writes)")
    headers_cmd.add_argument("--base-path", type=_base_path, default="/", metavar="PATH",
                             help="the path the site is published at, e.g. /transparency/ (default: /)")
    for cmd in (build_cmd, check_cmd, serve_cmd, report_cmd, migrate_cmd):
        cmd.add_argument("--site", type=Path, default=Path("."), help="folder holding site.yaml (default: .)")
    for cmd in (build_cmd, check_cmd, serve_cmd):
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
        talk = cmd.add_mutually_exclusive_group()
        talk.add_argument("--quiet", "-q", action="store_true", help="print errors only")
        talk.add_argument("--verbose", "-v", action="store_true", help="print each stage's timing and each file")
    build_cmd.add_argument("--out", type=Path, help="output folder (default: SITE/output)")
    build_cmd.add_argument("--base-url", type=_address, metavar="URL",
                           help="where this build will be served, if not site.yaml's base_url (a preview): links "
                                "follow it, canonical addresses stay, and search engines are asked to skip it")
    serve_cmd.add_argument("--port", type=_port, default=8000, help="port on 127.0.0.1 (default: 8000; 0: any free)")
    return parser


# A build makes millions of small objects that live until it ends (a table's cells, each with its place in the file),
# and Python's cycle collector, by default run every 700 new objects, goes over them again and again: the sample
# with a 100,000-row table, an error in each row, took 5.6 s to build instead of 3.4 s. Run it less often; cycles
# are still collected.
COLLECT_EVERY = 100_000


def run() -> NoReturn:
    """The command line as a program (`build.py`, `python -m site_builder`, `transparency-site`): `main`, then the
    process ended at once, its output flushed. Python would otherwise free every object a build made, one by one, as
    it exits (a quarter of a second after a build of a large site), for memory that the system takes back anyway.
    Nothing is left to do by then: files are closed as they are written and the worker processes have stopped."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(COLLECT_EVERY)
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0].startswith("-") and argv[0] not in {"-h", "--help"}):
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "new" and args.kind == "site":
        return _new_site_command(args)
    if args.command == "headers":
        print(HOSTS[args.host](args.base_path), end="")
        return 0
    root = args.site.resolve()
    if not (root / "site.yaml").is_file():
        return refuse(f"no site.yaml in {display_path(root)}", "run this in the site's folder, or pass --site "
                      "FOLDER; python3 build.py new site FOLDER makes a new site", 2)
    return _COMMANDS[args.command](args, root)


def _claim_output(out_dir: Path, root: Path) -> int | None:
    """None when a build may replace `out_dir` (an interrupted earlier build first put right); else exit code 2."""
    try:
        check_output_folder(out_dir, root)
        recover_interrupted_swap(out_dir)
    except OutputRefused as exc:
        return refuse(f"will not build into {out_dir}: {exc}", exc.hint, 2)
    return None


def _build_command(args: argparse.Namespace, root: Path) -> int:
    out_dir = args.out or root / "output"
    return _claim_output(out_dir, root) or run_build(root, out_dir, args, args.base_url or preview_url()).code


# Netlify's build environment: which kind of deploy this is, and the address it will have.
PREVIEW_CONTEXTS = {"deploy-preview", "branch-deploy"}


def preview_url() -> str:
    """The address Netlify gives a deploy preview or branch deploy (never production's), else ""."""
    if os.environ.get("CONTEXT") not in PREVIEW_CONTEXTS:
        return ""
    address = os.environ.get("DEPLOY_PRIME_URL", "")
    return _address(address) if address.startswith(("http://", "https://")) else ""


def _check_command(args: argparse.Namespace, root: Path) -> int:
    return run_build(root, None, args).code


def _serve_command(args: argparse.Namespace, root: Path) -> int:
    from ..render.chart_figures import keep_chart_library
    from ..write.build_record import BuildRecord
    from .serve import SearchRefresher, serve

    out_dir = root / "output"
    record = BuildRecord.of(cache_folder(root), out_dir)

    def pending() -> tuple[str, ...]:
        last = record.last(out_dir)
        return last.search_edits if last is not None else ()

    search = SearchRefresher(out_dir, pending, lambda indexed: record.relist(out_dir, indexed))

    def rebuild(address: str) -> str | None:
        with search.building():
            outcome = run_build(root, out_dir, args, address, live=True)
        if outcome.search_pending:
            search.request()
        return outcome.report if outcome.code else None
    if refused := _claim_output(out_dir, root):
        return refused
    keep_chart_library()
    return serve(root, args.port, rebuild)


def _new_report_command(args: argparse.Namespace, root: Path) -> int:
    from .new_report import ScaffoldRefused, id_problem, scaffold_report

    if hint := id_problem(args.id):
        return refuse(f"'{args.id}' cannot be a report id", hint, 2)
    problems = Problems()
    try:
        created = scaffold_report(root, args.id, problems)
    except SiteError:
        print(format_problems(problems), file=sys.stderr)
        print("No report was created: fix the errors above first.", file=sys.stderr)
        return 1
    except ScaffoldRefused as exc:
        return refuse(str(exc), "choose another id, or move the existing file away first", 1)
    except OSError as exc:
        return refuse(f"cannot write {exc.filename or 'the new files'}: {exc.strerror}",
                      "check that you may write to the site's folders", 1)
    for path in created:
        print(f"Created {display_path(path)}")
    print(f"Report '{args.id}' is a draft: checked on every build, not published until you set "
          "'status: ready'. See docs/workflow.md.")
    return 0


def _new_site_command(args: argparse.Namespace) -> int:
    from .new_site import SiteRefused, next_steps, scaffold_site

    folder = args.dir
    try:
        created = scaffold_site(folder, args.organisation, args.measures, date.today())
    except SiteRefused as exc:
        return refuse(str(exc), "name a folder that does not exist yet (it will be made), or an empty one", 1)
    except OSError as exc:
        return refuse(f"cannot write {display_path(Path(exc.filename or folder))}: {exc.strerror}",
                      "choose a folder you may write to", 1)
    for path in created:
        print(f"Created {display_path(path)}")
    print(f"\nA blank site with the '{args.measures}' measures. It builds as it is; its first period is a draft, "
          "not published until you fill it in.")
    print(next_steps(folder, created))
    return 0


def _migrate_command(_: argparse.Namespace, root: Path) -> int:
    from ..validate.format_version import CURRENT_FORMAT
    from .migrate import NothingToMigrate, migrate_site

    problems = Problems()
    try:
        files = migrate_site(root, problems)
    except NothingToMigrate as exc:
        print(f"Nothing to migrate: {exc}.")
        return 0
    except SiteError:
        print(format_problems(problems), file=sys.stderr)
        print("Nothing was migrated: fix the errors above first.", file=sys.stderr)
        return 1
    for path, text in files.items():
        verb = "Rewrote" if path.exists() else "Created"
        path.write_text(text, encoding="utf-8")
        print(f"{verb} {display_path(path)}")
    print(f"The site is now in format {CURRENT_FORMAT}; no figure changed. Check the labels and units in "
          "data/measures.yaml (they were read from the column names), then build.")
    return 0


_COMMANDS = {"build": _build_command, "check": _check_command, "serve": _serve_command, "new": _new_report_command,
             "migrate": _migrate_command}


def run_build(root: Path, out_dir: Path | None, args: argparse.Namespace, deploy_url: str = "",
              live: bool = False) -> Outcome:
    """Build (or with no `out_dir` check) once, printing problems and the summary line: nothing when nothing
    changed since the last build into `out_dir`, only the edited pages when only content pages changed (`live`,
    as serve builds: leaving their search index to be made again afterwards)."""
    if out_dir is None:
        return _full_build(root, None, args, deploy_url, None)
    from ..write.build_record import BuildRecord, input_files

    record, files = BuildRecord.of(cache_folder(root), out_dir), input_files(root, _settings(args, deploy_url))
    last = record.last(out_dir)
    if last is not None and last.search_stale and not live:
        last = None  # a serve stopped before it made the search index again: only serve catches that up
    if last is not None and last.files == files:
        if not args.quiet:
            print(f"Nothing changed since the last build: {display_path(out_dir)}/ is up to date ({last.summary}).",
                  flush=True)
        return Outcome(0, search_pending=last.search_stale)
    if last is not None and (outcome := _build_edits(root, record, last, files, out_dir, args, live)) is not None:
        return outcome
    return _full_build(root, out_dir, args, deploy_url, (record, files), _carried(last, files))


def _carried(last: LastBuild | None, files: dict[str, str]) -> LastOutput | None:
    """What of the last build's output the next can take as it is: its files by key, when only the site's own files
    (data, content, templates) changed since."""
    from ..write.carried import LastOutput

    if last is None or not last.outputs or not last.same_build(files):
        return None
    return LastOutput(last.outputs, last.search_edits)


def _full_build(root: Path, out_dir: Path | None, args: argparse.Namespace, deploy_url: str,
                record: tuple[BuildRecord, dict[str, str]] | None, last: LastOutput | None = None) -> Outcome:
    from ..pipeline import build
    from ..write.build_record import engine_digest

    problems = Problems()
    progress = choose_progress(args.quiet, args.verbose)
    summary = None
    try:
        summary = build(root, out_dir, args.strict, problems, progress, deploy_url, last,
                        engine_digest(record[1]) if record else "")
    except SiteError:
        pass
    finally:
        progress.close()
    if summary is None:
        return _failed(problems, args.strict)
    if not args.quiet:
        if problems.items:
            print(format_problems(problems, args.strict), file=sys.stderr)
        print(_summary_line(summary, out_dir), flush=True)
    if record is not None and out_dir is not None and not problems.items:
        record[0].save(record[1], out_dir, _made(summary), summary.state, search_edits=summary.search_edits,
                       outputs=summary.keys)
    return Outcome(0)


def _build_edits(root: Path, record: BuildRecord, last: LastBuild, files: dict[str, str], out_dir: Path,
                 args: argparse.Namespace, live: bool) -> Outcome | None:
    """Only the edited content pages made and written; None when the change needs a full build."""
    from ..edits import may_edit, remake_pages
    from ..write.build_record import changed_inputs
    from ..write.output import replace_files

    started, changed = time.perf_counter(), changed_inputs(last.files, files)
    state = record.state(last) if may_edit(changed) else None
    edited = None if state is None else remake_pages(state, root, changed, Cache(cache_folder(root)))
    if edited is None:
        return None
    indexed = tuple(sorted(set(last.search_edits) | edited.searchable))
    if live:
        replace_files(out_dir, edited.files)
    elif isinstance(indexed := _write_edited(edited, out_dir, indexed, args), Outcome):
        return indexed
    if not args.quiet:
        made = f"{len(edited.files)} edited page{'s' if len(edited.files) > 1 else ''}"
        print(f"Built {made} in {time.perf_counter() - started:.2f} s into {display_path(out_dir)}/ "
              f"({last.summary} in all)", flush=True)
    outputs = {name: key for name, key in last.outputs.items() if name not in edited.files}  # made again next time
    record.save(files, out_dir, last.summary, edited.state, search_stale=live, search_edits=indexed, outputs=outputs)
    return Outcome(0, search_pending=live)


def _write_edited(edited: Edited, out_dir: Path, indexed: tuple[str, ...], args: argparse.Namespace
                  ) -> tuple[str, ...] | Outcome:
    """The edited pages written and the pages `indexed` (those edited since the whole search index was made, these
    among them) indexed for search: the pages the index's edits bundle then holds, or the failure."""
    from ..edits import write_edited

    problems = Problems()
    progress = choose_progress(args.quiet, args.verbose)
    try:
        return write_edited(edited, out_dir, indexed, problems, progress)
    except SiteError:
        return _failed(problems, args.strict)
    finally:
        progress.close()


def _failed(problems: Problems, strict: bool) -> Outcome:
    report = format_problems(problems, strict)
    print(report, file=sys.stderr)
    print("Nothing was written: fix the errors above and build again.", file=sys.stderr)
    return Outcome(1, report)


def _settings(args: argparse.Namespace, deploy_url: str) -> str:
    """The settings that change what a build writes."""
    return f"strict={args.strict} deploy_url={deploy_url}"


def _made(summary: BuildSummary) -> str:
    return f"{summary.pages} pages, {summary.charts} charts, {summary.downloads} downloads"


def _summary_line(summary: BuildSummary, out_dir: Path | None) -> str:
    made = _made(summary)
    if out_dir is None:
        return f"Checked: {made}, no errors ({summary.seconds:.1f} s)"
    line = f"Built {made} in {summary.seconds:.1f} s into {display_path(out_dir)}/"
    if summary.remade is None:
        return line
    return f"{line} ({summary.remade} file{'' if summary.remade == 1 else 's'} made again, the rest as they were)"
