"""The second example, examples/github/: GitHub's own transparency data published faithfully by the same engine.

Every figure is checked against GitHub's files as published (kept unchanged in examples/github/sources/).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from built_pages import soup_of
from conftest import GITHUB

SOURCES = GITHUB / "sources"
USER_DATA = "requests_to_disclose_user_information__"
ATTRIBUTION = "GitHub, Inc., GitHub Transparency Data, version 2.0.1"


def source_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((SOURCES / f"{name}.csv").read_text(encoding="utf-8"))))


def year_and_half(stem: str) -> list[dict[str, str]]:
    """The rows of a file published per year and of its twin published per half-year."""
    return source_rows(stem) + source_rows(f"{stem}_by_calendar_year_half")


def period(row: dict[str, str]) -> str:
    """The example's period id of a source row: 2025 for a year, 2025-h1 for a half-year."""
    if "half" in row:
        return f"{row['year']}-h{row['half']}"
    if "month_range" in row:
        return f"{row['year']}-h{1 if row['month_range'] == 'Jan-Jun' else 2}"
    return row["year"]


def member_ids(dimension: str) -> dict[str, str]:
    """Every name GitHub's files give a category (its name or an alias, any case) → the example's category id."""
    declared = yaml.safe_load((GITHUB / "data" / "dimensions.yaml").read_text(encoding="utf-8"))
    members = next(c["members"] for c in declared["categories"] if c["id"] == dimension)
    return {name.strip().casefold(): m["id"] for m in members for name in [m["name"], *m.get("aliases", [])]}


def expected_figures() -> Iterator[tuple[tuple[str, str, str, str], str]]:
    """((period, section, row code or TOTAL, measure), value as published) for every figure the example uses."""
    types = member_ids("request_type")
    for r in year_and_half(f"{USER_DATA}requests_received_and_disclosed"):
        row = types[r["type"].strip().casefold()]
        yield (period(r), "user-data", row, "received"), r["count_requests_received"]
        yield (period(r), "user-data", row, "disclosed"), r["count_disclosed"]
    for r in year_and_half(f"{USER_DATA}requests_accounts_affected"):
        yield (period(r), "user-data", "TOTAL", "accounts_affected"), r["count_accounts_affected"]
    for r in year_and_half(f"{USER_DATA}cross_border_data_requests"):
        yield (period(r), "cross-border", r["government_iso2_code"], "received"), r["count"]
    for r in year_and_half("government_takedowns__government_takedowns_received"):
        yield (period(r), "takedowns", r["government_iso2_code"], "takedowns_received"), r["count_received"]
    notices = member_ids("notification")
    for r in source_rows(f"{USER_DATA}user_notifications_of_legal_request_disclosures_by_calendar_year_half"):
        yield (period(r), "notifications", notices[r["type"].strip().casefold()], "disclosure_cases"), r["count"]
    measure = {"National security letters and orders received": "ns_received", "Affected accounts": "ns_accounts"}
    for r in source_rows(f"{USER_DATA}national_security_letters_and_orders"):
        yield (period(r), "national-security", "TOTAL", measure[r["type"]]), r["count"]


def published(built_github: Path) -> dict[tuple[str, str, str, str], dict[str, str]]:
    with (built_github / "data" / "all-figures.csv").open(encoding="utf-8") as handle:
        return {(r["period"], r["section"], r["row_code"] or "TOTAL", r["measure"]): r for r in csv.DictReader(handle)}


def as_published(row: dict[str, str]) -> str:
    return f"{row['low']}-{row['high']}" if row["state"] == "band" else row["value"]


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_every_source_figure_is_published_unchanged(built_github: Path) -> None:
    figures = published(built_github)
    expected = dict(expected_figures())
    assert len(expected) > 300
    wrong = {key: (value, as_published(figures[key]) if key in figures else None)
             for key, value in expected.items() if key not in figures or as_published(figures[key]) != value}
    assert not wrong, wrong


def test_no_figure_is_published_that_github_did_not_publish(built_github: Path) -> None:
    """Every row figure that is a number comes from the sources; totals are theirs or sums of rows."""
    expected = dict(expected_figures())
    extra = [key for key, row in published(built_github).items()
             if key[2] != "TOTAL" and row["state"] != "not_reported" and key not in expected]
    assert not extra, extra


def test_totals_are_the_sum_of_their_rows(built_github: Path) -> None:
    figures = published(built_github)
    for (report, section, row, measure), figure in figures.items():
        if row == "TOTAL" and figure["state"] == "number" and (report, section, "TOTAL", measure) not in dict(
                expected_figures()):
            parts = [int(f["value"]) for (p, s, r, m), f in figures.items()
                     if (p, s, m) == (report, section, measure) and r != "TOTAL" and f["state"] == "number"]
            assert int(figure["value"]) == sum(parts), (report, section, measure)


def test_periods_of_different_lengths_stand_side_by_side(built_github: Path) -> None:
    rows = [[text(c) for c in tr.select("th, td")] for tr in soup_of(built_github, "/trends/").select(
        "main table:not(.chart-data) tbody tr")]
    lengths = {row[0]: row[1] for row in rows}
    assert lengths["January–December 2025"] == "12 months (a whole year)"
    assert lengths["January–June 2025"] == "6 months"


