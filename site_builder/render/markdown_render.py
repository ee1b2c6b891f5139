"""Markdown commentary to sanitised HTML, with charts and statements placed by one-line references and site facts
named in the text.

An editor writes `[chart: all-services/outcomes]` or `[statement: informed-debate]` alone on a line, and
`[latest: link]` within a sentence.
"""

from __future__ import annotations

import hashlib
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

from ..load.packed_text import PackedText
from ..plan.facts import FACT
from ..plan.references import REFERENCE
from ..problems import Location, Problems
from .cache import NO_CACHE, Cache
from .site_facts import Fact
from .workers import Workers

_PLACEHOLDER = "MDBLOCK{}END"
# Files converted at a time: enough to keep every worker busy, few enough that a large site's texts are not all
# held twice over (prepared, then converted) at once.
BATCH_FILES = 500
# What converts: the libraries' versions and this module's own code; a change to any is a new converter.
_CONVERTER = hashlib.sha256(f"{markdown.__version__} {nh3.__version__} ".encode()
                            + Path(__file__).read_bytes()).hexdigest()[:12]
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
    """A Markdown file as a title and a body of safe HTML (held compressed, as its text is), and the names of what it
    places."""

    title: str
    body: PackedText
    placed: frozenset[str]

    @property
    def html(self) -> str:
        return self.body.text


def heading_id(text: str, separator: str) -> str:
    """A heading's id, prefixed so that it never takes an id the page's own template uses (main, search, notes)."""
    return f"{HEADING_PREFIX}{slugify(text, separator)}"


class _FactPattern(InlineProcessor):
    """`[latest: title]` → the fact's words, `[latest: link]` → a link; a fact it does not know is left as written
    (the plan stage has reported it). Code and a `\\[` are left alone by Markdown itself."""

    def __init__(self, owner: _Facts) -> None:
        super().__init__(FACT.pattern)
        self.owner = owner

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str | None, int | None, int | None]:
        fact = self.owner.facts.get((m.group(1), m.group(2)))
        if fact is None:
            return None, None, None
        words = AtomicString(fact.text.replace("&", "&amp;"))  # the serialiser leaves what looks like an entity
        if not fact.url:
            return words, m.start(0), m.end(0)
        link = etree.Element("a", {"href": fact.url})
        link.text = words
        return link, m.start(0), m.end(0)


class _Facts(Extension):
    """The facts of the file being converted, set before each conversion."""

    def __init__(self) -> None:
        super().__init__()
        self.facts: Mapping[tuple[str, str], Fact] = {}

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.inlinePatterns.register(_FactPattern(self), "site-fact", 175)  # after escapes, before links


def _title_facts(title: str, facts: Mapping[tuple[str, str], Fact]) -> str:
    """A page's title with the facts it names as plain words (the template escapes them)."""
    return FACT.sub(lambda m: facts[m.group(1), m.group(2)].text if (m.group(1), m.group(2)) in facts
                    else m.group(0), title)


@dataclass(frozen=True)
class MarkdownFile:
    """A Markdown file to render: its text (unpacked a batch at a time) and the trusted blocks its references may
    place."""

    path: Path
    packed: PackedText
    blocks: Mapping[tuple[str, str], str]

    @property
    def text(self) -> str:
        return self.packed.text


Facts = Mapping[tuple[str, str], Fact]
# What a worker converts: a body, and the facts it names (none when it names none, so that its conversion
# is cached apart from the facts).
Conversion = tuple[str, tuple[tuple[tuple[str, str], Fact], ...]]


def render_markdown(path: Path, text: str, blocks: Mapping[tuple[str, str], str], problems: Problems,
                    base_path: str = "/", facts: Facts | None = None) -> RenderedMarkdown:
    """Title from front matter or the first `# ` heading, body sanitised, links to the site's own pages
    (`/data/`) set below `base_path`, references replaced by trusted blocks, site facts by their words."""
    file = MarkdownFile(path, PackedText.of(text), blocks)
    return render_markdown_files([file], problems, base_path, facts or {}, Workers(0), NO_CACHE)[path]


def render_markdown_files(files: list[MarkdownFile], problems: Problems, base_path: str, facts: Facts,
                          workers: Workers, cache: Cache) -> dict[Path, RenderedMarkdown]:
    """Each file rendered as `render_markdown` does; conversions done before are taken from the cache, the others
    spread over the workers, BATCH_FILES at a time (so that only one batch's texts are held twice over)."""
    named = tuple(sorted(facts.items()))
    rendered: dict[Path, RenderedMarkdown] = {}
    for start in range(0, len(files), BATCH_FILES):
        rendered |= _render_batch(files[start:start + BATCH_FILES], problems, base_path, facts, named, workers, cache)
    return rendered


