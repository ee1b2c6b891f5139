"""Charts as readers meet them in the built examples: downloads beside each chart, data tables folded away,
integer axes without repeated labels, and periods of different lengths compared like with like."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from built_pages import page_urls, soup_of, text_of
from conftest import GITHUB, REPO, SUB_PATH, model_of

from site_builder.model.objects import Site

FORMATS = ("csv", "svg", "png")
PNG_SCALE = 2
FOLD_ROWS = 10


@pytest.fixture(scope="module", params=["sample", "github"])
def example(request: pytest.FixtureRequest) -> tuple[Path, Site]:
    """Each example's output folder and its model."""
    out = request.getfixturevalue(f"built_{request.param}")
    return out, model_of(REPO if request.param == "sample" else GITHUB)


def live_figures(out: Path) -> Iterator[tuple[str, Tag]]:
    """(page address, figure) for every chart a page draws live."""
    for url in page_urls(out):
        if url.endswith("/print/"):
            continue
        for figure in soup_of(out, url).select("figure.chart"):
            if figure.select_one(".chart-box[data-spec]"):
                yield url, figure


def downloads_of(figure: Tag) -> dict[str, str]:
    """A figure's download links by format."""
    return {a["href"].rsplit(".", 1)[1]: a["href"] for a in figure.select(".chart-downloads a[href]")}


def table_of(figure: Tag) -> list[list[str]]:
    """A figure's data table, header first, as the cells read."""
    table = figure.select_one("table.chart-data")
    return [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in table.select("tr")]


