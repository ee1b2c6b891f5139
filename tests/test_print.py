"""Print: each report's whole-report view has every section, chart, table and note, and prints cleanly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from built_pages import in_chromium, meta, soup_of, text_of
from conftest import REPO, charts_of, model_of
from playwright.sync_api import Browser

from site_builder.model.objects import Report

A4_TEXT_WIDTH_PX = 680  # 210 mm less 15 mm margins each side, at 96 px to the inch


SAMPLE = model_of(REPO)
REPORTS = list(SAMPLE.published_reports)


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.id)
def test_report_page_links_to_its_print_view(built_sample: Path, report: Report) -> None:
    soup = soup_of(built_sample, f"/reports/{report.id}/")
    assert soup.select_one(f'a[href="/reports/{report.id}/print/"]') is not None


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.id)
def test_print_view_has_every_section_table_and_note(built_sample: Path, report: Report) -> None:
    soup = soup_of(built_sample, f"/reports/{report.id}/print/")
    main = soup.select_one("main")
    assert text_of(main.h1) == report.title
    for section in report.sections:
        block = main.select_one(f"#section-{section.id}")
        assert block is not None and text_of(block.h2).startswith(section.title), section.id
        if section.rows:
            names = [text_of(tr.th) for tr in block.select("table.rows tbody tr")]
            assert len(names) == len(section.rows), section.id
            assert {row.name for row in section.rows} <= {name.rstrip("0123456789") for name in names}
    notes = [text_of(li) for li in main.select("#notes li")]
    assert notes == [" ".join(note.text.split()) for note in report.notes]
    for statement in report.statements:
        assert " ".join(statement.quote.split()) in text_of(main), statement.id
    assert main.select_one("#cite .citation") is not None


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.id)
def test_print_view_charts_are_static_svg(built_sample: Path, report: Report) -> None:
    soup = soup_of(built_sample, f"/reports/{report.id}/print/")
    for chart in charts_of(SAMPLE, report.id).values():
        box = soup.select_one(f"#{chart.dom_id} .chart-box")
        assert box is not None and box.svg is not None, chart.id
    assert not soup.select(".chart-box[data-spec]")
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert not [src for src in scripts if "vega" in src or "charts" in src]


def test_print_view_is_neither_indexed_nor_listed(built_sample: Path) -> None:
    soup = soup_of(built_sample, "/reports/2013-h1/print/")
    assert meta(soup, "robots") == "noindex"
    assert soup.select_one("[data-pagefind-body]") is None
    assert "/print/" not in (built_sample / "sitemap.xml").read_text(encoding="utf-8")


HIDDEN_IN_PRINT = (".site-header", "nav", ".toc", ".site-footer", "#search-fallback", ".print-note")
SHOWN_IN_PRINT = ("main h1", "#notes", "#cite")


@dataclass(frozen=True)
class PrintedView:
    """The print view as Chromium prints it: what shows, whether it is wider than the paper, the PDF."""

    visible: dict[str, bool]
    overflow_px: int
    pdf: bytes


@pytest.fixture(scope="module")
def printed(built_sample: Path) -> PrintedView:
    return in_chromium(lambda browser: print_view(browser, built_sample))


def print_view(browser: Browser, out: Path) -> PrintedView:
    """The 2013-H1 print view opened from disk at A4 text width, under the print stylesheet."""
    page = browser.new_page(viewport={"width": A4_TEXT_WIDTH_PX, "height": 960})
    page.route("**/*", lambda route: route.fulfill(path=_local_file(out, route.request.url)))
    page.goto("http://site.test/reports/2013-h1/print/")
    page.emulate_media(media="print")
    visible = {selector: page.locator(selector).first.is_visible() for selector in HIDDEN_IN_PRINT + SHOWN_IN_PRINT}
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
    return PrintedView(visible, overflow, pdf)


def _local_file(out: Path, url: str) -> Path:
    path = url.split("site.test", 1)[-1].split("?", 1)[0]
    file = out / path.lstrip("/")
    return file / "index.html" if file.is_dir() else file


def test_print_media_hides_navigation_and_search(printed: PrintedView) -> None:
    assert [s for s in HIDDEN_IN_PRINT if printed.visible[s]] == []
    assert [s for s in SHOWN_IN_PRINT if not printed.visible[s]] == []


def test_print_media_fits_the_page_width(printed: PrintedView) -> None:
    assert printed.overflow_px <= 0


def test_prints_to_pdf(printed: PrintedView) -> None:
    assert printed.pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", printed.pdf)) >= 2, "the whole report, over several pages"
