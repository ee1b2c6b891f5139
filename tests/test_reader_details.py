"""Small things readers notice (issue 9 point 5): true minus signs, joint ranks, periods a jurisdiction is absent
from, links between reports, and site facts named in Markdown.

The small site below is SYNTHETIC: every figure is invented for these tests and published by no one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from built_pages import soup_of, text_of
from conftest import REPO, SUB_PATH, build_files, synthetic_settings

MINUS = "\u2212"

FILES = {
    "site.yaml": synthetic_settings("SYNTHETIC reader details"),
    "data/measures.yaml": """\
format: 2
measures:
  - id: requests
    label: Requests
    unit: requests
    definition: SYNTHETIC definition of a request.
primary: requests
headline: [requests]
""",
    "data/reports/2024-h2.yaml": """\
format: 2
id: 2024-h2
title: SYNTHETIC July–December 2024
start: 2024-07-01
end: 2024-12-31
source: https://synthetic.example.org/2024-h2
sections:
  - id: world
    title: Every jurisdiction
    table: 2024-h2-world.csv
""",
    "data/reports/2024-h2-world.csv": "country,requests\nUnited States,20\nGermany,4\n",
    "data/reports/2025-h1.yaml": """\
format: 2
id: 2025-h1
title: SYNTHETIC January–June 2025
start: 2025-01-01
end: 2025-06-30
source: https://synthetic.example.org/2025-h1
sections:
  - id: world
    title: Every jurisdiction
    table: 2025-h1-world.csv
""",
    "data/reports/2025-h1-world.csv": "country,requests\nUnited States,10\nGermany,5\nFrance,5\nNetherlands,1\n",
    "content/about.md": """\
# About

The latest report is [latest: link], from [latest: start] to [latest: end]; the first was [first: title].
This site holds [site: reports] reports on [site: jurisdictions] jurisdictions.

Written as code, `[latest: nope]` stays as typed, and so do \\[latest: title] and \\[lastest: title].

```text
[first: nope]
```
""",
    "content/newest.md": "# What [latest: title] says\n\nText.\n",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SYNTHETIC site built with --strict: two half-years, a tie, jurisdictions absent from the first."""
    return build_files(tmp_path_factory.mktemp("details") / "site", FILES)


def history_ranks(out: Path, code: str) -> list[str]:
    return [text_of(tr.select("td")[0]) for tr in soup_of(out, f"/countries/{code}/").select("table.history tbody tr")]


def test_a_fall_is_written_with_a_true_minus_sign_on_pages(small: Path) -> None:
    section = soup_of(small, "/reports/2025-h1/").select_one("#comparison")
    rows = {text_of(tr.th): [text_of(td) for td in tr.select("td")] for tr in section.select("tbody tr")}
    assert rows["Requests"] == ["21", "24", f"{MINUS}3 ({MINUS}12.5%)"]


def test_downloads_keep_ascii_figures(small: Path) -> None:
    files = [p for p in (small / "data").rglob("*") if p.suffix in (".csv", ".json")]
    assert files
    for path in files:
        assert MINUS not in path.read_text(encoding="utf-8"), path


def test_tied_jurisdictions_share_a_joint_rank(small: Path) -> None:
    assert history_ranks(small, "de") == ["joint 2nd of 4", "2nd of 2"]
    assert history_ranks(small, "fr") == ["joint 2nd of 4"]
    assert history_ranks(small, "nl") == ["4th of 4"]
    assert history_ranks(small, "us") == ["1st of 4", "1st of 2"]


def test_countries_index_explains_its_dash(small: Path) -> None:
    section = soup_of(small, "/countries/").select_one("main section")
    assert "A dash (—) means the jurisdiction is not listed in that period's table" in text_of(section)
    table = next(t for t in section.select("table") if "by jurisdiction and period" in text_of(t.caption))
    france = next(tr for tr in table.select("tbody tr") if text_of(tr.th) == "France")
    cells = france.select("td")
    assert [text_of(c) for c in cells[:2]] == ["FR", "5"]
    assert cells[2]["class"] == ["num", "absent"]
    assert cells[2].select_one("[aria-hidden=true]").get_text() == "—"
    assert text_of(cells[2].select_one(".visually-hidden")) == "not listed in this period's table"


