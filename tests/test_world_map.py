"""World maps: each report page and the countries index shade a table of jurisdictions by its lead figure.

Each map is a static SVG with a tooltip (`<title>`) and a link per country with a figure, a colour key,
the rows it cannot draw listed below it, and its data table. The SYNTHETIC site at the end is invented
for these tests: a zero, a figure not reported, groups, Kosovo and a state too small to draw.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from built_pages import soup_of, text_of
from conftest import REPO, build_files, synthetic_settings

SVG_BUDGET = 64_000  # bytes of static SVG per map: Natural Earth's shapes as published would take twice as much


def maps_on(soup: BeautifulSoup) -> list[Tag]:
    return soup.select("figure.chart:has(.map-key)")


def shapes(figure: Tag) -> dict[str, tuple[str, str, str]]:
    """Name → (tooltip, link or "", fill) of every shape the map's static SVG draws."""
    found = {}
    for path in figure.select(".chart-box svg path"):
        if (title := path.find("title")) is not None:
            link = path.find_parent("a")
            found[title.text.split(": ")[0]] = (title.text, link["href"] if link else "", path["fill"])
    return found


def table(figure: Tag) -> dict[str, str]:
    """The map's data table: name → figure."""
    return {text_of(tr.th): text_of(tr.td) for tr in figure.select(".chart-data tbody tr")}


def plotted(figure: Tag) -> set[str]:
    return {text_of(td.find_parent("tr").th) for td in figure.select(".chart-data td.plotted")}


def key(figure: Tag) -> list[tuple[str, str]]:
    """The colour key: (label, swatch colour) of each entry."""
    return [(text_of(li), li.select_one("svg path")["fill"]) for li in figure.select(".map-legend li")]


def unmapped(figure: Tag) -> dict[str, str]:
    """The rows listed below the map: "name: figure" → link or ""."""
    return {text_of(li).replace(" :", ":"): (li.a["href"] if li.a else "") for li in figure.select(".map-unmapped li")}


def check_map(figure: Tag, out: Path, base: str = "/") -> None:
    """What every map must show: linked shapes for the rows it plots, a key, and every other row accounted for."""
    drawn, rows = shapes(figure), table(figure)
    linked = {name for name, (_, link, _) in drawn.items() if link}
    assert linked and linked == plotted(figure), figure["id"]
    for name in linked:
        tooltip, link, _ = drawn[name]
        assert tooltip == f"{name}: {rows[name]}"
        assert (out / link.removeprefix(base) / "index.html").is_file(), link
    labels = [label for label, _ in key(figure)]
    assert len(labels) >= 2 and labels[-1] == "No figure", labels
    listed = {entry.split(": ")[0] for entry in unmapped(figure)}
    assert set(rows) - linked <= listed | set(drawn), figure["id"]


@pytest.mark.parametrize("which", ["sample", "github"])
def test_every_report_map_links_its_countries_and_accounts_for_every_row(which: str,
                                                                          request: pytest.FixtureRequest) -> None:
    out = request.getfixturevalue(f"built_{which}")
    maps = [(page, figure) for page in sorted(out.glob("reports/*/index.html"))
            for figure in maps_on(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))]
    assert len(maps) >= {"sample": 1, "github": 10}[which]
    for _, figure in maps:
        check_map(figure, out)


def test_the_sample_report_maps_every_jurisdiction_as_published(built_sample: Path) -> None:
    figure = soup_of(built_sample, "/reports/2013-h1/").select_one("#chart-2013-h1-all-services-map")
    with (REPO / "data" / "reports" / "2013-h1-all-services.csv").open(encoding="utf-8") as handle:
        published = [f"{int(r['requests']):,}" for r in csv.DictReader(handle)]
    assert list(table(figure).values()) == published
    drawn = shapes(figure)
    assert drawn["United States"] == ("United States: 7,014", "/countries/us/", "#440154")
    assert drawn["Chad"][1:] == ("", "#e9ecef") and drawn["Chad"][0] == "Chad: no figure"
    assert key(figure) == [("1–9", "#229c88"), ("10–99", "#306c8e"), ("100–999", "#433a81"),
                           ("1,000 or more", "#440154"), ("No figure", "#e9ecef")]
    assert unmapped(figure) == {"Virgin Islands, British: 1": "/countries/vg/", "French Polynesia: 1": "/countries/pf/",
                                "Hong Kong: 597": "/countries/hk/", "Malta: 29": "/countries/mt/",
                                "Monaco: 2": "/countries/mc/", "Singapore: 66": "/countries/sg/"}
    assert "1,000 or more: Australia, Brazil, France, Germany" in figure.select_one(".chart-box")["aria-label"]


