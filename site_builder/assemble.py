"""Stage 3, model: turn schema-checked sources into typed objects, checking each figure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .csv_source import Cell, CsvTable
from .figures import FIGURE_HINT, FigureError, parse_figure
from .jurisdictions import JurisdictionResolver, display_name
from .load import Sources
from .model import (MEASURE_KEYS, NOT_REPORTED, ContentPage, Jurisdiction, Note, Observation,
                    Report, Row, Section, Site, SiteConfig, Statement)
from .problems import Location, Problems
from .yaml_source import YamlDocument

JURISDICTION_COLUMNS = ("country", "jurisdiction")


@dataclass
class Provenance:
    """Where each model object came from, for problems found after assembly."""

    places: dict[tuple[str, ...], Location] = field(default_factory=dict)
    stated_totals: dict[tuple[str, str], dict[str, Observation]] = field(default_factory=dict)
    used_tables: set[Path] = field(default_factory=set)

    def at(self, *key: str) -> Location:
        return self.places[key]


def assemble_site(sources: Sources, problems: Problems, provenance: Provenance) -> Site:
    """The Site model; figures that cannot be read are recorded as problems."""
    site_doc = sources.site
    assert site_doc is not None
    resolver = JurisdictionResolver(site_doc.data.get("jurisdiction_aliases", {}))
    reports = [_report(doc, sources, resolver, problems, provenance) for doc in sources.reports]
    reports.sort(key=lambda r: (r.start, r.end), reverse=True)
    codes = {row.code for report in reports for section in report.sections for row in section.rows}
    return Site(
        config=_config(site_doc),
        root=sources.root,
        reports=tuple(reports),
        jurisdictions={c: Jurisdiction(c, display_name(c)) for c in sorted(codes)},
        pages=_content_pages(sources),
    )


def _config(doc: YamlDocument) -> SiteConfig:
    data = doc.data
    return SiteConfig(
        organisation=data["organisation"], title=data["title"],
        description=data.get("description", ""), base_url=data["base_url"],
        language=data["language"], licence_name=data["data_licence"]["name"],
        licence_url=data["data_licence"]["url"], source_path=doc.path,
    )


def _content_pages(sources: Sources) -> tuple[ContentPage, ...]:
    top = [p for p in sources.markdown if p.parent == sources.content_dir]
    return tuple(ContentPage(p.stem, p) for p in sorted(top))


def _date(doc: YamlDocument, key: str, problems: Problems) -> date | None:
    raw = doc.data.get(key)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.error(doc.where((key,)), f"'{raw}' is not a real date", "check the month and day")
        return None


def _report(doc: YamlDocument, sources: Sources, resolver: JurisdictionResolver,
            problems: Problems, provenance: Provenance) -> Report:
    data = doc.data
    report_id = data["id"]
    provenance.places[("report", report_id)] = doc.where(("id",))
    provenance.places[("report-start", report_id)] = doc.where(("start",))
    start = _date(doc, "start", problems) or date.min
    end = _date(doc, "end", problems) or date.min
    sections = tuple(
        _section(doc, i, raw, sources, resolver, problems, provenance)
        for i, raw in enumerate(data["sections"])
    )
    commentary = sources.content_dir / "reports" / f"{report_id}.md"
    return Report(
        id=report_id, title=data["title"], start=start, end=end,
        published=_date(doc, "published", problems), source=data["source"],
        summary=data.get("summary", ""), ready=data.get("status", "ready") == "ready",
        sections=sections,
        notes=_notes(doc, resolver, problems, provenance),
        statements=tuple(_statement(s) for s in data.get("statements", [])),
        commentary_path=commentary if commentary in sources.markdown else None,
        source_path=doc.path,
    )


def _statement(raw: dict[str, Any]) -> Statement:
    return Statement(
        id=raw["id"], quote=" ".join(raw["quote"].split()), who=raw["who"], source=raw["source"],
        source_title=raw.get("source_title", raw["source"]),
        date=date.fromisoformat(raw["date"]) if raw.get("date") else None,
    )


def _notes(doc: YamlDocument, resolver: JurisdictionResolver, problems: Problems,
           provenance: Provenance) -> tuple[Note, ...]:
    notes = []
    for i, raw in enumerate(doc.data.get("notes", [])):
        code = raw.get("jurisdiction")
        if code is not None:
            code = resolver.resolve(code)
            if code is None:
                problems.error(doc.where(("notes", i, "jurisdiction")),
                               f"unknown jurisdiction '{raw['jurisdiction']}'",
                               resolver.suggestion(raw["jurisdiction"]))
        provenance.places[("note", doc.data["id"], raw["id"])] = doc.where(("notes", i))
        notes.append(Note(raw["id"], i + 1, " ".join(raw["text"].split()), raw.get("section"),
                          code, raw.get("measure")))
    return tuple(notes)


def _section(doc: YamlDocument, index: int, raw: dict[str, Any], sources: Sources,
             resolver: JurisdictionResolver, problems: Problems, provenance: Provenance) -> Section:
    report_id, at = doc.data["id"], ("sections", index)
    provenance.places[("section", report_id, raw["id"])] = doc.where(at)
    stated = _stated_totals(doc, at, raw.get("totals", {}), problems)
    provenance.stated_totals[(report_id, raw["id"])] = stated
    for key in stated:
        provenance.places[("total", report_id, raw["id"], key)] = doc.where(at + ("totals", key))
    rows: tuple[Row, ...] = ()
    table_path = None
    if "table" in raw:
        table_path = (doc.path.parent / raw["table"]).resolve()
        table = _find_table(sources, table_path)
        if table is None:
            problems.error(doc.where(at + ("table",)), f"table file '{raw['table']}' not found",
                           f"put the CSV file beside {doc.path.name} or correct its name")
        else:
            provenance.used_tables.add(table.path)
            rows = _rows(table, report_id, raw["id"], resolver, problems, provenance)
    elif not stated:
        problems.error(doc.where(at), f"section '{raw['id']}' has neither a table nor totals",
                       "add 'table: file.csv' for per-jurisdiction rows, or 'totals:' for totals only")
    return Section(
        id=raw["id"], title=raw["title"], description=raw.get("description", ""), rows=rows,
        totals=_totals(rows, stated),
        subset_of=raw.get("subset_of"), table_path=table_path,
        outcome_tolerance=raw.get("outcome_tolerance", 0),
        totals_deduplicated=raw.get("totals_deduplicated", False),
    )


def _find_table(sources: Sources, path: Path) -> CsvTable | None:
    return next((t for p, t in sources.tables.items() if p.resolve() == path), None)


def _stated_totals(doc: YamlDocument, at: tuple, raw: dict[str, Any],
                   problems: Problems) -> dict[str, Observation]:
    stated = {}
    for key, value in raw.items():
        try:
            stated[key] = parse_figure(value)
        except FigureError as exc:
            problems.error(doc.where(at + ("totals", key)), f"totals.{key}: {exc}", FIGURE_HINT)
    return stated


def _totals(rows: tuple[Row, ...], stated: dict[str, Observation]) -> dict[str, Observation]:
    """Stated totals where given (checked later), else the sum of rows when all are counts."""
    totals = {}
    for key in MEASURE_KEYS:
        summed = sum_rows(rows, key)
        totals[key] = stated.get(key) or summed or NOT_REPORTED
    return totals


def sum_rows(rows: tuple[Row, ...], key: str) -> Observation | None:
    """The sum of one measure over rows, or None when any row is not a plain count."""
    values = [row.values[key] for row in rows]
    if not values or not all(v.is_number for v in values):
        return None
    return Observation("number", value=sum(v.value or 0 for v in values))


def _rows(table: CsvTable, report_id: str, section_id: str, resolver: JurisdictionResolver,
          problems: Problems, provenance: Provenance) -> tuple[Row, ...]:
    columns = _columns(table, problems)
    if columns is None:
        return ()
    rows: dict[str, Row] = {}
    for cells in table.rows:
        row = _row(cells, columns, table, resolver, problems)
        if row is None:
            continue
        if row.code in rows:
            first = provenance.at("row", report_id, section_id, row.code)
            problems.error(cells[0].location, f"{row.name} ({row.code}) appears twice in this table",
                           f"it is already on line {first.line}: merge the two rows into one")
            continue
        provenance.places[("row", report_id, section_id, row.code)] = cells[0].location
        rows[row.code] = row
    return tuple(rows.values())


def _columns(table: CsvTable, problems: Problems) -> list[str] | None:
    names = [cell.text for cell in table.header]
    ok = True
    if not names or names[0] not in JURISDICTION_COLUMNS:
        problems.error(table.header[0].location, f"first column is '{names[0]}', not 'country'",
                       "the first column names the jurisdiction: call it country (or jurisdiction)")
        ok = False
    for cell in table.header[1:]:
        if cell.text not in MEASURE_KEYS:
            close = difflib.get_close_matches(cell.text, MEASURE_KEYS, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else f"columns may be: {', '.join(MEASURE_KEYS)}"
            problems.error(cell.location, f"unknown column '{cell.text}'", hint)
            ok = False
        elif names.count(cell.text) > 1 and names.index(cell.text) != table.header.index(cell):
            problems.error(cell.location, f"column '{cell.text}' appears twice", "remove one of them")
            ok = False
    if "requests" not in names:
        problems.error(table.header[0].location, "the table has no 'requests' column",
                       "add a requests column: every table counts requests")
        ok = False
    return names if ok else None


def _row(cells: tuple[Cell, ...], columns: list[str], table: CsvTable,
         resolver: JurisdictionResolver, problems: Problems) -> Row | None:
    if len(cells) != len(columns):
        problems.error(cells[0].location, f"row has {len(cells)} cells but the header has {len(columns)}",
                       "check for a missing or extra comma; quote names that contain commas")
        return None
    name = cells[0].text
    code = resolver.resolve(name)
    if code is None:
        problems.error(cells[0].location, f"unknown jurisdiction '{name}'", resolver.suggestion(name))
        return None
    values = {key: NOT_REPORTED for key in MEASURE_KEYS}
    for key, cell in zip(columns[1:], cells[1:]):
        try:
            values[key] = parse_figure(cell.text)
        except FigureError as exc:
            problems.error(cell.location, f"{key} for {name}: {exc}", FIGURE_HINT)
    return Row(code, display_name(code), values)
