"""Stage 3, model: turn schema-checked sources into typed objects, checking each figure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..load.csv_source import Cell, CsvTable
from ..load.sources import Sources
from ..load.yaml_source import YamlDocument
from ..problems import Location, Problems
from ..validate.figures import NOT_REPORTED, FigureError, Observation, figure_hint, parse_figure
from ..validate.schema_check import field_words
from .jurisdictions import JurisdictionResolver, display_name
from .objects import (
    MEASURE_KEYS,
    ContentPage,
    Jurisdiction,
    Note,
    Report,
    Revision,
    Row,
    Section,
    Site,
    SiteConfig,
    Statement,
    Term,
)

JURISDICTION_COLUMNS = ("country", "jurisdiction")


@dataclass
class Provenance:
    """Where each model object came from, for problems found after assembly."""

    places: dict[tuple[str, ...], Location] = field(default_factory=dict)
    docs: dict[str, YamlDocument] = field(default_factory=dict)
    stated_totals: dict[tuple[str, str], dict[str, Observation]] = field(default_factory=dict)
    used_tables: set[Path] = field(default_factory=set)
    broken_sections: set[tuple[str, str]] = field(default_factory=set)
    skipped_reports: set[str] = field(default_factory=set)

    def at(self, *key: str) -> Location:
        return self.places[key]

    def field(self, report_id: str, *path: str | int) -> Location:
        """Where a value of a report's YAML file is, e.g. ('notes', 0, 'section')."""
        return self.docs[report_id].where(path)

    def is_broken(self, report_id: str, *section_ids: str | None) -> bool:
        """True when any of these sections' tables could not be read in full."""
        return any((report_id, s) in self.broken_sections for s in section_ids)


def assemble_site(sources: Sources, problems: Problems, provenance: Provenance) -> Site:
    """The Site model from the schema-valid files; figures that cannot be read are recorded as problems."""
    site_doc = sources.site
    assert site_doc is not None
    resolver = JurisdictionResolver(site_doc.data.get("jurisdiction_aliases", {}))
    reports = []
    for doc in _distinct_reports(sources.accepted_reports, problems, provenance):
        with problems.guard(doc.where(()), f"reading {doc.path.name}"):
            if (report := _report(doc, sources, resolver, problems, provenance)) is not None:
                reports.append(report)
    reports.sort(key=lambda r: (r.start, r.end), reverse=True)
    codes = {row.code for report in reports for section in report.sections for row in section.rows}
    return Site(
        config=_config(site_doc),
        root=sources.root,
        reports=tuple(reports),
        jurisdictions={c: Jurisdiction(c, display_name(c)) for c in sorted(codes)},
        pages=_content_pages(sources),
        glossary=_glossary(sources, problems),
        glossary_path=sources.glossary.path if sources.glossary else None,
    )


def _glossary(sources: Sources, problems: Problems) -> tuple[Term, ...]:
    """Glossary terms; an id, measure or state explained twice is an error."""
    doc = sources.glossary
    if doc is None or doc in sources.rejected:
        return ()
    terms, seen = [], set()
    for i, raw in enumerate(doc.data["terms"]):
        keys = [("id", raw["id"]), *((k, raw[k]) for k in ("measure", "state") if k in raw)]
        for key, value in keys:
            if (key, value) in seen:
                problems.error(doc.where(("terms", i, key)), f"{key} '{value}' is explained by two terms",
                               "keep one term for it and merge the definitions")
            seen.add((key, value))
        terms.append(Term(raw["id"], raw["term"], " ".join(raw["definition"].split()), raw.get("measure"),
                          raw.get("state")))
    return tuple(terms)


def _distinct_reports(docs: list[YamlDocument], problems: Problems,
                      provenance: Provenance) -> list[YamlDocument]:
    """Report files with distinct ids; a second file using an id is reported and left out."""
    by_id: dict[str, YamlDocument] = {}
    for doc in sorted(docs, key=lambda d: d.path.stem != d.data["id"]):
        report_id = doc.data["id"]
        if report_id in by_id:
            problems.error(doc.where(("id",)), f"report id '{report_id}' is already used by "
                           f"{by_id[report_id].path.name}",
                           "give each period its own id; it becomes the page address /reports/<id>/")
            provenance.skipped_reports.add(report_id)
        else:
            by_id[report_id] = doc
    return sorted(by_id.values(), key=lambda d: d.path)


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


def _date(raw: str | None) -> date | None:
    """A date the schema has already checked is real."""
    return date.fromisoformat(raw) if raw else None


