"""Open data: every figure a page shows is in the downloads with the same value, and described."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

MEASURES = ("requests", "accounts_specified", "disclosed_content", "disclosed_noncontent",
            "no_data_found", "rejected")


def long_rows(out: Path) -> list[dict[str, str]]:
    with (out / "data" / "all-figures.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def shown_as(row: dict[str, str]) -> str:
    """How a downloaded figure reads on a page."""
    if row["state"] == "number":
        return f"{int(row['value']):,}"
    if row["state"] == "band":
        return f"{int(row['low']):,}–{int(row['high']):,}"
    return row["state"].replace("_", " ")


def figure_index(out: Path) -> dict[tuple[str, str, str, str], str]:
    """(period, section, jurisdiction code or TOTAL, measure) → text as pages show it."""
    return {(r["period"], r["section"], r["row_code"] or "TOTAL", r["measure"]): shown_as(r)
            for r in long_rows(out)}


def cell_figure(td) -> str:
    """A table cell's figure without its footnote markers."""
    for sup in td.select("sup"):
        sup.decompose()
    return " ".join(td.get_text(" ").split())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_long_csv_has_every_figure_of_every_period(built_sample: Path) -> None:
    rows = long_rows(built_sample)
    per_period = {(r["period"], r["section"]) for r in rows}
    assert per_period == {("2012", "all-services"), ("2013-h1", "all-services"), ("2013-h1", "skype")}
    assert len(rows) == (1 + 65 + 50) * 6
    us = {r["measure"]: r for r in rows if r["period"] == "2013-h1" and r["row_code"] == "US"
          and r["section"] == "all-services"}
    assert us["requests"]["value"] == "7014" and "7,013" in us["requests"]["notes"]
    total_2012 = {r["measure"]: r for r in rows if r["period"] == "2012"}
    assert total_2012["requests"]["value"] == "75378"
    assert total_2012["rejected"]["state"] == "not_reported" and total_2012["rejected"]["value"] == ""


def test_every_figure_on_report_pages_is_in_the_downloads(built_sample: Path) -> None:
    figures = figure_index(built_sample)
    checked = 0
    for page in (built_sample / "reports").glob("*/index.html"):
        period = page.parent.name
        for section in soup_of(page).select("section[id^=section-]"):
            section_id = section["id"].removeprefix("section-")
            for tr in section.select("table.rows tbody tr, table.rows tfoot tr"):
                link = tr.th.a
                code = link["href"].strip("/").split("/")[-1].upper() if link else "TOTAL"
                for measure, td in zip(MEASURES, tr.select("td"), strict=True):
                    assert cell_figure(td) == figures[(period, section_id, code, measure)], (page, code, measure)
                    checked += 1
    assert checked == (65 + 50) * 6


def test_every_figure_on_country_pages_is_in_the_downloads(built_sample: Path) -> None:
    figures = figure_index(built_sample)
    checked = 0
    for page in (built_sample / "countries").glob("*/index.html"):
        code = page.parent.name.upper()
        for table in soup_of(page).select("section[aria-labelledby^=history-]"):
            section = table["aria-labelledby"].removeprefix("history-")
            for tr in table.select("table.history tbody tr"):
                period = tr.th.a["href"].strip("/").split("/")[-1]
                for measure, td in zip(MEASURES, tr.select("td")[1:], strict=True):
                    assert cell_figure(td) == figures[(period, section, code, measure)], (page, measure)
                    checked += 1
    assert checked == (64 + 49) * 6


def test_every_csv_line_carries_its_source_and_licence(built_sample: Path) -> None:
    for path in (built_sample / "data").rglob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                assert row["source"].startswith("https://www.microsoft.com/"), path
                assert "https://creativecommons.org/publicdomain/zero/1.0/" in row["licence"], path


def test_datapackage_describes_every_csv(built_sample: Path) -> None:
    package = json.loads((built_sample / "data" / "datapackage.json").read_text())
    assert package["licenses"][0]["path"].startswith("https://")
    paths = {r["path"] for r in package["resources"]}
    assert paths == {"all-figures.csv", "2013-h1/all-services.csv", "2013-h1/skype.csv", "2012/all-services.csv"}
    for resource in package["resources"]:
        with (built_sample / "data" / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] for f in resource["schema"]["fields"])
        if resource["name"] != "all-figures":
            assert resource["sources"][0]["path"].startswith("https://www.microsoft.com/")


def test_data_page_explains_every_column(built_sample: Path) -> None:
    soup = soup_of(built_sample / "data" / "index.html")
    explained = {dt.get_text() for dt in soup.select("#columns-long dt")}
    with (built_sample / "data" / "all-figures.csv").open(encoding="utf-8") as handle:
        assert set(next(csv.reader(handle))) == explained
    assert soup.select_one('a[href="/data/all-figures.csv"]') is not None
    assert soup.select_one('a[href="/data/datapackage.json"]') is not None


@pytest.mark.parametrize("built", ["built_sample", "built_github"])
def test_datapackage_passes_the_frictionless_validator(built: str, request: pytest.FixtureRequest) -> None:
    """`frictionless validate output/data/datapackage.json`, as a data user would run it: every file valid."""
    from frictionless import validate

    report = validate(request.getfixturevalue(built) / "data" / "datapackage.json")
    assert report.valid, report.flatten(["title", "message"])
    assert report.stats["tasks"] >= 4