def test_the_missing_2024_half_year_is_missing_not_zero(built_github: Path) -> None:
    trends = soup_of(built_github, "/trends/")
    row = next(tr for tr in trends.select("main table:not(.chart-data) tbody tr")
               if text(tr.th) == "July–December 2024")
    assert [text(td) for td in row.select("td")][1:3] == ["not reported", "not reported"]
    home = soup_of(built_github, "/")
    chart_rows = {text(tr.th): [text(td) for td in tr.select("td")]
                  for tr in home.select("#chart-trend .chart-data tbody tr")}
    assert chart_rows["July–December 2024"] == ["6 months", "not published", "not published"]
    spec = json.loads(home.select_one("#chart-trend-spec").string)
    missing = [v for v in spec["data"]["values"] if v["label"] == "July–December 2024"]
    assert [(v["months"], v["total"], v["rate"]) for v in missing] == [(6, None, None)]


def test_national_security_bands_for_every_half_year(built_github: Path) -> None:
    for year in range(2014, 2026):
        for half in (1, 2):
            page = soup_of(built_github, f"/reports/{year}-h{half}/")
            section = page.select_one("#section-national-security")
            headline = section.select_one("dl.headline") or page.select_one("dl.headline")  # its own, or the page's
            figures = [text(dd.select_one(".figure")) for dd in headline.select("dd")]
            assert len(figures) == 2 and all(re.fullmatch(r"[\d,]+–[\d,]+", f) for f in figures), (year, half)
    bands = soup_of(built_github, "/trends/").select_one("#chart-trends-national-security")
    assert len(bands.select(".chart-data tbody tr")) == 48


def test_request_types_show_received_and_disclosed(built_github: Path) -> None:
    section = soup_of(built_github, "/reports/2025/").select_one("#section-user-data")
    header = [text(th) for th in section.select("table.rows thead th")]
    assert header == ["Request type", "Requests received", "Requests with a disclosure"]
    assert "Share of requests" in text(section.select_one("#chart-2025-user-data-disclosure"))


def test_cross_border_requests_are_a_breakdown_of_their_row(built_github: Path) -> None:
    section = soup_of(built_github, "/reports/2025/").select_one("#section-cross-border")
    assert "divides the Cross-border request row of" in text(section)
    assert "Sum of the 24 jurisdictions listed" in text(section.select_one("table.rows tfoot"))


def test_notifications_and_gag_orders(built_github: Path) -> None:
    rows = {text(tr.th): text(tr.td) for tr in soup_of(built_github, "/reports/2025-h1/").select(
        "#section-notifications table.rows tbody tr")}
    assert rows == {"User notified": "15", "Gag order": "262", "Exigent circumstances": "12"}


def test_no_page_mentions_the_other_sample(built_github: Path) -> None:
    for page in built_github.rglob("*.html"):
        assert not re.search(r"microsoft|skype", page.read_text(encoding="utf-8"), re.IGNORECASE), page


def test_every_page_and_download_carries_the_attribution(built_github: Path) -> None:
    for page in built_github.rglob("*.html"):
        assert ATTRIBUTION in page.read_text(encoding="utf-8"), page
    for table in (built_github / "data").rglob("*.csv"):
        with table.open(encoding="utf-8") as handle:
            assert all(ATTRIBUTION in row["licence"] for row in csv.DictReader(handle)), table


def test_countries_have_pages_and_categories_do_not(built_github: Path) -> None:
    countries = {p.parent.name for p in (built_github / "countries").glob("*/index.html")}
    assert {"in", "ru", "de", "us"} <= countries
    assert not {"subpoena", "gag-order"} & countries
    india = soup_of(built_github, "/countries/in/")
    assert [text(h) for h in india.select("main section h2")][:1] == ["Cross-border data requests by country"]


@pytest.mark.parametrize("report", ["2021", "2022"])
def test_disagreements_in_githubs_files_are_noted_not_hidden(built_github: Path, report: str) -> None:
    notes = text(soup_of(built_github, f"/reports/{report}/").select_one("#notes"))
    assert "Both figures are shown as published." in notes


def test_comparisons_set_a_table_beside_the_same_table(built_github: Path) -> None:
    """January–June 2023 follows half-years with national-security figures only: it is set beside the 2022 year."""
    section = soup_of(built_github, "/reports/2023-h1/").select_one("#comparison")
    assert "Not directly comparable" in text(section) and "January–December 2022" in text(section)
    measures = [text(tr.th) for tr in section.select("tbody tr")]
    assert measures == ["Requests received", "Requests with a disclosure", "Accounts affected"]
    later = soup_of(built_github, "/reports/2023-h2/").select_one("#comparison")
    rows = {text(tr.th): [text(td) for td in tr.select("td")] for tr in later.select("tbody tr")}
    assert rows["Requests received"] == ["277", "256", "+21 (+8.2%)"]
