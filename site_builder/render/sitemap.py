"""sitemap.xml of every listed page, and robots.txt pointing to it; all addresses absolute."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model.objects import Site, SiteConfig
from ..plan.plan import PlannedPage
from .feeds import last_changed, xml_bytes
from .urls import absolute_url

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_URL = "/sitemap.xml"


def sitemap_xml(site: Site, pages: tuple[PlannedPage, ...]) -> bytes:
    """One <url> per listed page, in plan order; report pages carry the date they last changed."""
    reports = {r.id: r for r in site.published_reports}
    urlset = ET.Element("urlset", {"xmlns": SITEMAP})
    for page in pages:
        if page.listed:
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = absolute_url(site.config, page.url)
            if page.kind.about_report:
                ET.SubElement(url, "lastmod").text = last_changed(reports[page.subject]).isoformat()
    return xml_bytes(urlset)


def robots_txt(config: SiteConfig) -> bytes:
    """Every page may be crawled and the sitemap says which there are; a preview asks not to be crawled at all."""
    if config.is_preview:
        return b"User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url(config, SITEMAP_URL)}\n".encode()
