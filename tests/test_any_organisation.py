"""A third organisation's report publishes without touching the engine: percentages, breakdowns of a
jurisdiction's row, partial tables, extra rows (Kosovo, rest of world) and bands.

The site is SYNTHETIC: every figure below is invented for these tests and published by no one.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from built_pages import soup_of
from conftest import build_files, synthetic_settings

FILES = {
    "site.yaml": synthetic_settings("SYNTHETIC transparency report"),
    "data/measures.yaml": """\
format: 2
measures:
  - id: demands
    label: Demands
    unit: demands
    definition: SYNTHETIC definition of a demand.
  - id: accounts
    label: Accounts named
    short_label: Accounts
    unit: accounts
  - id: some_data
    label: Demands where some data was produced
    short_label: Some data
    unit: percent
    kind: percentage
    of: demands
    definition: SYNTHETIC share of demands answered with some data.
primary: demands
headline: [demands, accounts, some_data]
""",
    "data/dimensions.yaml": """\
format: 2
jurisdictions:
  aliases:
    Rest of the world: rest-of-world
  extra:
    - id: XK
      name: Kosovo
    - id: rest-of-world
      name: Rest of world
      group: true
      definition: SYNTHETIC every jurisdiction the table does not list.
categories:
  - id: legal_process
    label: Legal process
    plural: legal processes
    members:
      - id: subpoena
        name: Subpoena
        definition: SYNTHETIC definition of a subpoena.
      - id: court-order
        name: Court order
      - id: warrant
        name: Search warrant
        aliases: [search warrant, warrants]
""",
    "data/reports/2025-h1.yaml": """\
format: 2
id: 2025-h1
title: SYNTHETIC January–June 2025
start: 2025-01-01
end: 2025-06-30
source: https://synthetic.example.org/report
sections:
  - id: world
    title: Every jurisdiction
    table: 2025-h1-world.csv
    partial: true
    totals:
      demands: 1500
      accounts: 2600
      some_data: 71.2
  - id: us-process
    title: United States by legal process
    breakdown_of:
      section: world
      row: United States
    exhaustive: true
    table: 2025-h1-us-process.csv
  - id: national-security
    title: SYNTHETIC national security demands
    kind: national_security
    totals:
      demands: 0-499
notes:
  - id: rest
    section: world
    row: rest-of-world
    text: SYNTHETIC note on the rest of the world.
""",
    "data/reports/2025-h1-world.csv": """\
country,demands,accounts,some_data
United States,800,1400,81.5
Germany,200,300,48.5
Kosovo,12,20,50
France,200,310,60.25
Rest of the world,100,150,not reported
""",
    "data/reports/2025-h1-us-process.csv": """\