def _report(doc: YamlDocument, sources: Sources, resolver: JurisdictionResolver,
            problems: Problems, provenance: Provenance) -> Report | None:
    data = doc.data
    report_id = data["id"]
    provenance.docs[report_id] = doc
    provenance.places[("report", report_id)] = doc.where(("id",))
    provenance.places[("report-start", report_id)] = doc.where(("start",))
    if all("subset_of" in raw for raw in data["sections"]):
        problems.error(doc.where(("sections", 0, "subset_of")), "every section is a subset of another",
                       "the report's main section (usually the first, e.g. All services) has no 'subset_of:'")
        provenance.skipped_reports.add(report_id)
        return None
    sections = tuple(
        _section(doc, i, raw, sources, resolver, problems, provenance)
        for i, raw in enumerate(data["sections"])
    )
    commentary = sources.content_dir / "reports" / f"{report_id}.md"
    return Report(
        id=report_id, title=data["title"], start=_date(data["start"]) or date.min,
        end=_date(data["end"]) or date.min, published=_date(data.get("published")), source=data["source"],
        summary=data.get("summary", ""), ready=data.get("status", "ready") == "ready",
        sections=sections,
        notes=_notes(doc, resolver, problems, provenance),
        statements=tuple(_statement(s) for s in data.get("statements", [])),
        commentary_path=commentary if commentary in sources.markdown else None,
        source_path=doc.path,
        revisions=tuple(Revision(date.fromisoformat(r["date"]), " ".join(r["what"].split()), " ".join(r["why"].split()))
                        for r in data.get("revisions", [])),
    )


