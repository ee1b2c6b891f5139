"""`python build.py new site DIR`: a blank site per starter set that builds at once (strictly once its TO DO
placeholders are filled), never written over existing files; and docs/new-site.md, whose worked example must
build exactly as written."""

from __future__ import annotations

import csv
import re
import shutil
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import REPO, BuildRun, run_build

from site_builder.commands.new_site import load_starter
from site_builder.commands.starters import STARTERS, starter_ids

SETS = ("user-data", "user-data-percentage", "by-legal-process", "content-removal")
FIRST = f"{date.today().year}-h1"  # the draft period a new site starts with
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
DOC = REPO / "docs" / "new-site.md"
BLOCK = re.compile(r"^(?:<!-- (file|excerpt): (.+?) -->\n)?```(\w*)\n(.*?)^```$", re.M | re.S)
EXAMPLE_REPORT = "reports/2025-h2/index.html"


def new_site(folder: Path, *options: str) -> BuildRun:
    return run_build("new", "site", str(folder), *options)


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module", params=SETS)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, BuildRun]:
    """(starter set, site folder, what `new site` printed), for each set once."""
    folder = tmp_path_factory.mktemp(request.param) / "site"
    return request.param, folder, new_site(folder, "--organisation", "Test Org", "--measures", request.param)


@pytest.fixture(scope="module")
def built(made: tuple[str, Path, BuildRun]) -> BuildRun:
    """The build of the new site, run once per set, before anything else writes to the folder."""
    _, folder, run = made
    assert run.returncode == 0, run.stderr
    return run_build("build", "--site", str(folder))


def test_the_starter_sets_are_the_documented_ones() -> None:
    assert sorted(starter_ids()) == sorted(SETS)
    assert starter_ids()[0] == "user-data"  # the default


def test_a_new_site_builds_at_once_and_lists_the_placeholders_left(made: tuple[str, Path, BuildRun],
                                                                   built: BuildRun) -> None:
    _, folder, _ = made
    assert built.returncode == 0, built.stderr
    warnings = [line for line in built.stderr.splitlines() if ": warning: " in line]
    assert warnings and all("still says 'TO DO'" in line for line in warnings), built.stderr
    assert {line.split(":")[0].rsplit("/", 1)[-1] for line in warnings} == {"about.md", "methodology.md"}
    assert (folder / "output" / "index.html").is_file()
    assert "Test Org transparency report" in (folder / "output" / "index.html").read_text(encoding="utf-8")


def test_it_publishes_strictly_once_the_pages_are_written(made: tuple[str, Path, BuildRun], built: BuildRun,
                                                          tmp_path: Path) -> None:
    _, folder, _ = made
    site = tmp_path / "filled"
    shutil.copytree(folder, site, ignore=shutil.ignore_patterns("output", ".cache"))
    assert run_build("check", "--site", str(site), "--strict").returncode == 1
    for page in ("about.md", "methodology.md"):
        path = site / "content" / page
        path.write_text(path.read_text(encoding="utf-8").replace("TO DO", "Written"), encoding="utf-8")
    check = run_build("check", "--site", str(site), "--strict")
    assert (check.returncode, check.stderr) == (0, "")


def test_it_lists_every_file_it_created_and_the_next_steps(made: tuple[str, Path, BuildRun],
                                                           built: BuildRun) -> None:
    _, folder, run = made
    listed = sorted((REPO / line.removeprefix("Created ")).resolve()
                    for line in run.stdout.splitlines() if line.startswith("Created "))
    written = [p for p in files_in(folder) if not {"output", ".cache"} & set(p.relative_to(folder).parts)]
    assert listed == [p.resolve() for p in written]
    assert {"site.yaml", "measures.yaml", f"{FIRST}.yaml", f"{FIRST}-all.csv", f"{FIRST}.md", "about.md",
            "methodology.md", "README.md"} <= {p.name for p in written}
    serve = re.search(r"python3 build.py serve --site (\S+)$", run.stdout, re.M)
    assert serve and (REPO / serve[1]).resolve() == folder.resolve(), run.stdout


