"""Share and cite: Open Graph and Twitter metadata, the PNG preview cards, JSON-LD Datasets and citations."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
import yaml
from built_pages import BASE_URL, meta, page_urls, soup_of, text_of
from conftest import REPO, charts_of, model_of

from site_builder.model.objects import Site
from site_builder.render.social import report_card
from site_builder.render.vl_draw import png_of_spec

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LICENCE_URL = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))["data_licence"]["url"]


@pytest.fixture(scope="module")
def sample_site() -> Site:
    return model_of(REPO)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), path
    return struct.unpack(">II", data[16:24])


def image_file(out: Path, url: str) -> Path:
    assert url.startswith(BASE_URL + "/"), url
    return out / url.removeprefix(BASE_URL + "/")


def datasets(out: Path, url: str) -> list[dict]:
    scripts = soup_of(out, url).select('script[type="application/ld+json"]')
    assert all("<" not in s.string for s in scripts), "JSON-LD must not be able to close its script element"
    return [json.loads(s.string) for s in scripts]


def test_report_page_has_open_graph_and_a_large_twitter_card(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    assert meta(soup, "og:title") == soup.title.string
    assert meta(soup, "og:description") == meta(soup, "description")
    assert meta(soup, "og:url") == soup.find("link", rel="canonical")["href"] == f"{BASE_URL}/reports/2013-h1/"
    assert meta(soup, "og:image") == f"{BASE_URL}/reports/2013-h1/social.png"
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert "Content disclosed 817" in meta(soup, "og:image:alt")


def test_report_preview_is_a_card_sized_png(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/")
    size = png_size(image_file(built_sample, meta(soup, "og:image")))
    assert size == (int(meta(soup, "og:image:width")), int(meta(soup, "og:image:height"))) == (1200, 630)
    assert (built_sample / "reports/2013-h1/social.png").stat().st_size > 20_000, "a drawn chart, not a blank"


def test_every_page_shares_an_existing_png(built_sample: Path) -> None:
    for url in page_urls(built_sample):
        image = meta(soup_of(built_sample, url), "og:image")
        assert image, url
        assert png_size(image_file(built_sample, image)) == (1200, 630), url


def test_report_card_is_drawn_from_its_headline_chart(sample_site: Site) -> None:
    report = next(r for r in sample_site.published_reports if r.id == "2013-h1")
    charts = charts_of(sample_site, report.id)
    card = report_card(sample_site.config, report, charts, "/reports/2013-h1/social.png")
    assert card.spec["data"] == charts["2013-h1/all-services/outcomes"].spec["data"]
    assert card.spec["title"]["text"] == "January\u2013June 2013"


def test_report_without_a_chart_shows_the_trend(sample_site: Site) -> None:
    report = next(r for r in sample_site.published_reports if r.id == "2012")
    trend = charts_of(sample_site).get("trend")
    assert trend is not None and not charts_of(sample_site, report.id)
    card = report_card(sample_site.config, report, {"trend": trend}, "/reports/2012/social.png")
    assert card.spec["data"] == trend.spec["data"]


def test_card_png_is_the_same_every_time(sample_site: Site) -> None:
    report = sample_site.published_reports[0]
    card = report_card(sample_site.config, report, charts_of(sample_site, report.id), "/social.png")
    assert png_of_spec(card.spec) == png_of_spec(card.spec)


def test_report_page_describes_each_section_as_a_dataset(built_sample: Path) -> None:
    found = datasets(built_sample, "/reports/2013-h1/")
    title = "Microsoft Law Enforcement Requests Report"
    assert [d["name"] for d in found] == [f"{title}: All services, January\u2013June 2013",
                                          f"{title}: Skype, January\u2013June 2013"]
    for dataset in found:
        assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
        assert dataset["license"] == LICENCE_URL
        assert dataset["temporalCoverage"] == "2013-01-01/2013-06-30"
        assert dataset["creator"]["name"] == "Microsoft"
        assert len(dataset["description"]) >= 50
        formats = {d["encodingFormat"] for d in dataset["distribution"]}
        assert formats == {"text/csv", "application/json"}
        for download in dataset["distribution"]:
            assert image_file(built_sample, download["contentUrl"]).is_file()


def test_data_page_describes_every_dataset(built_sample: Path) -> None:
    found = datasets(built_sample, "/data/")
    urls = {d["contentUrl"] for dataset in found for d in dataset["distribution"]}
    assert len(found) == 3
    assert f"{BASE_URL}/data/2012/all-services.csv" in urls
    assert not datasets(built_sample, "/countries/")


def test_report_page_says_how_to_cite_it(built_sample: Path) -> None:
    cite = text_of(soup_of(built_sample, "/reports/2013-h1/").select_one("#cite .citation"))
    assert cite == ("Microsoft. Microsoft Law Enforcement Requests Report: January\u2013June 2013 [report]. "
                    "Period covered: 1 January 2013 to 30 June 2013. Published 27 September 2013. "
                    f"{BASE_URL}/reports/2013-h1/. Retrieved [date].")


def test_report_without_publication_date_is_cited_without_one(built_sample: Path) -> None:
    cite = text_of(soup_of(built_sample, "/reports/2012/").select_one("#cite .citation"))
    assert "Period covered: 1 January 2012 to 31 December 2012." in cite
    assert "Published" not in cite


def test_data_page_says_how_to_cite_each_dataset(built_sample: Path) -> None:
    cites = [text_of(c) for c in soup_of(built_sample, "/data/").select(".citations .citation")]
    assert len(cites) == 3
    skype = next(c for c in cites if "Skype" in c)
    assert skype.startswith("Microsoft. Microsoft Law Enforcement Requests Report: Skype, January\u2013June 2013 "
                            "[dataset, CSV and JSON]. Period covered: 1 January 2013 to 30 June 2013.")
    assert skype.endswith(f"{BASE_URL}/data/2013-h1/skype.csv. Retrieved [date].")