def same_words(cell: str) -> str:
    """A cell with its formatting set aside: thousands separators, and en dashes (ranges are written with hyphens)."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", cell).replace("–", "-")


def test_every_chart_offers_its_data_csv_svg_and_png(example: tuple[Path, Site]) -> None:
    out, _ = example
    checked = 0
    for url, figure in live_figures(out):
        links = downloads_of(figure)
        assert sorted(links) == sorted(FORMATS), f"{url} {figure['id']}: {links}"
        stems = {href.rsplit(".", 1)[0] for href in links.values()}
        assert len(stems) == 1 and stems.pop().startswith("/charts/"), f"{url} {figure['id']}: {links}"
        for href in links.values():
            assert (out / href.lstrip("/")).is_file(), f"{url}: {href} is not written"
        checked += 1
    assert checked


def test_chart_downloads_follow_the_base_path(built_sample_sub_path: Path) -> None:
    found = list(live_figures(built_sample_sub_path))
    assert found
    for url, figure in found:
        for href in downloads_of(figure).values():
            assert href.startswith(f"{SUB_PATH}charts/"), f"{url}: {href}"
            assert (built_sample_sub_path / href.removeprefix(SUB_PATH)).is_file(), f"{url}: {href}"


def test_chart_csv_holds_its_table_with_source_and_licence(example: tuple[Path, Site]) -> None:
    out, site = example
    for url, figure in live_figures(out):
        table = table_of(figure)
        rows = list(csv.reader(io.StringIO((out / downloads_of(figure)["csv"].lstrip("/")).read_text("utf-8"))))
        assert rows[0] == [*table[0], "source", "licence"], url
        assert [[same_words(c) for c in row[:-2]] for row in rows[1:]] == [
            [same_words(c) for c in row] for row in table[1:]], url
        assert not [c for row in rows[1:] for c in row[1:-2] if re.search(r"\d,\d{3}", c)], f"{url}: numbers plain"
        assert all(row[-2] and site.config.licence_name in row[-1] for row in rows[1:]), url


def test_chart_pictures_carry_title_source_and_licence(built_sample: Path) -> None:
    _, figure = next((u, f) for u, f in live_figures(built_sample) if u == "/reports/2013-h1/")
    links = downloads_of(figure)
    svg = ET.fromstring((built_sample / links["svg"].lstrip("/")).read_bytes())
    words = " ".join(t.strip() for t in svg.itertext() if t.strip())
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == text_of(figure.figcaption)
    assert "Source: Microsoft" in words and "Licence: CC0 1.0" in words
    png = (built_sample / links["png"].lstrip("/")).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width == PNG_SCALE * int(float(svg.get("width"))) and height > width / 4


def test_every_chart_png_is_its_svg_drawn_at_twice_the_size(example: tuple[Path, Site]) -> None:
    out, _ = example
    svgs = sorted((out / "charts").rglob("*.svg"))
    assert len(svgs) == len(list((out / "charts").rglob("*.png"))) > 0
    for path in svgs:
        svg = ET.fromstring(path.read_bytes())
        png = path.with_suffix(".png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82"), path
        size = struct.unpack(">II", png[16:24])
        assert size == (PNG_SCALE * int(float(svg.get("width"))), PNG_SCALE * int(float(svg.get("height")))), path
        assert len(png) > 10_000, f"{path}: a drawn chart, not a blank"


def test_chart_data_tables_sit_in_closed_disclosures(built_sample: Path) -> None:
    figures = list(live_figures(built_sample))
    for url, figure in figures:
        details = figure.select_one("table.chart-data").find_parent("details")
        assert details is not None and not details.has_attr("open"), f"{url} {figure['id']}"
        assert text_of(details.summary) == "Data for this chart"
    printed = soup_of(built_sample, "/reports/2013-h1/print/").select("figure.chart details")
    assert printed and all(d.has_attr("open") for d in printed)


def test_long_tables_fold_under_their_caption_and_short_ones_stay_open(built_sample: Path,
                                                                      built_github: Path) -> None:
    table = soup_of(built_sample, "/reports/2013-h1/").select_one("table.rows")
    folded = table.find_parent("details")
    assert len(table.select("tbody tr")) == 64
    assert folded is not None and not folded.has_attr("open")
    assert text_of(folded.summary) == f"Table: {text_of(table.caption)}"
    printed = soup_of(built_sample, "/reports/2013-h1/print/").select_one("table.rows").find_parent("details")
    assert printed.has_attr("open")
    tables = [t for url in page_urls(built_github) if url.startswith("/reports/") and "print" not in url
              for t in soup_of(built_github, url).select("table.rows")]
    short = [t for t in tables if len(t.select("tbody tr")) <= FOLD_ROWS]
    assert short and not [t for t in short if t.find_parent("details")]


def visible_axis_labels(svg: Tag) -> Iterator[list[str]]:
    """The labels each axis of a static SVG shows (Vega hides crowded ones with opacity 0)."""
    for axis in svg.select("g.role-axis"):
        group = axis.select_one("g.role-axis-label")
        if group is not None:
            yield [t.get_text() for t in group.find_all("text") if t.get("opacity") != "0"]


def test_no_axis_repeats_a_label(example: tuple[Path, Site]) -> None:
    out, _ = example
    repeated = []
    for url, figure in live_figures(out):
        for svg in figure.select("svg.chart-static"):
            repeated += [f"{url} {figure['id']} {svg['class'][-1]}: {labels}"
                         for labels in visible_axis_labels(svg) if len(labels) != len(set(labels))]
    assert repeated == [], "\n".join(repeated)


def _spec(soup: BeautifulSoup | Tag) -> dict:
    return json.loads(soup.select_one('script[type="application/json"][id$="-spec"]').string)


def test_trend_draws_each_period_across_its_months_at_its_monthly_rate(example: tuple[Path, Site]) -> None:
    out, site = example
    home = soup_of(out, "/")
    spec, caption = _spec(home), text_of(home.select_one("figure.chart figcaption"))
    assert "per month" in caption and "divided by its months" in caption
    for layer in spec["layer"]:
        encoding = layer["encoding"]
        assert (encoding["x"]["field"], encoding["x"]["type"], encoding["x2"]["field"]) == ("start", "temporal", "end")
        assert encoding["y"]["field"] == "rate"
    reports = {r.title: r for r, _ in site.series(site.main_series)}
    primary = site.measures.primary
    for value in spec["data"]["values"]:
        report = reports[value["label"]]
        assert (date.fromisoformat(value["start"]), value["months"]) == (report.start, report.months)
        assert (date.fromisoformat(value["end"]) - report.end).days == 1
        total = report.section(site.main_series).total(primary)
        rate = total.value / report.months if total.is_number else None
        assert value["total"] == total.value and value["rate"] == pytest.approx(rate)


def rect_boxes(svg: Tag) -> list[tuple[float, float]]:
    """(width, height) of each bar of the areas layer of a static SVG."""
    boxes = []
    for path in svg.select("g.mark-rect.role-mark path"):
        numbers = re.match(r"M[-\d.]+,[-\d.]+h([-\d.]+)v([-\d.]+)", path["d"])
        boxes.append((float(numbers[1]), float(numbers[2])))
    return boxes


def test_trend_svg_widths_follow_the_days_and_heights_the_rates(built_sample: Path) -> None:
    home = soup_of(built_sample, "/")
    values = sorted(_spec(home)["data"]["values"], key=lambda v: (-v["months"], v["start"]))
    boxes = rect_boxes(home.select_one("svg.chart-static-wide"))
    assert len(boxes) == len(values) == 2
    days = [(date.fromisoformat(v["end"]) - date.fromisoformat(v["start"])).days for v in values]
    assert boxes[0][0] / boxes[1][0] == pytest.approx(days[0] / days[1], rel=0.01)
    assert boxes[0][1] / boxes[1][1] == pytest.approx(values[0]["rate"] / values[1]["rate"], rel=0.01)


def test_history_across_periods_of_different_lengths_is_drawn_per_month(built_github: Path) -> None:
    figure = soup_of(built_github, "/countries/de/").select_one("figure.chart")
    spec = _spec(figure)
    assert "per month" in text_of(figure.figcaption)
    assert {v["months"] for v in spec["data"]["values"]} == {6, 12}
    for layer in spec["layer"]:
        assert (layer["encoding"]["x2"]["field"], layer["encoding"]["y"]["field"]) == ("end", "rate")
    for value in spec["data"]["values"]:
        assert value["rate"] == pytest.approx(value["total"] / value["months"])


def test_history_of_periods_of_one_length_labels_each_period_briefly(built_sample: Path) -> None:
    figure = soup_of(built_sample, "/countries/tr/").select_one("figure.chart")
    assert "6-month period" in text_of(figure.figcaption)
    labels = [label for axis in visible_axis_labels(figure.select_one("svg.chart-static-narrow")) for label in axis]
    assert "Jan–Jun 2013" in labels
