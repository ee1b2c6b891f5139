"""Read a CSV table keeping the line and column of every cell."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..problems import Location, Problems
from .yaml_source import read_text


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


def _cells(path: Path, number: int, line: str) -> tuple[Cell, ...]:
    values = next(csv.reader([line]))
    cells, col = [], 1
    for value in values:
        cells.append(Cell(value.strip(), Location(path, number, col + _leading(line, col))))
        col += _raw_length(line, col - 1) + 1
    return tuple(cells)


def _leading(line: str, col: int) -> int:
    """Spaces before a cell's text, so the caret points at the text itself."""
    rest = line[col - 1:]
    return len(rest) - len(rest.lstrip(" "))


def _raw_length(line: str, start: int) -> int:
    """Length of one raw field starting at `start`, honouring quotes."""
    quoted, i = False, start
    while i < len(line):
        char = line[i]
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            break
        i += 1
    return i - start
