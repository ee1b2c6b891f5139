"""Subscribe and discover: the Atom feed, sitemap.xml, robots.txt, canonical addresses and the 404 page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from built_pages import BASE_URL, meta, page_urls, soup_of
from conftest import run_build

from site_builder.model.objects import SiteConfig
from site_builder.render.feeds import FeedEntry, atom_feed

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
REPORTS = {"2013-h1": "2013-09-27T00:00:00Z", "2012": "2012-12-31T00:00:00Z"}


def feed(out: Path) -> ET.Element:
    return ET.parse(out / "feed.xml").getroot()


def sitemap_locs(out: Path) -> list[str]:
    return [loc.text or "" for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]


def listed_pages(out: Path) -> list[str]:
    """Pages meant to be found: all but the 404 page and those asking not to be indexed (print views)."""
    return [url for url in page_urls(out)
            if url != "/404.html" and meta(soup_of(out, url), "robots") != "noindex"]


def test_feed_is_atom_with_the_required_elements(built_sample: Path) -> None:
    root = feed(built_sample)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{tag}"), tag
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Microsoft"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{BASE_URL}/feed.xml"
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{tag}"), tag
        assert entry.find(f"{ATOM}link").get("href").startswith(f"{BASE_URL}/reports/")


def test_feed_has_one_entry_per_report_dated_by_the_report(built_sample: Path) -> None:
    entries = feed(built_sample).findall(f"{ATOM}entry")
    dated = {e.find(f"{ATOM}link").get("href"): e.findtext(f"{ATOM}updated") for e in entries}
    assert dated == {f"{BASE_URL}/reports/{rid}/": when for rid, when in REPORTS.items()}
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)
    assert feed(built_sample).findtext(f"{ATOM}updated") == max(REPORTS.values())


def test_feed_entries_are_newest_first_with_the_report_summary(built_sample: Path) -> None:
    entries = feed(built_sample).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["January\u2013June 2013", "January\u2013December 2012"]
    assert entries[0].findtext(f"{ATOM}summary").startswith("Law enforcement requests for customer data")


def test_feed_takes_further_entries_such_as_revisions(tmp_path: Path) -> None:
    config = SiteConfig("Org", "Reports", "About", "https://example.net/", "en", "CC0", "https://cc0.example/",
                        tmp_path / "site.yaml")
    report = FeedEntry("https://example.net/reports/a/", "A", date(2014, 1, 2), "https://example.net/reports/a/",
                       "First published.")
    revision = FeedEntry("https://example.net/reports/a/#revised-2014-03-04", "A (revised)", date(2014, 3, 4),
                         "https://example.net/reports/a/", "Corrected the total.")
    root = ET.fromstring(atom_feed(config, [revision, report]))
    assert [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")] == [revision.id, report.id]
    assert root.findtext(f"{ATOM}updated") == "2014-03-04T00:00:00Z"


def test_sitemap_lists_every_page_once_with_absolute_urls(built_sample: Path) -> None:
    locs = sitemap_locs(built_sample)
    assert len(locs) == len(set(locs))
    assert set(locs) == {BASE_URL + url for url in listed_pages(built_sample)}
    assert f"{BASE_URL}/countries/de/" in locs and f"{BASE_URL}/methodology/" in locs
    assert not [loc for loc in locs if loc.endswith(("/404.html", "/print/"))]


def test_sitemap_dates_report_pages(built_sample: Path) -> None:
    root = ET.parse(built_sample / "sitemap.xml").getroot()
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    assert dates[f"{BASE_URL}/reports/2013-h1/"] == "2013-09-27"
    assert dates[f"{BASE_URL}/reports/2012/"] == "2012-12-31"


def test_robots_txt_allows_crawling_and_points_to_the_sitemap(built_sample: Path) -> None:
    lines = (built_sample / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not [line for line in lines if line.startswith("Disallow: /")]
    assert f"Sitemap: {BASE_URL}/sitemap.xml" in lines


def test_every_page_names_its_canonical_address_and_the_feed(built_sample: Path) -> None:
    for url in page_urls(built_sample):
        soup = soup_of(built_sample, url)
        assert soup.find("link", rel="canonical")["href"] == BASE_URL + url, url
        assert soup.find("link", rel="alternate", type="application/atom+xml")["href"] == "/feed.xml", url


def test_404_page_helps_the_reader_on(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/404.html")
    links = {a["href"] for a in soup.select("main a")}
    assert {"/", "/reports/", "/countries/", "/data/"} <= links
    assert soup.select_one("form#search input[type=search]") is not None
    assert soup.select_one("main[data-pagefind-body]") is None


def test_addresses_follow_base_url(sample_copy: Path) -> None:
    site_yaml = sample_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "base_url: https://transparency.example.org/", "base_url: https://reports.example.net/"), encoding="utf-8")
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0, run.stderr
    out = sample_copy / "output"
    assert feed(out).find(f"{ATOM}entry/{ATOM}id").text.startswith("https://reports.example.net/reports/")
    assert all(loc.startswith("https://reports.example.net/") for loc in sitemap_locs(out))
    assert "Sitemap: https://reports.example.net/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    assert meta(soup_of(out, "/reports/2013-h1/"), "og:url") == "https://reports.example.net/reports/2013-h1/"
