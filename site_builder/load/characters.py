"""Invisible control characters: never part of what an editor means to write, and they corrupt pages and charts."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Unicode's control characters (category Cc: C0, DEL and C1) but tab and the line ends.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_HINT = ("delete it: it is invisible, and often comes with text copied from a PDF or a spreadsheet; "
                "retype the words around it if you cannot see where it is")


def control_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of each control character but tab and line ends; lines and columns from 1."""
    line, counted = 1, 0
    for found in _CONTROL.finditer(text):
        start = found.start()
        line += text.count("\n", counted, start)
        counted = start
        yield line, start - text.rfind("\n", 0, start), found.group()


def code_point(char: str) -> str:
    """U+000B."""
    return f"U+{ord(char):04X}"
