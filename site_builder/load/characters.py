"""Invisible control characters: never part of what an editor means to write, and they corrupt pages and charts."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

ALLOWED = {"\n", "\t", "\r"}
CONTROL_HINT = ("delete it: it is invisible, and often comes with text copied from a PDF or a spreadsheet; "
                "retype the words around it if you cannot see where it is")


def control_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, character) of each control character but tab and line ends; lines and columns from 1."""
    line, col = 1, 1
    for char in text:
        if char == "\n":
            line, col = line + 1, 1
            continue
        if char not in ALLOWED and unicodedata.category(char) == "Cc":
            yield line, col, char
        col += 1


def code_point(char: str) -> str:
    """U+000B."""
    return f"U+{ord(char):04X}"
