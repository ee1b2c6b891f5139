"""The built sample site publishes exactly the figures in data/, on every page a reader visits."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from built_pages import soup_of
from conftest import REPO

SOURCES = REPO / "data" / "sources"
SOURCE_CSV = REPO / "data" / "reports" / "2013-h1-all-services.csv"
MEASURES = ("requests", "accounts_specified", "disclosed_content", "disclosed_noncontent",
            "no_data_found", "rejected")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def headline(soup: BeautifulSoup) -> dict[str, str]:
    """Headline label → figure and share text, from the first headline list."""
    items = soup.select_one("dl.headline").select(".headline-item")
    return {text_of(i.dt): text_of(i.dd) for i in items}


def test_home_shows_latest_headline_trend_and_every_report(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/")
    figures = headline(soup)
    assert figures["Requests"] == "37,196"
    assert figures["Accounts specified"] == "66,539"
    assert soup.select_one("#chart-trend svg") is not None
    listed = [text_of(a) for a in soup.select(".report-list a")]
    assert listed == ["January–June 2013", "January–December 2012"]


def test_report_outcomes_as_count_and_share(built_sample: Path) -> None:
    figures = headline(soup_of(built_sample, "/reports/2013-h1/"))
    assert figures["Content disclosed"] == "817 2.2% of requests"
    assert figures["Only non-content disclosed"] == "28,698 77.2% of requests"
    assert figures["No data found"] == "6,769 18.2% of requests"
    assert figures["Rejected"] == "911 2.4% of requests"


def test_comparison_with_2012_says_it_is_a_whole_year(built_sample: Path) -> None:
    section = soup_of(built_sample, "/reports/2013-h1/").select_one("#comparison")
    words = text_of(section)
    assert "Not directly comparable" in words
    assert "January–December 2012, covers 12 months (a whole year)" in words
    rows = {text_of(tr.th): [text_of(td) for td in tr.select("td")] for tr in section.select("tbody tr")}
    assert rows["Requests"] == ["37,196", "75,378"]
    assert rows["Accounts specified"] == ["66,539", "137,424"]
    assert "Change" not in text_of(section.select_one("thead"))


def jurisdiction_rows(section) -> dict[str, list[str]]:
    table = section.select_one("table.rows")
    return {text_of(tr.th.a): [text_of(td) for td in tr.select("td")] for tr in table.select("tbody tr")}


def test_full_table_has_all_64_jurisdictions_with_six_measures(built_sample: Path) -> None:
    section = soup_of(built_sample, "/reports/2013-h1/").select_one("#section-all-services")
    rows = jurisdiction_rows(section)
    assert len(rows) == 64
    assert all(len(cells) == 6 for cells in rows.values())
    assert rows["United States"][:1] == ["7,014"]
    assert rows["Venezuela"] == ["15", "28", "0", "14", "0", "1"]
    total = [text_of(td) for td in section.select("tfoot td")]
    assert total == ["37,196", "66,539", "817", "28,698", "6,769", "911"]


def test_table_figures_equal_the_source_csv(built_sample: Path) -> None:
    section = soup_of(built_sample, "/reports/2013-h1/").select_one("#section-all-services")
    shown = [[cell.split(" ")[0] for cell in cells] for cells in jurisdiction_rows(section).values()]
    with SOURCE_CSV.open(encoding="utf-8") as handle:
        source = [[f"{int(row[m]):,}" for m in MEASURES] for row in csv.DictReader(handle)]
    assert sorted(shown) == sorted(source)


def test_skype_is_presented_as_part_of_all_services(built_sample: Path) -> None:
    section = soup_of(built_sample, "/reports/2013-h1/").select_one("#section-skype")
    figures = headline(section)
    assert figures["Requests"] == "3,509"
    assert figures["Accounts specified"] == "10,585"
    assert "Skype is part of All services" in text_of(section)
    assert "never added" in text_of(section)
    assert len(jurisdiction_rows(section)) == 49


def test_united_states_shortfall_is_a_visible_footnote(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    us_row = next(tr for tr in soup.select("#section-all-services table.rows tbody tr")
                  if text_of(tr.th.a) == "United States")
    link = us_row.th.select_one("sup.note-ref a")
    assert link is not None
    note = soup.select_one(link["href"])
    assert "7,013" in text_of(note) and "7,014" in text_of(note)


def statements_from_sources() -> list[str]:
    text = (SOURCES / "statements.md").read_text(encoding="utf-8")
    quotes = re.findall(r"((?:^> .*\n?)+)", text, re.M)
    return [" ".join(line[2:] for line in q.splitlines()).strip() for q in quotes]


def test_both_statements_are_quoted_exactly_and_attributed(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    shown = {text_of(fig.blockquote): fig for fig in soup.select("figure.statement")}
    expected = statements_from_sources()
    assert len(expected) == 2
    for quote in expected:
        figure = shown[" ".join(quote.split())]
        caption = figure.figcaption
        assert "Microsoft" in text_of(caption)
        assert caption.a["href"].startswith("https://www.microsoft.com/")
        assert figure.blockquote["cite"] == caption.a["href"]


def test_report_charts_have_caption_description_svg_spec_and_table(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    figures = soup.select("figure.chart")
    ids = {f["id"] for f in figures}
    assert {"chart-2013-h1-all-services-outcomes", "chart-2013-h1-all-services-top-jurisdictions",
            "chart-2013-h1-skype-outcomes", "chart-2013-h1-skype-top-jurisdictions"} <= ids
    for figure in figures:
        box = figure.select_one(".chart-box")
        assert figure.figcaption and text_of(figure.figcaption)
        linked = box.select("svg a[href]")  # a map's countries link to their pages: its box is a group of them
        assert box["role"] == ("group" if linked else "img") and len(box["aria-label"]) > 40
        assert box.select_one("svg .mark-rect path, svg .plotted_marks path") is not None  # bars, or a map's shapes
        spec = json.loads(soup.select_one(f"#{box['data-spec']}").string)
        assert "values" in spec["data"] and "url" not in spec["data"]
        assert spec["description"] == box["aria-label"]
        assert figure.select_one("table.chart-data tbody tr") is not None


def test_outcomes_chart_spec_carries_the_real_counts(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    spec = json.loads(soup.select_one("#chart-2013-h1-all-services-outcomes-spec").string)
    values = {v["label"]: v["value"] for v in spec["data"]["values"]}
    assert values == {"Content disclosed": 817, "Only non-content disclosed": 28698,
                      "No data found": 6769, "Rejected": 911}


def test_top_jurisdictions_chart_is_largest_first(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    spec = json.loads(soup.select_one("#chart-2013-h1-all-services-top-jurisdictions-spec").string)
    names = [v["label"] for v in spec["data"]["values"]]
    assert names[:5] == ["United States", "Türkiye", "Germany", "United Kingdom", "France"]
    assert len(names) == 10


def test_commentary_places_charts_and_statements_inline(built_sample: Path) -> None:
    commentary = soup_of(built_sample, "/reports/2013-h1/").select_one("#commentary")
    assert commentary.select_one("#chart-2013-h1-all-services-outcomes") is not None
    assert len(commentary.select("figure.statement")) == 2


def test_country_pages_cover_every_jurisdiction(built_sample: Path) -> None:
    index = soup_of(built_sample, "/countries/")
    links = {a["href"] for a in index.select("tbody th a")}
    assert len(links) == 64
    for href in links:
        assert (built_sample / href.strip("/") / "index.html").is_file()


def test_country_page_lists_every_section_it_appears_in(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/countries/us/")
    tables = {text_of(s.h2): [[text_of(c) for c in tr.select("th, td")] for tr in s.select("table.history tbody tr")]
              for s in soup.select("main section[aria-labelledby^=history-]")}
    assert tables["All services"] == [["January–June 2013 1", "1st of 64", "7,014", "18,809", "749", "4,569", "1,107",
                                       "588"]]
    assert tables["Skype"][0][:4] == ["January–June 2013", "1st of 49", "978", "3,507"]
    note = soup.select_one(soup.select_one("table.history tbody tr sup a")["href"])
    assert "7,013" in text_of(note)


@pytest.mark.parametrize("url, heading", [("/methodology/", "Methodology"), ("/about/", "About this site")])
def test_markdown_pages(built_sample: Path, url: str, heading: str) -> None:
    assert text_of(soup_of(built_sample, url).h1) == heading


def read_csv_download(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row["jurisdiction_code"] or "TOTAL": row for row in csv.DictReader(handle)}


def test_csv_download_equals_source_figures(built_sample: Path) -> None:
    rows = read_csv_download(built_sample / "data" / "2013-h1" / "all-services.csv")
    assert len(rows) == 65
    assert [rows["US"][m] for m in MEASURES] == ["7014", "18809", "749", "4569", "1107", "588"]
    assert [rows["TOTAL"][m] for m in MEASURES] == ["37196", "66539", "817", "28698", "6769", "911"]
    assert "7,013" in rows["US"]["notes"]


def test_json_download_equals_csv_download(built_sample: Path) -> None:
    for section in ("all-services", "skype"):
        rows = read_csv_download(built_sample / "data" / "2013-h1" / f"{section}.csv")
        data = json.loads((built_sample / "data" / "2013-h1" / f"{section}.json").read_text())
        for row in data["rows"]:
            assert [str(row[m]["value"]) for m in MEASURES] == [rows[row["code"]][m] for m in MEASURES]
        assert data["licence"]["url"].startswith("https://")


def test_totals_only_period_is_published_as_totals(built_sample: Path) -> None:
    rows = read_csv_download(built_sample / "data" / "2012" / "all-services.csv")
    assert list(rows) == ["TOTAL"]
    assert rows["TOTAL"]["requests"] == "75378"
    assert rows["TOTAL"]["disclosed_content"] == "not reported"


def test_data_page_links_every_download(built_sample: Path) -> None:
    links = {a["href"] for a in soup_of(built_sample, "/data/").select("a[download]")}
    assert links == {"/data/2013-h1/all-services.csv", "/data/2013-h1/all-services.json",
                     "/data/2013-h1/skype.csv", "/data/2013-h1/skype.json",
                     "/data/2012/all-services.csv", "/data/2012/all-services.json", "/data/all-figures.csv"}


def test_pages_load_nothing_from_other_sites(built_sample: Path) -> None:
    for html in built_sample.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], link[rel=stylesheet], link[rel=icon], img[src]"):
            assert (tag.get("src") or tag.get("href")).startswith(("/", "data:")), html
        data_only = ":not([type='application/json']):not([type='application/ld+json'])"
        assert not soup.select(f"script:not([src]){data_only}"), html
        assert not soup.select("[style]"), html