legal_process,demands,accounts
subpoena,500,800
Court order,200,350
warrants,100,250
""",
}


@pytest.fixture(scope="module")
def third(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_files(tmp_path_factory.mktemp("third") / "site", FILES)


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def rows_of(table) -> dict[str, list[str]]:
    return {text(tr.th): [text(td) for td in tr.select("td")] for tr in table.select("tbody tr, tfoot tr")}


def test_percentages_are_shown_as_published_and_never_summed(third: Path) -> None:
    table = soup_of(third, "/reports/2025-h1/").select_one("#section-world table.rows")
    rows = rows_of(table)
    assert rows["Germany"] == ["200", "300", "48.5%"]
    assert rows["France"][2] == "60.25%"
    assert rows["Total"] == ["1,500", "2,600", "71.2%"]  # the published totals, not sums of the rows
    headline = {text(dt): text(dd) for dt, dd in zip(soup_of(third, "/").select("dl.headline dt"),
                                                    soup_of(third, "/").select("dl.headline dd"), strict=True)}
    assert headline["Demands where some data was produced"] == "71.2%"


def test_percentages_download_as_numbers_with_their_declaration(third: Path) -> None:
    data = json.loads((third / "data" / "2025-h1" / "world.json").read_text(encoding="utf-8"))
    germany = next(r for r in data["rows"] if r["code"] == "DE")
    assert germany["some_data"] == {"value": 48.5, "low": None, "high": None, "state": "number"}
    assert {"id": "some_data", "kind": "percentage", "of": "demands"}.items() <= next(
        m for m in data["measures"] if m["id"] == "some_data").items()
    package = json.loads((third / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f["description"] for r in package["resources"] for f in r["schema"]["fields"]}
    assert "a percentage of demands (0 to 100)" in fields["some_data"]


def test_a_partial_table_says_so_and_ranks_among_the_rows_listed(third: Path) -> None:
    page = soup_of(third, "/reports/2025-h1/")
    section = page.select_one("#section-world")
    assert "the 5 jurisdictions listed" in text(section.select_one("table.rows caption"))
    assert "lists only some jurisdictions" in text(section)
    assert "among the 5 listed" in text(section.select_one("#chart-2025-h1-world-top-jurisdictions figcaption"))
    ranks = [text(tr.select("td")[0]) for tr in soup_of(third, "/countries/de/").select("table.history tbody tr")]
    assert ranks == ["joint 2nd among the 4 listed"]  # with France; rest of world is never ranked


def test_a_breakdown_of_a_jurisdiction_row_is_on_its_page_and_in_its_download(third: Path) -> None:
    us = soup_of(third, "/countries/us/")
    tables = [t for t in us.select("table.rows") if "by legal process" in text(t.caption)]
    assert len(tables) == 1
    assert rows_of(tables[0]) == {"Subpoena": ["500", "800"], "Court order": ["200", "350"],
                                  "Search warrant": ["100", "250"], "Total: United States": ["800", "1,400"]}
    with (third / "data" / "countries" / "us.csv").open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    process = [(r["row"], r["measure"], r["value"]) for r in lines if r["section"] == "us-process"]
    assert ("Subpoena", "demands", "500") in process and ("Total: United States", "demands", "800") in process
    assert {r["breakdown_of"] for r in lines if r["section"] == "us-process"} == {"world/US"}


def test_extra_rows_kosovo_has_a_page_rest_of_world_does_not(third: Path) -> None:
    assert text(soup_of(third, "/countries/xk/").h1) == "Kosovo"
    assert not (third / "countries" / "rest-of-world").exists()
    world = soup_of(third, "/reports/2025-h1/").select_one("#section-world")
    rest = next(tr for tr in world.select("table.rows tbody tr") if "Rest of world" in text(tr.th))
    assert rest.th.select_one('a[href^="/countries/"]') is None
    assert "Rest of world" not in text(world.select_one("#chart-2025-h1-world-top-jurisdictions .chart-data"))


def test_categories_and_measures_feed_the_glossary(third: Path) -> None:
    glossary = {dt["id"]: text(dt) for dt in soup_of(third, "/glossary/").select("dl.glossary dt")}
    assert glossary == {"measure-demands": "Demands", "measure-some_data": "Demands where some data was produced",
                        "legal_process-subpoena": "Subpoena", "jurisdictions-rest-of-world": "Rest of world"}


def test_columns_are_the_measures_the_table_publishes(third: Path) -> None:
    us_process = soup_of(third, "/reports/2025-h1/").select_one("#section-us-process table.rows")
    assert [text(th) for th in us_process.select("thead th")] == ["Legal process", "Demands", "Accounts named"]


def test_bands_on_any_count(third: Path) -> None:
    section = soup_of(third, "/reports/2025-h1/").select_one("#section-national-security")
    assert "0–499" in text(section)


def test_names_holding_markup_are_shown_as_written(tmp_path: Path) -> None:
    """A category's name is text, never markup, in a table's rows: linked to its definition or not."""
    defined, plain = 'Sub<b>poena</b> & "co"', "Court <i>order</i>"
    dimensions = FILES["data/dimensions.yaml"].replace("name: Subpoena", f"name: '{defined}'")
    files = FILES | {"data/dimensions.yaml": dimensions.replace("name: Court order", f"name: {plain}"),
                     "data/reports/2025-h1-us-process.csv":
                         FILES["data/reports/2025-h1-us-process.csv"].replace("Court order", plain)}
    table = soup_of(build_files(tmp_path / "site", files), "/reports/2025-h1/").select_one(
        "#section-us-process table.rows")
    names = {text(tr.th): tr.th for tr in table.select("tbody tr")}
    assert {defined, plain} <= set(names), names
    assert names[defined].select_one("a.term") is not None and not table.select("b, i")
