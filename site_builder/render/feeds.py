"""The Atom feed of reports: one entry per published report, dated by the report, never by the build."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from ..model.objects import Report, Site, SiteConfig
from .urls import absolute_url

ATOM = "http://www.w3.org/2005/Atom"
FEED_URL = "/feed.xml"
# An empty feed still needs a date; a fixed one keeps builds identical.
NO_ENTRIES_DATE = date(1970, 1, 1)


@dataclass(frozen=True)
class FeedEntry:
    """One announcement. Its `id` never changes once published: a later revision of a report is a new
    entry with its own id (such as the report URL plus `#revised-2014-02-01`) dated by the revision."""

    id: str
    title: str
    updated: date
    url: str
    summary: str


def updated_on(report: Report) -> date:
    """When a report last changed: its publication date, else the end of its period."""
    return report.published or report.end


def last_changed(report: Report) -> date:
    """When a report's page last changed: its latest revision, else when it was first published."""
    return report.revised or updated_on(report)


def report_entry(config: SiteConfig, report: Report) -> FeedEntry:
    """The entry announcing a report."""
    url = absolute_url(config, f"/reports/{report.id}/")
    summary = report.summary or f"{config.title}: figures for {report.title}."
    return FeedEntry(url, report.title, updated_on(report), url, summary)


def revision_entries(config: SiteConfig, report: Report) -> list[FeedEntry]:
    """One entry per correction of a report, pointing at the same page's list of revisions."""
    url = absolute_url(config, f"/reports/{report.id}/")
    return [FeedEntry(f"{url}#revised-{r.date.isoformat()}", f"Revised: {report.title}", r.date, f"{url}#revisions",
                      f"{r.what} Why: {r.why}") for r in report.revisions]


def feed_entries(site: Site) -> list[FeedEntry]:
    """Every entry of the feed, newest first (ties in id order, so the order never depends on the build)."""
    entries = [report_entry(site.config, r) for r in site.published_reports]
    entries += [e for r in site.published_reports for e in revision_entries(site.config, r)]
    return sorted(entries, key=lambda e: (-e.updated.toordinal(), e.id))


def atom_feed(config: SiteConfig, entries: list[FeedEntry]) -> bytes:
    """The feed document; its `updated` is that of the newest entry."""
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    _text(feed, "title", config.title)
    _text(feed, "subtitle", config.description)
    _text(feed, "id", absolute_url(config, "/"))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": absolute_url(config, FEED_URL)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": absolute_url(config, "/")})
    _text(feed, "updated", _timestamp(max((e.updated for e in entries), default=NO_ENTRIES_DATE)))
    _text(ET.SubElement(feed, "author"), "name", config.organisation)
    _text(feed, "rights", f"Data licence: {config.licence_name} ({config.licence_url})")
    for entry in entries:
        _entry(feed, entry)
    return xml_bytes(feed)


def xml_bytes(root: ET.Element) -> bytes:
    """An indented XML document in UTF-8, with its declaration."""
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _entry(feed: ET.Element, entry: FeedEntry) -> None:
    element = ET.SubElement(feed, "entry")
    _text(element, "id", entry.id)
    _text(element, "title", entry.title)
    _text(element, "updated", _timestamp(entry.updated))
    ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": entry.url})
    _text(element, "summary", entry.summary)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = text


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