def test_a_subset_gets_no_map_of_its_own(built_sample: Path) -> None:
    ids = [f["id"] for f in maps_on(soup_of(built_sample, "/reports/2013-h1/"))]
    assert ids == ["chart-2013-h1-all-services-map"]  # Skype is counted in All services


@pytest.mark.parametrize(("which", "tables"), [("sample", ["all-services"]), ("github", ["cross-border", "takedowns"])])
def test_the_countries_index_maps_each_table_of_jurisdictions(which: str, tables: list[str],
                                                              request: pytest.FixtureRequest) -> None:
    out = request.getfixturevalue(f"built_{which}")
    page = soup_of(out, "/countries/")
    for table_id in tables:
        section = page.select_one(f'section[aria-labelledby="countries-{table_id}"]')
        figure = section.select_one(f"#chart-countries-map-{table_id}")
        check_map(figure, out)
        assert "world map" in text_of(figure.figcaption)
    assert page.select_one('script[src*="charts."]') is not None


def test_the_map_svg_stays_light(built_sample: Path, built_github: Path) -> None:
    for out in (built_sample, built_github):
        for figure in maps_on(soup_of(out, "/countries/")):
            assert len(str(figure.select_one(".chart-box svg")).encode()) < SVG_BUDGET, figure["id"]


FILES = {
    "site.yaml": synthetic_settings("SYNTHETIC transparency report", '/transparency/'),
    "data/measures.yaml": """\
format: 2
measures:
  - id: demands
    label: Demands
    unit: demands
    definition: SYNTHETIC definition of a demand.
primary: demands
headline: [demands]
""",
    "data/dimensions.yaml": """\
format: 2
jurisdictions:
  extra:
    - id: XK
      name: Kosovo
    - id: rest-of-world
      name: Rest of world
      group: true
    - id: unknown
      name: Unknown
      group: true
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
""",
    "data/reports/2025-h1-world.csv": """\
country,demands
United States,800
Germany,0
France,not reported
Monaco,3
Kosovo,12
Rest of world,100
Unknown,5
""",
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_files(tmp_path_factory.mktemp("world-map") / "site", FILES)


@pytest.fixture(scope="module")
def synthetic_map(synthetic: Path) -> Tag:
    return soup_of(synthetic, "/reports/2025-h1/").select_one("#chart-2025-h1-world-map")


def test_a_zero_is_shaded_apart_from_a_missing_figure(synthetic_map: Tag) -> None:
    colours = dict(key(synthetic_map))
    assert list(colours) == ["0", "1–9", "10–99", "100 or more", "No figure"]
    assert colours["0"] != colours["No figure"]
    drawn = shapes(synthetic_map)
    assert drawn["Germany"] == ("Germany: 0", "/transparency/countries/de/", colours["0"])
    assert drawn["France"] == ("France: not reported", "", colours["No figure"])
    assert drawn["Chad"] == ("Chad: no figure", "", colours["No figure"])
    assert "0: Germany" in synthetic_map.select_one(".chart-box")["aria-label"]


def test_groups_and_small_states_are_listed_below_the_map(synthetic_map: Tag) -> None:
    assert unmapped(synthetic_map) == {"Monaco: 3": "/transparency/countries/mc/", "Rest of world: 100": "",
                                       "Unknown: 5": ""}
    assert shapes(synthetic_map)["Kosovo"] == ("Kosovo: 12", "/transparency/countries/xk/", "#433a81")


def test_map_links_follow_the_base_path(synthetic_map: Tag, synthetic: Path) -> None:
    links = [link for _, link, _ in shapes(synthetic_map).values() if link]
    assert links and all(link.startswith("/transparency/countries/") for link in links)
    check_map(synthetic_map, synthetic, "/transparency/")
