"""Site facts named in Markdown: `[latest: title]`, `[latest: link]`, `[site: reports]`… within a sentence, the
words worked out on every build so that they stay true when a period is added; and the check that each is known.

`render/site_facts.py` works out their words; docs/editing.md lists them for editors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

from ..problems import Location, Problems

# A site fact: its kind, then its name. A backslash before the bracket keeps the words as written.
FACT = re.compile(r"(?<!\\)\[(latest|first|site):[ \t]*([\w-]*)[ \t]*\]")
_FACT_LIKE = re.compile(r"(?<!\\)\[([A-Za-z]+):[ \t]*([\w-]*)[ \t]*\]")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
REPORT_FACTS = ("title", "link", "start", "end")
# Every fact Markdown may name: the newest report the home page leads with, the oldest report, the whole site.
FACTS: dict[str, tuple[str, ...]] = {"latest": REPORT_FACTS, "first": REPORT_FACTS,
                                     "site": ("reports", "jurisdictions")}


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """(number, line) of each line outside fenced code blocks, with code in backticks blanked (columns kept):
    the text in which Markdown names facts."""
    fence = ""
    for number, line in enumerate(text.splitlines(), 1):
        if fence:
            fence = "" if line.rstrip() == fence else fence
            continue
        if opening := _FENCE.match(line):
            fence = opening.group(1)
            continue
        yield number, _CODE_SPAN.sub(lambda span: " " * len(span.group()), line)


def find_facts(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, kind, name) of every site fact named in Markdown text, and of every near miss of one
    (`[lastest: title]`: a kind close to a fact's kind, with a fact's name)."""
    names = {n for known in FACTS.values() for n in known}
    found = []
    for number, line in prose_lines(text):
        for match in _FACT_LIKE.finditer(line):
            kind, name = match.groups()
            if kind in FACTS or (name in names and difflib.get_close_matches(kind.lower(), FACTS, n=1, cutoff=0.6)):
                found.append((number, match.start() + 1, kind, name))
    return found


def every_fact() -> str:
    """Every fact's reference, for a hint: [latest: title], [latest: link]…"""
    return ", ".join(f"[{kind}: {name}]" for kind, names in FACTS.items() for name in names)


def check_facts(path: Path, text: str, has_reports: bool, problems: Problems) -> None:
    """Report facts the builder does not know, and facts about a report when no report is published."""
    for line, col, kind, name in find_facts(text):
        where = Location(path, line, col)
        known = FACTS.get(kind)
        if known is None:
            close = difflib.get_close_matches(kind.lower(), FACTS, n=1, cutoff=0.6)[0]
            problems.error(where, f"no site fact called '[{kind}: {name}]'",
                           f"did you mean '[{close}: {name}]'? facts you can write: {every_fact()}")
        elif name not in known:
            close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
            hint = f"did you mean '[{kind}: {close[0]}]'? " if close else ""
            problems.error(where, f"no site fact called '[{kind}: {name}]'",
                           f"{hint}facts you can write: {every_fact()}")
        elif kind != "site" and not has_reports:
            problems.error(where, f"'[{kind}: {name}]' names a report, but no report is published yet",
                           "mark a report 'status: ready', or write these words yourself until one is")
