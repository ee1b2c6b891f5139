"""Readers' data features: comparisons, bands, revisions, glossary, trends and jurisdiction histories.

Fixtures that need figures the sample does not have use SYNTHETIC reports, labelled as such.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_build

SYNTHETIC_HALF_YEAR = """\
format: 2
id: 2012-h2
title: SYNTHETIC July–December 2012
start: 2012-07-01
end: 2012-12-31
source: https://example.org/synthetic
summary: SYNTHETIC figures for tests, not published by anyone.
sections:
  - id: all-services
    title: All services
    totals:
      requests: 40000
      accounts_specified: 70000
      disclosed_content: 1000
      disclosed_noncontent: 30000
      no_data_found: 8000
      rejected: 1000
"""

SYNTHETIC_NATIONAL_SECURITY = """\
  - id: fisa-content
    title: SYNTHETIC FISA orders for content
    kind: national_security
    legal_regime: SYNTHETIC text on the law that allows only bands of 1,000.
    reporting_delay: SYNTHETIC six-month delay.
    totals:
      requests: 0-999
      accounts_specified: [7, 499]
"""


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def build(site: Path) -> Path:
    run = run_build("build", "--site", str(site), "--strict")
    assert run.returncode == 0, run.stderr
    return site / "output"


@pytest.fixture(scope="module")
def comparable_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with 2012 replaced by a SYNTHETIC half-year, so 2013-h1 has a period of equal length."""
    from conftest import copy_sample

    site = copy_sample(tmp_path_factory.mktemp("comparable") / "site")
    (site / "data" / "reports" / "2012.yaml").unlink()
    (site / "data" / "reports" / "2012-h2.yaml").write_text(SYNTHETIC_HALF_YEAR, encoding="utf-8")
    return build(site)


def comparison_rows(out: Path) -> dict[str, list[str]]:
    section = soup(out / "reports" / "2013-h1" / "index.html").select_one("#comparison")
    return {text(tr.th): [text(td) for td in tr.select("td")] for tr in section.select("tbody tr")}


def test_equal_periods_show_change_in_counts_and_points(comparable_site: Path) -> None:
    rows = comparison_rows(comparable_site)
    assert rows["Requests"] == ["37,196", "40,000", "−2,804 (−7.0%)"]
    assert rows["Accounts specified"] == ["66,539", "70,000", "−3,461 (−4.9%)"]
    # Content share 817/37,196 = 2.20% against 1,000/40,000 = 2.50%.
    assert rows["Content disclosed"][2] == "−183 (−18.3%); share −0.3 points"
    section = soup(comparable_site / "reports" / "2013-h1" / "index.html").select_one("#comparison")
    assert "Not directly comparable" not in text(section)


def test_half_year_is_never_compared_with_a_year_silently(built_sample: Path) -> None:
    rows = comparison_rows(built_sample)
    assert rows["Requests"] == ["37,196", "75,378"]


def test_change_is_from_the_period_it_shows_when_a_year_lies_between(sample_copy: Path) -> None:
    """2013-h1 follows the 2012 year; its change is from a SYNTHETIC 2011-h2, whose figures the table shows."""
    earlier = SYNTHETIC_HALF_YEAR.replace("2012-h2", "2011-h2").replace("2012", "2011")
    (sample_copy / "data" / "reports" / "2011-h2.yaml").write_text(earlier, encoding="utf-8")
    rows = comparison_rows(build(sample_copy))
    assert rows["Requests"] == ["37,196", "40,000", "−2,804 (−7.0%)"]
    section = soup(sample_copy / "output" / "reports" / "2013-h1" / "index.html").select_one("#comparison")
    assert "January–December 2012, covers 12 months (a whole year), so it is not compared here." in text(section)
    assert "beside SYNTHETIC July–December 2011" in text(section.caption)


