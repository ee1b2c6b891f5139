"""Raw HTML in Markdown: only a few harmless inline tags, each closed in its paragraph; anything else is an error.

Python-Markdown passes a raw HTML block (a `<div>`, `<style>`, `<script>`, an HTML comment...) through untouched
until it is closed, so one left open would swallow the rest of the page before the sanitiser removed it. Refusing
it, with its line, means no content ever disappears silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..problems import Location, Problems
from .text_check import check_markdown_text

INLINE_TAGS = ("abbr", "br", "code", "del", "em", "strong", "sub", "sup")
_VOID = {"br"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
HINT = ("write Markdown instead: # for a heading, - for a list, | for a table, [text](address) for a link; only "
        + ", ".join(f"<{t}>" for t in INLINE_TAGS) + " may be written as HTML")


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line outside fenced code, with inline code spans blanked out."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0]
        elif fence is not None and opened and opened.group(1)[0] == fence:
            fence = None
        elif fence is None:
            yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def check_markdown_html(path: Path, text: str, problems: Problems) -> None:
    """An error for each raw HTML tag that is not allowed, each allowed tag left open, and each open comment."""
    open_tags: list[tuple[str, Location]] = []
    for number, line in _prose_lines(text):
        if not line.strip():
            _report_open(open_tags, problems)
            open_tags = []
        for match in _TAG.finditer(line):
            closing, tag = match.group(1) == "/", match.group(2).lower()
            where = Location(path, number, match.start() + 1)
            if tag not in INLINE_TAGS:
                if not closing:
                    problems.error(where, f"raw HTML <{tag}> is not allowed in Markdown", HINT)
            elif closing:
                open_tags = _close(open_tags, tag)
            elif tag not in _VOID:
                open_tags.append((tag, where))
    _report_open(open_tags, problems)
    _check_comments(path, text, problems)


def _check_comments(path: Path, text: str, problems: Problems) -> None:
    """An error at an HTML comment that is never closed: everything after it would vanish."""
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            line = text.count("\n", 0, start) + 1
            col = start - (text.rfind("\n", 0, start) + 1) + 1
            problems.error(Location(path, line, col), "an HTML comment opened here is not closed",
                           "end it with --> or delete it: everything after it would vanish from the page")
            return
        start = text.find("<!--", end + 3)


def _close(open_tags: list[tuple[str, Location]], tag: str) -> list[tuple[str, Location]]:
    """The tags still open once the innermost open `tag` is closed (a stray closing tag changes nothing)."""
    for i in range(len(open_tags) - 1, -1, -1):
        if open_tags[i][0] == tag:
            return open_tags[:i]
    return open_tags


def _report_open(open_tags: list[tuple[str, Location]], problems: Problems) -> None:
    for tag, where in open_tags:
        problems.error(where, f"<{tag}> is not closed in this paragraph", f"close it with </{tag}> before the "
                       "paragraph ends, or write it in Markdown")


def check_markdown(path: Path, text: str, problems: Problems) -> None:
    """The text of one Markdown file: characters, and the HTML it may hold."""
    check_markdown_text(path, text, problems)
    check_markdown_html(path, text, problems)
