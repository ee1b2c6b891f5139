"""The issue's speed goals 2 to 8, each timed in fresh processes, ours alternating with the peer's (A B A B)."""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from report import Row
from sites import BUILD, CORPUS_FOLDER, Workspace, middle_page
from timing import RunFailed, run

# serve prints "Built N pages, ... in 1.2 s into output/" after each build, or that nothing changed.
SERVE_DONE = r"Built .* in ([\d.]+) s into|Nothing changed since the last build"
START_UP_ROUNDS = 5  # start-up runs are short: this many times --repeat of each


@dataclass(frozen=True)
class Bench:
    """What the goals are measured on, and how many times."""

    workspace: Workspace
    repeat: int
    pages: int
    memory_pages: int
    periods: int
    jurisdictions: int


def cold_build(bench: Bench) -> list[Row]:
    """Goal 2: a cold build (output and cache emptied) of corpus + sample against Pelican's full build."""
    site, corpus = bench.workspace.corpus_site(bench.pages), bench.workspace.corpus(bench.pages)
    peers = bench.workspace.peers()
    ours, pelican = [], []
    for _ in range(bench.repeat):
        site.empty()
        ours.append(site.build().seconds)
        pelican.append(peers.pelican(corpus).seconds)
    goal = f"2. Cold build, {bench.pages:,} pages + sample"
    return [Row(goal, median(ours), "s", "Pelican", median(pelican), 0.5)]


def rebuild(bench: Bench) -> list[Row]:
    """Goal 3: rebuilds with nothing changed and with one page changed, against Hugo's full build."""
    site, corpus = bench.workspace.corpus_site(bench.pages), bench.workspace.corpus(bench.pages)
    peers = bench.workspace.peers()
    page = site.root / CORPUS_FOLDER / middle_page(bench.pages)
    site.build()  # the build the rebuilds start from
    unchanged, one_page, hugo = [], [], []
    for n in range(bench.repeat):
        unchanged.append(site.build().seconds)
        hugo.append(peers.hugo(corpus).seconds)
        _append_line(page, n)
        one_page.append(site.build().seconds)
        hugo.append(peers.hugo(corpus).seconds)
    size = f"{bench.pages:,} pages + sample"
    return [Row(f"3. Rebuild, nothing changed, {size}", median(unchanged), "s", "Hugo full build", median(hugo)),
            Row(f"3. Rebuild, one page changed, {size}", median(one_page), "s", "Hugo full build", median(hugo))]


def _append_line(page: Path, n: int) -> None:
    with page.open("a", encoding="utf-8") as text:
        text.write(f"\nEdited for the rebuild benchmark ({n}).\n")


def serve(bench: Bench) -> list[Row]:
    """Goal 4: `serve` from a page's save to the end of its rebuild, timed by the kit's watch_rebuild.py."""
    site = bench.workspace.corpus_site(bench.pages)
    command = [sys.executable, bench.workspace.kit / "watch_rebuild.py", "--cwd", site.root,
               "--page", f"{CORPUS_FOLDER}/{middle_page(bench.pages)}", "--done", SERVE_DONE, "--unit", "s",
               "--edits", str(bench.repeat), "--edit-timeout", "600",
               "--", sys.executable, BUILD, "serve", "--site", ".", "--port", "0"]
    printed = run(command, env=site.env()).output
    found = re.search(r"median rebuild: wall ([\d.]+) s(?:, self-reported ([\d.]+) s)?", printed)
    if found is None:
        raise RunFailed("watch_rebuild.py printed no median", printed[-2000:])
    size = f"{bench.pages:,} pages + sample"
    rows = [Row(f"4. serve: save → rebuilt, {size}", float(found[1]), "s", "target", 0.3)]
    if found[2]:
        rows.append(Row(f"4. serve: the rebuild as serve reports it, {size}", float(found[2]), "s", "target", 0.3))
    return rows