def test_its_first_period_is_a_draft_with_no_figures(made: tuple[str, Path, BuildRun], built: BuildRun) -> None:
    starter_id, folder, _ = made
    report = yaml.safe_load((folder / "data" / "reports" / f"{FIRST}.yaml").read_text(encoding="utf-8"))
    assert (report["id"], report["status"], report["start"]) == (FIRST, "draft", date(date.today().year, 1, 1))
    assert not (folder / "output" / "reports" / FIRST).exists()
    table = rows(folder / "data" / "reports" / f"{FIRST}-all.csv")
    starter = load_starter(starter_id)
    assert table[0] == [starter.row_column, *(m["id"] for m in starter.measures["measures"])]
    assert {cell for row in table[1:] for cell in row[1:]} <= {"not reported"}
    assert [row[0] for row in table[1:]] == starter.row_names


def test_a_set_of_categories_brings_its_dimensions(made: tuple[str, Path, BuildRun], built: BuildRun) -> None:
    starter_id, folder, _ = made
    dimensions = folder / "data" / "dimensions.yaml"
    if starter_id == "by-legal-process":
        assert rows(folder / "data" / "reports" / f"{FIRST}-all.csv")[0][0] == "legal_process"
        members = yaml.safe_load(dimensions.read_text(encoding="utf-8"))["categories"][0]["members"]
        assert [m["id"] for m in members] == ["subpoena", "court-order", "search-warrant", "emergency"]
        assert all(m["definition"] for m in members)
    else:
        assert not dimensions.exists()


def test_its_yaml_files_point_at_the_builders_schemas(made: tuple[str, Path, BuildRun], built: BuildRun) -> None:
    _, folder, _ = made
    yaml_files = [p for p in files_in(folder) if p.suffix == ".yaml" and "output" not in p.parts]
    assert len(yaml_files) >= 4
    for path in yaml_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path.name} starts with {first!r}"
        schema = (path.parent / match.group(1)).resolve()
        assert schema.parent == REPO / "site_builder" / "schemas" and schema.is_file(), schema


def test_without_an_organisation_it_says_so_and_checks_strictly(tmp_path: Path) -> None:
    folder = tmp_path / "unnamed"
    run = new_site(folder)
    assert run.returncode == 0, run.stderr
    assert 'organisation: "TO DO: organisation name"' in (folder / "site.yaml").read_text(encoding="utf-8")
    assert "id: demands" in (folder / "data" / "measures.yaml").read_text(encoding="utf-8")  # user-data by default
    check = run_build("check", "--site", str(folder), "--strict")
    assert check.returncode == 1
    assert "site.yaml:6:15: error: site.yaml still says 'TO DO'" in check.stderr, check.stderr
    assert not (folder / "output").exists()


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    assert new_site(tmp_path).returncode == 0
    assert (tmp_path / "site.yaml").is_file()