@pytest.fixture(scope="module")
def banded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a SYNTHETIC national-security section added to 2013-h1."""
    from conftest import copy_sample

    site = copy_sample(tmp_path_factory.mktemp("banded") / "site")
    report = site / "data" / "reports" / "2013-h1.yaml"
    report.write_text(report.read_text().replace("notes:\n", SYNTHETIC_NATIONAL_SECURITY + "notes:\n", 1))
    return build(site)


def test_bands_are_shown_as_ranges_with_their_regime(banded_site: Path) -> None:
    section = soup(banded_site / "reports" / "2013-h1" / "index.html").select_one("#section-fisa-content")
    words = text(section)
    assert "0–999" in words and "7–499" in words
    assert "SYNTHETIC six-month delay." in words and "only as ranges" in words
    headline = [text(dt) for dt in section.select("dl.headline dt")]
    assert headline == ["Requests", "Accounts specified"]


def test_bands_are_charted_as_intervals_never_points(banded_site: Path) -> None:
    page = soup(banded_site / "reports" / "2013-h1" / "index.html")
    spec = json.loads(page.select_one("#chart-2013-h1-fisa-content-ranges-spec").string)
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["field"] == "low" and spec["encoding"]["x2"]["field"] == "high"
    assert [(v["low"], v["high"]) for v in spec["data"]["values"]] == [(0, 999), (7, 499)]


def test_bands_are_never_summed_in_downloads(banded_site: Path) -> None:
    data = json.loads((banded_site / "data" / "2013-h1" / "fisa-content.json").read_text())
    assert data["totals"]["requests"] == {"value": None, "low": 0, "high": 999, "state": "band"}
    csv_text = (banded_site / "data" / "all-figures.csv").read_text()
    assert "2013-h1,2013-01-01,2013-06-30,fisa-content,,,total,jurisdictions,,Total,requests,requests,,0,999,band," \
        in csv_text


def test_headline_of_the_main_section_ignores_national_security(banded_site: Path) -> None:
    page = soup(banded_site / "index.html")
    assert text(page.select_one("dl.headline dd")) == "37,196"


def test_sample_report_says_it_has_no_national_security_figures(built_sample: Path) -> None:
    section = soup(built_sample / "reports" / "2013-h1" / "index.html").select_one("#national-security")
    assert "no figures on national security demands" in text(section)


REVISION = """\
revisions:
  - date: 2014-01-15
    what: SYNTHETIC correction of the Skype table.
    why: SYNTHETIC reason given for a test.
"""


def test_revisions_show_on_the_page_and_in_the_feed(sample_copy: Path) -> None:
    report = sample_copy / "data" / "reports" / "2013-h1.yaml"
    report.write_text(report.read_text() + REVISION, encoding="utf-8")
    out = build(sample_copy)
    page = soup(out / "reports" / "2013-h1" / "index.html")
    assert "Revised on 15 January 2014." in text(page.select_one(".revised"))
    rows = [[text(c) for c in tr.select("th, td")] for tr in page.select("#revisions tbody tr")]
    assert rows == [["15 January 2014", "SYNTHETIC correction of the Skype table.",
                     "SYNTHETIC reason given for a test."]]
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.parse(out / "feed.xml").getroot().findall("a:entry", atom)
    revised = [e for e in entries if e.find("a:title", atom).text == "Revised: January–June 2013"]
    assert len(revised) == 1
    assert revised[0].find("a:updated", atom).text == "2014-01-15T00:00:00Z"
    assert revised[0].find("a:link", atom).get("href").endswith("/reports/2013-h1/#revisions")
    assert "Revised 15 January 2014." in text(page.select_one("#cite"))
    sitemap = (out / "sitemap.xml").read_text()
    assert "/reports/2013-h1/</loc>\n    <lastmod>2014-01-15</lastmod>" in sitemap


def test_glossary_defines_every_measure_once(built_sample: Path) -> None:
    page = soup(built_sample / "glossary" / "index.html")
    terms = {dt["id"]: text(dt) for dt in page.select("dl.glossary dt")}
    measures = {f"measure-{m}" for m in ("requests", "accounts_specified", "disclosed_content", "disclosed_noncontent",
                                         "no_data_found", "rejected")}
    assert measures | {"national-security-order", "band"} <= set(terms)
    assert len(terms) == len(page.select("dl.glossary dt"))


def test_table_headers_and_states_link_to_the_glossary(built_sample: Path) -> None:
    report = soup(built_sample / "reports" / "2013-h1" / "index.html")
    headers = {text(a): a["href"] for a in report.select("table.rows thead a.term")}
    assert headers["Requests"] == "/glossary/#measure-requests"
    assert headers["Only non-content disclosed"] == "/glossary/#measure-disclosed_noncontent"
    totals_only = soup(built_sample / "reports" / "2012" / "index.html")
    states = {a["href"] for a in totals_only.select("dl.headline dd a.term")}
    assert states == {"/glossary/#not-reported"}


def test_trends_page_draws_periods_with_their_true_widths(built_sample: Path) -> None:
    page = soup(built_sample / "trends" / "index.html")
    spec = json.loads(page.select_one("#chart-periods-spec").string)
    spans = [(v["start"], v["end"]) for v in spec["data"]["values"]]
    assert spans == [("2012-01-01", "2013-01-01"), ("2013-01-01", "2013-07-01")]
    assert [layer["encoding"]["x2"]["field"] for layer in spec["layer"]] == ["end", "end"]
    periods = [text(tr.th) for tr in page.select("main table:not(.chart-data) tbody tr")]
    assert periods == ["January–December 2012", "January–June 2013"]


def test_jurisdiction_page_charts_history_and_ranks(built_sample: Path) -> None:
    page = soup(built_sample / "countries" / "tr" / "index.html")
    spec = json.loads(page.select_one("#chart-countries-tr-history-spec").string)
    assert spec["data"]["values"] == [{"label": "Jan–Jun 2013", "period": "January–June 2013", "value": 6226}]
    ranks = [text(tr.select("td")[0]) for tr in page.select("table.history tbody tr")]
    assert ranks == ["2nd of 64", "joint 33rd of 49"]  # seven jurisdictions sent Skype 2 requests
