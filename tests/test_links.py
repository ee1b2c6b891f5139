"""Zero broken internal links, anchors, images, scripts or stylesheets in a built site, and nothing loaded from
another origin. A pure-Python crawl of the output folder: every page, every reference."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from built_pages import once_per_version
from conftest import SUB_PATH, override_template, run_build
from netlify_rules import site_path

LOADED_RELS = {"stylesheet": "stylesheet", "icon": "icon", "preload": "preload", "modulepreload": "script",
               "manifest": "manifest"}
LOADED_TAGS = {"script": "script", "img": "image", "source": "media", "video": "media", "audio": "media",
               "track": "media", "iframe": "frame", "embed": "object", "object": "object", "input": "image"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


@dataclass
class Reference:
    """One URL a page uses: `kind` names what it is (link, image, script, stylesheet...)."""

    kind: str
    url: str
    loaded: bool


@dataclass
class PageRefs:
    """The ids a page defines and the URLs it refers to."""

    ids: set[str] = field(default_factory=set)
    refs: list[Reference] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageRefs()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.page.ids |= {values[k] for k in ("id",) if values.get(k)}
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        self.page.refs += _references(tag, values)


def _references(tag: str, values: dict[str, str]) -> list[Reference]:
    if tag == "link":
        kinds = [LOADED_RELS[r] for r in values.get("rel", "").lower().split() if r in LOADED_RELS]
        return [Reference(kinds[0] if kinds else "link", values["href"], bool(kinds))] if "href" in values else []
    kind, loaded = (LOADED_TAGS[tag], True) if tag in LOADED_TAGS else ("link", False)
    urls = [values[a] for a in ("href", "src", "poster", "data") if values.get(a)]
    urls += [item.split()[0] for item in values.get("srcset", "").split(",") if item.strip()]
    return [Reference(kind, url, loaded) for url in urls]


def site_pages(output: Path, base: str = "/") -> dict[str, PageRefs]:
    """Served path (/reports/2012/, or /transparency/reports/2012/ below a domain's root) → what that page defines
    and refers to. Each page is parsed once while its file is unchanged (two tests crawl each built example), so
    its PageRefs are shared: read them, never change them."""
    return {base.rstrip("/") + site_path(output, file): _page_refs(file) for file in sorted(output.rglob("*.html"))}


@once_per_version
def _page_refs(file: Path) -> PageRefs:
    collector = _Collector()
    collector.feed(file.read_text(encoding="utf-8"))
    return collector.page


def _target_file(output: Path, base: str, path: str) -> Path | None:
    """The file the server sends for a served path, if there is one: nothing outside the site's base path."""
    if not path.startswith(base):
        return None
    candidate = output / unquote(path.removeprefix(base))
    for file in (candidate / "index.html", candidate) if path.endswith("/") else (candidate, candidate / "index.html"):
        if file.is_file():
            return file
    return None


def _check(output: Path, base: str, pages: dict[str, PageRefs], page: str, ref: Reference) -> str | None:
    """Why `ref` on `page` is broken, or None."""
    parts = urlsplit(ref.url)
    if parts.scheme in {"mailto", "tel", "data"} or (ref.url.startswith("#") and not parts.fragment):
        return None
    if parts.scheme or parts.netloc:
        return f"{ref.kind} loaded from another origin: {ref.url}" if ref.loaded else None
    target = urlsplit(urljoin(page, ref.url))
    file = _target_file(output, base, target.path)
    if file is None:
        return f"broken {ref.kind}: {ref.url}"
    if target.fragment and file.suffix == ".html":
        defined = pages.get(target.path if target.path.endswith((".html", "/")) else target.path + "/")
        if defined is not None and unquote(target.fragment) not in defined.ids:
            return f"broken anchor: {ref.url} (no id '{unquote(target.fragment)}' on {target.path})"
    return None


def broken_references(output: Path, base: str = "/") -> list[str]:
    """`page: problem` for every broken internal reference or foreign resource in the built site, published at
    `base` (links that leave the site's base path are broken too)."""
    pages = site_pages(output, base)
    found = [f"{page}: {problem}" for page, refs in pages.items() for ref in refs.refs
             if (problem := _check(output, base, pages, page, ref))]
    for sheet in sorted(output.rglob("*.css")):
        page = base + sheet.relative_to(output).as_posix()
        for url in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if problem := _check(output, base, pages, page, Reference("stylesheet resource", url.strip(), True)):
                found.append(f"{page}: {problem}")
    return found


def test_no_broken_links_anchors_or_resources(site_output: Path, site_base: str) -> None:
    found = broken_references(site_output, site_base)
    assert not found, f"{len(found)} broken reference(s):\n" + "\n".join(found)


def test_the_crawl_sees_every_kind_of_reference(site_output: Path) -> None:
    kinds = {ref.kind for page in site_pages(site_output).values() for ref in page.refs}
    assert {"link", "stylesheet", "script"} <= kinds, f"the crawl found only {kinds}"


@pytest.mark.parametrize("name", ["sample", "github"])
def test_a_site_below_a_domains_root_differs_from_it_only_in_its_addresses(name: str,
                                                                           request: pytest.FixtureRequest) -> None:
    """Each page of an example built for /transparency/ is the page built for / with that path in its addresses.
    (So the browser gates audit what every page shows once, at the root, and below it one page of each kind.)"""
    root, below = (request.getfixturevalue(f"built_{name}{variant}") for variant in ("", "_sub_path"))
    pages = sorted(p.relative_to(root) for p in root.rglob("*.html"))
    assert pages == sorted(p.relative_to(below) for p in below.rglob("*.html"))
    moved = [page for page in pages if (below / page).read_text(encoding="utf-8").replace(SUB_PATH, "/")
             != (root / page).read_text(encoding="utf-8")]
    assert not moved, f"{len(moved)} page(s) differ in more than their addresses, such as {moved[0]}"


def test_broken_references_are_reported_by_page(sample_copy: Path) -> None:
    about = sample_copy / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[Gone](/no-such-page/) and [nowhere](/reports/#nowhere).\n",
                     encoding="utf-8")
    reports = override_template(sample_copy, "reports.html")
    reports.write_text(reports.read_text(encoding="utf-8").replace(
        '{% include "partials/report_list.html" %}', '{% include "partials/report_list.html" %}'
        '<img src="/assets/missing.png" alt="Missing"><script src="https://cdn.example.com/chart.js"></script>'),
        encoding="utf-8")
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0, run.stderr
    found = "\n".join(broken_references(sample_copy / "output"))
    for expected in ("/about/: broken link: /no-such-page/", "/about/: broken anchor: /reports/#nowhere",
                     "/reports/: broken image: /assets/missing.png",
                     "/reports/: script loaded from another origin: https://cdn.example.com/chart.js"):
        assert expected in found, f"expected {expected!r} in:\n{found}"