def charts(bench: Bench) -> list[Row]:
    """Goal 5: the SYNTHETIC chart site cold, then warm after one report's YAML changed and with nothing changed."""
    site = bench.workspace.chart_site(bench.periods, bench.jurisdictions)
    report = min((site.root / "data" / "reports").glob("*.yaml"))
    original = report.read_text(encoding="utf-8")
    cold, edited, unchanged = [], [], []
    for n in range(bench.repeat):
        site.empty()
        cold.append(site.build())
        report.write_text(original.replace("\nsummary: ", f"\nsummary: Edit {n}. ", 1), encoding="utf-8")
        edited.append(site.build().seconds)
        unchanged.append(site.build().seconds)
    size = f"{bench.periods} periods × {bench.jurisdictions} jurisdictions{_charts_made(cold[0].output)}"
    return [Row(f"5. Charts cold, {size}", median([built.seconds for built in cold]), "s", "target", 15),
            Row(f"5. Charts warm, one report's summary in its YAML changed, {size}", median(edited), "s",
                "target", 1.5),
            Row(f"5. Charts warm, nothing changed, {size}", median(unchanged), "s", "target", 1.5)]


def _charts_made(printed: str) -> str:
    """", 612 charts" from the build's summary line, or nothing."""
    found = re.search(r"(\d+) charts", printed)
    return f", {int(found[1]):,} charts" if found else ""


def memory(bench: Bench) -> list[Row]:
    """Goal 6: the peak resident set of builds of a large corpus + sample, cold and with the chart cache kept."""
    site = bench.workspace.corpus_site(bench.memory_pages)
    cold, cached, search = [], [], []
    for _ in range(bench.repeat):
        site.empty()
        cold.append(site.build().peak_mib)
        shutil.rmtree(site.out)
        cached.append(site.build().peak_mib)
        search.append(_search_index_alone(site.out))
    size = f"{bench.memory_pages:,} pages + sample"
    return [Row(f"6. Peak memory, cold build, {size}", median(cold), "MiB", "target", 150),
            Row(f"6. Peak memory, full build with the chart cache kept, {size}", median(cached), "MiB", "target", 150),
            Row(f"6. Of which Pagefind alone, indexing the same {size}", median(search), "MiB", "target", 150)]


def _search_index_alone(out: Path) -> float:
    """The peak memory of the search index of a built folder made again as the build makes it (in runs, into a
    folder beside): the largest of Pagefind's runs and the Python process that starts them."""
    into = out.with_name(f"{out.name}-search")
    index = "import sys; from pathlib import Path; from site_builder.write.search_index import index_site; " \
            "index_site(Path(sys.argv[1]), Path(sys.argv[2]))"
    try:
        return run([sys.executable, "-c", index, out, into]).peak_mib
    finally:
        shutil.rmtree(into, ignore_errors=True)


def start_up(bench: Bench) -> list[Row]:
    """Goal 7: --help and a usage error, whole and less the interpreter's own start-up (paired per round)."""
    python = [sys.executable]
    helps, usages, bare = [], [], []
    for _ in range(START_UP_ROUNDS * bench.repeat):
        helps.append(run([*python, BUILD, "--help"]).seconds)
        usages.append(run([*python, BUILD, "--no-such-option"], expect=2).seconds)
        bare.append(run([*python, "-c", "pass"]).seconds)
    interpreter = f"less `python3 -c pass` ({median(bare):.3f} s)"
    return [Row("7. Start-up: `build.py --help`", median(helps), "s", "target", 0.15),
            Row("7. Start-up: usage error", median(usages), "s", "target", 0.15),
            Row(f"7. Start-up: `build.py --help` {interpreter}", median(_less(helps, bare)), "s", "target", 0.15),
            Row(f"7. Start-up: usage error {interpreter}", median(_less(usages, bare)), "s", "target", 0.15)]


def test_suite(bench: Bench) -> list[Row]:
    """Goal 8: the tests in a fresh clone of the last commit, once each (they take minutes).

    All but the browser gates; then as .ci/run runs them, its apt and pip installs aside: the gates' tools fetched,
    and the whole suite with CI=true."""
    clone = bench.workspace.clone()
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]  # -m: the clone's engine comes first
    others = run([*pytest, "tests", "--ignore=tests/browser"], cwd=clone).seconds
    tools = run([sys.executable, "tests/browser/gate_tools.py"], cwd=clone).seconds
    whole = run(pytest, cwd=clone, env={"CI": "true"}).seconds
    return [Row("8. Tests: all but the browser gates, fresh clone, one run", others, "s", "target", 60),
            Row("8. Tests: gate tools fetched, then the whole suite with CI=true, fresh clone, one run", tools + whole,
                "s", "target", 360)]


def _less(runs: list[float], interpreter: list[float]) -> list[float]:
    return [mine - bare for mine, bare in zip(runs, interpreter, strict=True)]


GOALS = {"2": cold_build, "3": rebuild, "4": serve, "5": charts, "6": memory, "7": start_up, "8": test_suite}
