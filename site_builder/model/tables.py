"""One section's CSV table → its dimension, measures and rows, every cell checked against the declarations."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..load.csv_source import Cell, CsvTable
from ..problems import Problems
from ..validate.figures import FigureError, figure_hint, parse_figure
from .declarations import JURISDICTION_COLUMNS, MEASURES_FILE, Declarations, RowResolver
from .objects import Dimension, Row
from .provenance import Provenance


@dataclass(frozen=True)
class TableRows:
    """What a table holds: the kind of rows, the measures of its columns, and the rows."""

    dimension: Dimension
    measures: tuple[str, ...]
    rows: tuple[Row, ...]


def read_table(table: CsvTable, key: tuple[str, str], declarations: Declarations, problems: Problems,
               provenance: Provenance) -> TableRows | None:
    """The rows of one table (report id, section id); None when its header cannot be used."""
    header = _header(table, declarations, problems)
    if header is None:
        return None
    dimension, columns = header
    widths = {len(cells) for cells in table.rows}
    if len(table.rows) > 1 and len(widths) == 1 and len(columns) + 1 not in widths:
        problems.error(table.header[0].location, f"the first line names {len(columns) + 1} columns "
                       f"but every row has {widths.pop()} cells", "a column name is missing or extra in the first line")
        return None
    resolver = declarations.resolvers[dimension.id]
    rows: dict[str, Row] = {}
    for cells in table.rows:
        row = _row(cells, columns, dimension, resolver, declarations, problems)
        if row is None:
            continue
        if row.key in rows:
            first = provenance.at("row", *key, row.key)
            problems.error(cells[0].location, f"{row.name} ({row.key}) appears twice in this table",
                           f"it is already on line {first.line}: merge the two rows into one")
            continue
        provenance.places[("row", *key, row.key)] = cells[0].location
        for measure_id, cell in zip(columns, cells[1:], strict=True):
            if measure_id is not None:
                provenance.places[("cell", *key, row.key, measure_id)] = cell.location
        rows[row.key] = row
    measures = declarations.measures.ordered(c for c in columns if c is not None)
    return TableRows(dimension, tuple(m.id for m in measures), tuple(rows.values()))


def _header(table: CsvTable, declarations: Declarations,
            problems: Problems) -> tuple[Dimension, list[str | None]] | None:
    """The table's dimension and the measure of each column after the first (None where unusable)."""
    first = table.header[0]
    if len(table.header) == 1 and (";" in first.text or "\t" in first.text):
        problems.error(first.location, "the columns are separated by semicolons or tabs, not commas",
                       "save the table as 'CSV UTF-8 (comma delimited)' from your spreadsheet program")
        return None
    dimension = declarations.dimension_for_column(first.text)
    if dimension is None:
        lists = [d for d in declarations.dimensions if d not in JURISDICTION_COLUMNS and d != "jurisdictions"]
        close = difflib.get_close_matches(first.text, [*JURISDICTION_COLUMNS, *lists], n=1, cutoff=0.6)
        problems.error(first.location, f"first column is '{first.text}', which names no kind of row",
                       f"did you mean '{close[0]}'?" if close else
                       "name it country (or jurisdiction) for jurisdictions"
                       + (f", or one of the category lists: {', '.join(lists)}" if lists else
                          ", or declare a category list with this id in data/dimensions.yaml"))
    columns: list[str | None] = []
    for cell in table.header[1:]:
        columns.append(_column(cell, columns, declarations, problems))
    if not table.header[1:]:
        problems.error(first.location, "the table has no figures: only its first column",
                       "add a column for each measure, named by its id in data/measures.yaml")
    return (dimension, columns) if dimension is not None else None


def _column(cell: Cell, earlier: list[str | None], declarations: Declarations, problems: Problems) -> str | None:
    declared = declarations.measures.ids
    if cell.text in earlier:
        problems.error(cell.location, f"column '{cell.text}' appears twice", "remove one of the two columns")
        return None
    if cell.text not in declared:
        close = difflib.get_close_matches(cell.text.casefold(), declared, n=1, cutoff=0.5)
        hint = (f"did you mean '{close[0]}'?" if close
                else f"measures declared in {MEASURES_FILE}: {', '.join(declared)}.")
        problems.error(cell.location, f"unknown measure '{cell.text}'",
                       f"{hint} A new measure is declared in {MEASURES_FILE} first")
        return None
    return cell.text


def _row(cells: tuple[Cell, ...], columns: list[str | None], dimension: Dimension, resolver: RowResolver,
         declarations: Declarations, problems: Problems) -> Row | None:
    if len(cells) != len(columns) + 1:
        problems.error(cells[0].location, f"row has {len(cells)} cells but the header has {len(columns) + 1}",
                       "check for a missing or extra comma; put names that contain commas in double quotes")
        return None
    name = cells[0].text
    key = resolver.resolve(name)
    if key is None:
        if not name:
            problems.error(cells[0].location, "this row has no name",
                           "write the row's name or code in the first cell, or delete the row")
        else:
            problems.error(cells[0].location, f"unknown {dimension.label.lower()} '{name}'", resolver.suggestion(name))
        return None
    values = {}
    for measure_id, cell in zip(columns, cells[1:], strict=True):
        if measure_id is None:
            continue
        measure = declarations.measures[measure_id]
        try:
            values[measure_id] = parse_figure(cell.text, measure.is_percentage)
        except FigureError as exc:
            problems.error(cell.location, f"{measure_id} for {name}: {exc}", exc.hint or figure_hint("csv"))
    return Row(key, resolver.name(key), values, resolver.has_page(key))

