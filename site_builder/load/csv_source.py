"""Read a CSV table keeping the line and column of every cell.

Each line is split as Python's `csv` module splits it (the spreadsheet 'excel' dialect, not strict), by one
regular expression that also gives where each cell starts, so the cost is linear in the file's size and no
cell is too long to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Location, Problems
from .text_file import read_text

# One field: quoted ("" is a quote inside it; text after the closing quote is kept, as csv does), or plain.
_FIELD = re.compile(r'"((?:[^"]+|"")*+)"?([^,]*+)|([^,]*+)')


@dataclass(frozen=True)
class Cell:
    """One cell's text and where it starts."""

    text: str
    location: Location


@dataclass(frozen=True)
class CsvTable:
    """A header row and the data rows beneath it."""

    path: Path
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


def read_csv(path: Path, problems: Problems) -> CsvTable | None:
    """The table in a CSV file, or None (with problems recorded) when there is none."""
    text = read_text(path, problems)
    if text is None:
        return None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        problems.error(Location(path), "CSV file is empty",
                       "the first line names the columns: what the rows are (country, or the id of a list of "
                       "categories), then the id of each measure")
        return None
    header_no, header_line = lines[0]
    header = _cells(path, header_no, header_line)
    rows = tuple(_cells(path, n, line) for n, line in lines[1:])
    return CsvTable(path, header, rows)


def split_line(line: str) -> list[tuple[str, int]]:
    """Each field of one line (without its line break) as csv reads it, with its 0-based start."""
    fields: list[tuple[str, int]] = []
    start = 0
    while True:
        match = _FIELD.match(line, start)
        assert match is not None  # every alternative may match nothing
        quoted, after, plain = match.groups()
        value = plain if quoted is None else quoted.replace('""', '"') + after
        fields.append((value, start))
        start = match.end() + 1  # past the comma
        if start > len(line):
            return fields


def _cells(path: Path, number: int, line: str) -> tuple[Cell, ...]:
    """The cells of one line; each located at its first character other than a space."""
    cells = []
    for value, start in split_line(line):
        col = start + 1 + _leading_spaces(line, start)
        cells.append(Cell(value.strip(), Location(path, number, col)))
    return tuple(cells)


def _leading_spaces(line: str, start: int) -> int:
    """Spaces at `start` in `line`, so the caret points at the cell's text itself."""
    end = start
    while end < len(line) and line[end] == " ":
        end += 1
    return end - start