def _render_batch(files: list[MarkdownFile], problems: Problems, base_path: str, facts: Facts,
                  named: tuple[tuple[tuple[str, str], Fact], ...], workers: Workers, cache: Cache
                  ) -> dict[Path, RenderedMarkdown]:
    prepared = [_prepare(f, facts) for f in files]
    converted = _converted([(body, named if FACT.search(body) else ()) for _, body, _, _ in prepared], workers, cache)
    rendered = {}
    for file, (title, _, placed, names), safe in zip(files, prepared, converted, strict=True):
        if safe is None:
            problems.error(Location(file.path), "this page nests lists, quotes or emphasis too deeply to be read",
                           "look for a line with a long run of '-', '>' or '*' and write it as plain text "
                           "(a '\\' before each character makes it plain)")
            rendered[file.path] = RenderedMarkdown(title, PackedText.of(""), frozenset())
            continue
        if base_path != "/":  # the sanitiser quotes every attribute with double quotes
            safe = _SITE_LINK.sub(lambda m: f'{m.group(1)}="{base_path}', safe)
        for key, html in placed.items():
            safe = safe.replace(f"<p>{key}</p>", html)
        rendered[file.path] = RenderedMarkdown(title, PackedText.of(safe), names)
    return rendered


def _prepare(file: MarkdownFile, facts: Facts) -> tuple[str, str, dict[str, str], frozenset[str]]:
    """The title (its facts as words), the body with each placed reference turned into a placeholder paragraph,
    and the names of every reference the file makes."""
    text = file.text
    names = frozenset(m.group(2) for m in map(REFERENCE.match, text.splitlines()) if m)
    title, body = _split_title(text)
    title = _title_facts(title, facts)
    placed: dict[str, str] = {}
    lines = []
    for line in body.splitlines():
        match = REFERENCE.match(line.strip())
        if match and (match.group(1), match.group(2)) in file.blocks:
            key = _PLACEHOLDER.format(len(placed))
            placed[key] = file.blocks[(match.group(1), match.group(2))]
            lines += ["", key, ""]
        else:
            lines.append(line)
    return title, "\n".join(lines), placed, names


def _converted(jobs: list[Conversion], workers: Workers, cache: Cache) -> list[str | None]:
    """`safe_html` of each job, from the cache where this converter has converted the same text and facts."""
    names = [f"markdown/{_CONVERTER}-{hashlib.sha256(repr(job).encode()).hexdigest()[:24]}.html" for job in jobs]
    return workers.cached_map(safe_html, jobs, names, cache)


_converter: markdown.Markdown | None = None
_facts = _Facts()


def safe_html(job: Conversion) -> str | None:
    """Markdown (with the facts it names) → sanitised HTML; None when it nests too deeply for the Markdown
    library. One converter per process, reset between files (making one costs more than converting a page)."""
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(output_format="html", extensions=[
            "tables", "sane_lists", TocExtension(slugify=heading_id), "def_list", "fenced_code", _facts])
    text, _facts.facts = job[0], dict(job[1])
    try:
        raw_html = _converter.reset().convert(text)
    except RecursionError:
        _converter = None  # a conversion cut short may leave the converter's state half made
        return None
    return nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FRONT_TITLE = re.compile(r"^title:[ \t]*(.*?)[ \t]*$", re.M)


def _unquoted(value: str) -> str:
    """A front matter value without the quotes around it, if any."""
    return value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'" else value


def raw_title(text: str) -> str:
    """A page's title as written, before its site facts are put in words."""
    return _split_title(text)[0]


def _split_title(text: str) -> tuple[str, str]:
    """The page's title and the rest: the title of front matter (`---`, `title: …`, `---`, as other site
    generators write it; its other fields are not used), else the first line when it is a `# ` heading."""
    if front := _FRONT_MATTER.match(text):
        found = _FRONT_TITLE.search(front.group(1))
        title = _unquoted(found.group(1)) if found else ""
        body = text[front.end():]
        return (title, body) if title else _split_title(body)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return line[2:].strip(), "\n".join(lines[:i] + lines[i + 1:])
        if line.strip():
            break
    return "", text