def _statement(raw: dict[str, Any]) -> Statement:
    return Statement(
        id=raw["id"], quote=" ".join(raw["quote"].split()), who=raw["who"], source=raw["source"],
        source_title=raw.get("source_title", raw["source"]), date=_date(raw.get("date")),
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
        provenance.places[("total", report_id, raw["id"], key)] = doc.where((*at, "totals", key))
    rows: tuple[Row, ...] = ()
    table_path = None
    if "table" in raw:
        table_path = (doc.path.parent / raw["table"]).resolve()
        rows = _table_rows(doc, at, table_path, sources, resolver, problems, provenance)
    elif not stated:
        problems.error(doc.where(at), f"section '{raw['id']}' has neither a table nor totals",
                       "add 'table: file.csv' for per-jurisdiction rows, or 'totals:' for totals only")
    return Section(
        id=raw["id"], title=raw["title"], description=raw.get("description", ""), rows=rows,
        totals=_totals(rows, stated),
        subset_of=raw.get("subset_of"), table_path=table_path,
        outcome_tolerance=raw.get("outcome_tolerance", 0),
        totals_deduplicated=raw.get("totals_deduplicated", False),
        kind=raw.get("kind", "standard"), legal_regime=" ".join(raw.get("legal_regime", "").split()),
        reporting_delay=" ".join(raw.get("reporting_delay", "").split()),
    )


def _table_rows(doc: YamlDocument, at: tuple[str, int], path: Path, sources: Sources,
                resolver: JurisdictionResolver, problems: Problems, provenance: Provenance) -> tuple[Row, ...]:
    """The rows of a section's CSV table; a table with any problem is marked broken."""
    key = (doc.data["id"], doc.data["sections"][at[1]]["id"])
    table = next((t for p, t in sources.tables.items() if p.resolve() == path), None)
    if table is None:
        provenance.broken_sections.add(key)
        if any(p.resolve() == path for p in sources.unreadable):
            return ()
        name = doc.data["sections"][at[1]]["table"]
        nearby = [p.name for p in sources.tables if p.parent == path.parent]
        close = difflib.get_close_matches(name, nearby, n=1, cutoff=0.6)
        problems.error(doc.where((*at, "table")), f"table file '{name}' not found",
                       f"did you mean '{close[0]}'?" if close else
                       f"put the CSV file in {_folder(doc.path, sources.root)} beside {doc.path.name}, "
                       "or correct the name here")
        return ()
    provenance.used_tables.add(table.path)
    mark = len(problems.items)
    rows = _rows(table, *key, resolver, problems, provenance)
    if problems.count_since(mark):
        provenance.broken_sections.add(key)
    return rows


def _folder(path: Path, root: Path) -> str:
    try:
        return str(path.parent.relative_to(root)) + "/"
    except ValueError:
        return str(path.parent) + "/"


def _stated_totals(doc: YamlDocument, at: tuple, raw: dict[str, Any],
                   problems: Problems) -> dict[str, Observation]:
    stated = {}
    for key, value in raw.items():
        try:
            stated[key] = parse_figure(value)
        except FigureError as exc:
            problems.error(doc.where((*at, "totals", key)), f"{field_words(doc, (*at, 'totals', key))}: {exc}",
                           exc.hint or figure_hint("yaml"))
    return stated


def _totals(rows: tuple[Row, ...], stated: dict[str, Observation]) -> dict[str, Observation]:
    """Stated totals where given (checked later), else the sum of rows when all are counts."""
    totals = {}
    for key in MEASURE_KEYS:
        summed = sum_rows(rows, key)
        totals[key] = stated.get(key) or summed or NOT_REPORTED
    return totals


def sum_rows(rows: tuple[Row, ...], key: str) -> Observation | None:
    """The sum of one measure over rows, or None when any row is not a plain count (bands are never summed)."""
    values = [row.values[key] for row in rows]
    if not values or not all(v.is_number for v in values):
        return None
    return Observation("number", value=sum(v.value or 0 for v in values))


def _rows(table: CsvTable, report_id: str, section_id: str, resolver: JurisdictionResolver,
          problems: Problems, provenance: Provenance) -> tuple[Row, ...]:
    columns = _columns(table, problems)
    if len(columns) == 1:
        return ()
    widths = {len(cells) for cells in table.rows}
    if len(table.rows) > 1 and len(widths) == 1 and len(columns) not in widths:
        problems.error(table.header[0].location, f"the first line names {len(columns)} columns "
                       f"but every row has {widths.pop()} cells", "a column name is missing or extra in the first line")
        return ()
    rows: dict[str, Row] = {}
    for cells in table.rows:
        row = _row(cells, columns, resolver, problems)
        if row is None:
            continue
        if row.code in rows:
            first = provenance.at("row", report_id, section_id, row.code)
            problems.error(cells[0].location, f"{row.name} ({row.code}) appears twice in this table",
                           f"it is already on line {first.line}: merge the two rows into one")
            continue
        provenance.places[("row", report_id, section_id, row.code)] = cells[0].location
        for key, cell in zip(columns[1:], cells[1:], strict=True):
            if key is not None:
                provenance.places[("cell", report_id, section_id, row.code, key)] = cell.location
        rows[row.code] = row
    return tuple(rows.values())


def _columns(table: CsvTable, problems: Problems) -> list[str | None]:
    """The measure of each column after the first; None for a column that cannot be used."""
    first = table.header[0]
    if len(table.header) == 1 and (";" in first.text or "\t" in first.text):
        problems.error(first.location, "the columns are separated by semicolons or tabs, not commas",
                       "save the table as 'CSV UTF-8 (comma delimited)' from your spreadsheet program")
        return [None]
    if first.text not in JURISDICTION_COLUMNS:
        problems.error(first.location, f"first column is '{first.text}', not 'country'",
                       "the first column names the jurisdiction: call it country (or jurisdiction)")
    columns: list[str | None] = ["country"]
    for cell in table.header[1:]:
        columns.append(_column(cell, columns, problems))
    if "requests" not in columns and None not in columns:
        problems.error(first.location, "the table has no 'requests' column",
                       "add a requests column: every table counts requests")
    return columns


def _column(cell: Cell, earlier: list[str | None], problems: Problems) -> str | None:
    if cell.text in earlier:
        problems.error(cell.location, f"column '{cell.text}' appears twice", "remove one of the two columns")
        return None
    if cell.text not in MEASURE_KEYS:
        close = difflib.get_close_matches(cell.text.casefold(), MEASURE_KEYS, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"columns may be: {', '.join(MEASURE_KEYS)}"
        problems.error(cell.location, f"unknown column '{cell.text}'", hint)
        return None
    return cell.text


def _row(cells: tuple[Cell, ...], columns: list[str | None], resolver: JurisdictionResolver,
         problems: Problems) -> Row | None:
    if len(cells) != len(columns):
        problems.error(cells[0].location, f"row has {len(cells)} cells but the header has {len(columns)}",
                       "check for a missing or extra comma; put names that contain commas in double quotes")
        return None
    name = cells[0].text
    code = resolver.resolve(name)
    if code is None:
        message = "this row has no jurisdiction name" if not name else f"unknown jurisdiction '{name}'"
        problems.error(cells[0].location, message, resolver.suggestion(name))
        return None
    values = {key: NOT_REPORTED for key in MEASURE_KEYS}
    for key, cell in zip(columns[1:], cells[1:], strict=True):
        if key is None:
            continue
        try:
            values[key] = parse_figure(cell.text)
        except FigureError as exc:
            problems.error(cell.location, f"{key} for {name}: {exc}", exc.hint or figure_hint("csv"))
    return Row(code, display_name(code), values)
