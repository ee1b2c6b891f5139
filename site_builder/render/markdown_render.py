"""Markdown commentary to sanitised HTML, with charts and statements placed by one-line references and site facts
named in the text.

An editor writes `[chart: all-services/outcomes]` or `[statement: informed-debate]` alone on a line, and
`[latest: link]` within a sentence.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from ..plan.facts import FACT
from ..plan.references import REFERENCE
from ..problems import Location, Problems
from .site_facts import Fact

_PLACEHOLDER = "MDBLOCK{}END"
HEADING_PREFIX = "h-"
_SITE_LINK = re.compile(r'\b(href|src)="/(?!/)')
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"},
                      "h2": {"id"}, "h3": {"id"}, "h4": {"id"}}


@dataclass(frozen=True)
class RenderedMarkdown:
    """A Markdown file as a title and a body of safe HTML."""

    title: str
    html: str
    placed: frozenset[str]


def heading_id(text: str, separator: str) -> str:
    """A heading's id, prefixed so that it never takes an id the page's own template uses (main, search, notes)."""
    return f"{HEADING_PREFIX}{slugify(text, separator)}"


class _FactPattern(InlineProcessor):
    """`[latest: title]` → the fact's words, `[latest: link]` → a link; a fact it does not know is left as written
    (the plan stage has reported it). Code and a `\\[` are left alone by Markdown itself."""

    def __init__(self, facts: Mapping[tuple[str, str], Fact]) -> None:
        super().__init__(FACT.pattern)
        self.facts = facts

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str | None, int | None, int | None]:
        fact = self.facts.get((m.group(1), m.group(2)))
        if fact is None:
            return None, None, None
        words = AtomicString(fact.text.replace("&", "&amp;"))  # the serialiser leaves what looks like an entity
        if not fact.url:
            return words, m.start(0), m.end(0)
        link = etree.Element("a", {"href": fact.url})
        link.text = words
        return link, m.start(0), m.end(0)


class _Facts(Extension):
    def __init__(self, facts: Mapping[tuple[str, str], Fact]) -> None:
        super().__init__()
        self.facts = facts

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_FactPattern(self.facts), "site-fact", 175)  # after escapes, before links


def _title_facts(title: str, facts: Mapping[tuple[str, str], Fact]) -> str:
    """A page's title with the facts it names as plain words (the template escapes them)."""
    return FACT.sub(lambda m: facts[m.group(1), m.group(2)].text if (m.group(1), m.group(2)) in facts
                    else m.group(0), title)


def render_markdown(path: Path, text: str, blocks: Mapping[tuple[str, str], str], problems: Problems,
                    base_path: str = "/", facts: Mapping[tuple[str, str], Fact] | None = None) -> RenderedMarkdown:
    """Title from the first `# ` heading, body sanitised, links to the site's own pages (`/data/`) set below
    `base_path`, references replaced by trusted blocks, site facts by their words."""
    facts = facts or {}
    title, body = _split_title(text)
    title = _title_facts(title, facts)
    placed: dict[str, str] = {}
    lines = []
    for line in body.splitlines():
        match = REFERENCE.match(line.strip())
        if match and (match.group(1), match.group(2)) in blocks:
            key = _PLACEHOLDER.format(len(placed))
            placed[key] = blocks[(match.group(1), match.group(2))]
            lines += ["", key, ""]
        else:
            lines.append(line)
    raw_html = _to_html(path, "\n".join(lines), problems, facts)
    if raw_html is None:
        return RenderedMarkdown(title, "", frozenset())
    safe = nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener")
    if base_path != "/":  # the sanitiser quotes every attribute with double quotes
        safe = _SITE_LINK.sub(lambda m: f'{m.group(1)}="{base_path}', safe)
    for key, html in placed.items():
        safe = safe.replace(f"<p>{key}</p>", html)
    names = frozenset(m.group(2) for m in map(REFERENCE.match, body.splitlines()) if m)
    return RenderedMarkdown(title, safe, names)


def _to_html(path: Path, text: str, problems: Problems, facts: Mapping[tuple[str, str], Fact]) -> str | None:
    """Markdown → HTML, not yet sanitised; None (reported) when it nests too deeply for the Markdown library."""
    try:
        return markdown.markdown(text, output_format="html", extensions=[
            "tables", "sane_lists", TocExtension(slugify=heading_id), "def_list", "fenced_code", _Facts(facts)])
    except RecursionError:
        problems.error(Location(path), "this page nests lists, quotes or emphasis too deeply to be read",
                       "look for a line with a long run of '-', '>' or '*' and write it as plain text "
                       "(a '\\' before each character makes it plain)")
        return None


def _split_title(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return line[2:].strip(), "\n".join(lines[:i] + lines[i + 1:])
        if line.strip():
            break
    return "", text