@pytest.mark.parametrize("existing", ["notes.txt", ".hidden", "data/"])
def test_a_folder_that_holds_anything_is_refused_and_left_as_it_was(tmp_path: Path, existing: str) -> None:
    folder = tmp_path / "site"
    (folder / existing).parent.mkdir(parents=True, exist_ok=True)
    if existing.endswith("/"):
        (folder / existing).mkdir()
    else:
        (folder / existing).write_text("mine\n", encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    run = new_site(folder, "--organisation", "Test Org")
    assert run.returncode == 1
    assert re.search(r"^error: .*site is not empty: nothing was created$", run.stderr, re.M), run.stderr
    assert re.search(r"^  hint: name a folder that does not exist yet", run.stderr, re.M)
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert run.stdout == ""


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site"
    path.write_text("mine\n", encoding="utf-8")
    run = new_site(path)
    assert run.returncode == 1
    assert "is a file, not a folder: nothing was created" in run.stderr and "hint:" in run.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_an_unknown_set_is_a_usage_error(tmp_path: Path) -> None:
    run = new_site(tmp_path / "site", "--measures", "requests")
    assert run.returncode == 2
    assert "invalid choice: 'requests'" in run.stderr
    assert not (tmp_path / "site").exists()


def test_its_help_lists_the_sets_and_what_each_is_for() -> None:
    run = run_build("new", "site", "--help")
    assert run.returncode == 0
    for starter_id in SETS:
        assert re.search(rf"^  {re.escape(starter_id)} +{re.escape(load_starter(starter_id).summary)}$",
                         run.stdout, re.M), starter_id


def test_the_starters_name_no_publisher_and_none_of_the_samples_measures() -> None:
    forbidden = re.compile(r"microsoft|skype|law enforcement|customer|\b(requests|accounts_specified|"
                           r"disclosed_content|disclosed_noncontent|no_data_found|rejected)\b", re.I)
    engine = [*STARTERS.rglob("*.yaml"), REPO / "site_builder" / "commands" / "new_site.py"]
    assert len(engine) >= 6
    for path in engine:
        assert not forbidden.search(path.read_text(encoding="utf-8")), path


def test_every_starter_defines_each_measure() -> None:
    for starter_id in SETS:
        measures = load_starter(starter_id).measures["measures"]
        assert all(m["label"] and m["unit"] and m["definition"] for m in measures), starter_id


# docs/new-site.md: each YAML and CSV block is a whole file of the worked example or an excerpt of one.

def doc_blocks() -> list[tuple[str | None, str | None, str, str]]:
    """(file or excerpt or None, what it names, language, text) of every fenced block of the doc."""
    return [(m[1], m[2], m[3], m[4]) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def example_files() -> dict[str, str]:
    files = [(name, text) for kind, name, _, text in doc_blocks() if kind == "file"]
    assert len(files) == len(dict(files)), "a file is shown in full twice"
    return dict(files)


def test_every_yaml_and_csv_block_of_the_doc_is_part_of_the_example() -> None:
    blocks = doc_blocks()
    assert len(blocks) >= 12
    unlabelled = [text[:60] for kind, _, lang, text in blocks if lang in ("yaml", "csv") and kind is None]
    assert unlabelled == []


def _holds(text: str, excerpt: str) -> bool:
    """True when `excerpt` is a run of lines of `text`, indented alike (the run may be indented further)."""
    lines, wanted = text.splitlines(), textwrap.dedent(excerpt).splitlines()
    return any(textwrap.dedent("\n".join(lines[i:i + len(wanted)])).splitlines() == wanted
               for i in range(len(lines) - len(wanted) + 1))


def test_the_docs_excerpts_are_taken_from_real_files() -> None:
    files = example_files()
    excerpts = [(name, text) for kind, name, _, text in doc_blocks() if kind == "excerpt"]
    assert excerpts
    for name, text in excerpts:
        source = (STARTERS / f"{name.removeprefix('starter ')}.yaml").read_text(encoding="utf-8") \
            if name.startswith("starter ") else files[name]
        assert _holds(source, text), f"excerpt of {name} is not in it:\n{text}"


def test_the_docs_worked_example_builds_strictly(tmp_path: Path) -> None:
    folder = tmp_path / "example-org"
    made = new_site(folder, "--organisation", "Example Org", "--measures", "user-data-percentage")
    assert made.returncode == 0, made.stderr
    for name, text in example_files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    run = run_build("build", "--site", str(folder), "--strict")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    page = (folder / "output" / EXAMPLE_REPORT).read_text(encoding="utf-8")
    for shown in ("78.5%", "0\u2013249", "United States, by legal process", "lists only some jurisdictions",
                  "Every figure in this report is invented"):
        assert shown in page, shown
    assert not (folder / "output" / "reports" / FIRST).exists()  # the draft new site made stays a draft