def test_countries_index_without_absence_has_no_dash_note(built_sample: Path) -> None:
    """The sample's one table with rows lists every jurisdiction; 2012 published only totals, which it says."""
    main = soup_of(built_sample, "/countries/").select_one("main")
    assert "A dash" not in text_of(main) and not main.select("td.absent")
    note = next(p for p in main.select("section p") if "only the table's totals" in text_of(p))
    assert note.a["href"] == "/reports/2012/"


def test_country_page_states_the_periods_it_is_absent_from(small: Path) -> None:
    absent = soup_of(small, "/countries/fr/").select("p.absent-periods")
    assert [text_of(p) for p in absent] == [
        "France is not listed in this table in SYNTHETIC July–December 2024: that report gives no figure for it."]
    assert absent[0].a["href"] == "/reports/2024-h2/"
    assert not soup_of(small, "/countries/us/").select("p.absent-periods")


def report_nav(out: Path, url: str) -> list[tuple[str, str, str]]:
    """(words, address, rel) of each link between reports at the foot of a report page."""
    nav = soup_of(out, url).select_one("nav.report-nav")
    return [(text_of(li), li.a["href"], " ".join(li.a.get("rel", []))) for li in nav.select("li")] if nav else []


def test_reports_link_to_the_reports_before_and_after(small: Path) -> None:
    assert report_nav(small, "/reports/2024-h2/") == [
        ("Next report: SYNTHETIC January–June 2025 (6 months)", "/reports/2025-h1/", "next")]
    assert report_nav(small, "/reports/2025-h1/") == [
        ("Previous report: SYNTHETIC July–December 2024 (6 months)", "/reports/2024-h2/", "prev")]
    assert report_nav(small, "/reports/2025-h1/print/") == []


def test_a_report_links_the_nearest_report_of_its_own_length_too(built_github: Path) -> None:
    """GitHub's July–December 2024 follows the 2024 year; the half-year before it is linked as well, without rel."""
    assert report_nav(built_github, "/reports/2024-h2/") == [
        ("Previous report: January–December 2024 (12 months)", "/reports/2024/", "prev"),
        ("Previous report of 6 months: January–June 2024", "/reports/2024-h1/", ""),
        ("Next report: January–June 2025 (6 months)", "/reports/2025-h1/", "next")]


def about_text(out: Path) -> BeautifulSoup:
    return soup_of(out, "/about/").select_one("main")


def test_markdown_names_site_facts_worked_out_from_the_data(small: Path) -> None:
    main = about_text(small)
    assert ("The latest report is SYNTHETIC January–June 2025, from 1 January 2025 to 30 June 2025; the first was "
            "SYNTHETIC July–December 2024. This site holds 2 reports on 4 jurisdictions.") in text_of(main)
    assert main.find("a", string="SYNTHETIC January–June 2025")["href"] == "/reports/2025-h1/"
    newest = soup_of(small, "/newest/")
    assert text_of(newest.h1) == "What SYNTHETIC January–June 2025 says"
    assert newest.title.string.startswith("What SYNTHETIC January–June 2025 says")


def test_facts_in_code_or_escaped_are_left_as_written(small: Path) -> None:
    main = about_text(small)
    assert [c.get_text() for c in main.select("p code")] == ["[latest: nope]"]
    assert main.select_one("pre code").get_text() == "[first: nope]\n"
    assert "and so do [latest: title] and [lastest: title]." in text_of(main)


def test_sample_about_page_names_its_reports_by_fact(built_sample: Path, built_sample_sub_path: Path) -> None:
    source = (REPO / "content" / "about.md").read_text(encoding="utf-8")
    assert "[latest: link]" in source and "[first: title]" in source
    words_shown = text_of(about_text(built_sample))
    assert "2 reporting periods, from January–December 2012 to the latest, January–June 2013" in words_shown
    assert "[" not in words_shown
    link = about_text(built_sample_sub_path).find("a", string="January–June 2013")
    assert link["href"] == f"{SUB_PATH}reports/2013-h1/"
