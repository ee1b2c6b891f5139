"""Stage 3, model: turn checked sources into typed objects, reading each figure by what its measure is."""

from __future__ import annotations

import dataclasses
import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..load.sources import Sources
from ..load.yaml_source import YamlDocument
from ..problems import Location, Problems
from ..validate.figures import NOT_REPORTED, FigureError, Observation, figure_hint, parse_figure
from ..validate.schema_check import field_words
from .declarations import MEASURES_FILE, Declarations
from .objects import (
    JURISDICTIONS,
    Breakdown,
    ContentPage,
    ContentText,
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
from .provenance import Provenance
from .tables import TableRows, read_table


def assemble_site(sources: Sources, declarations: Declarations, problems: Problems,
                  provenance: Provenance) -> Site:
    """The Site model from the usable files; figures that cannot be read are recorded as problems."""
    assert sources.site is not None
    reports = []
    for doc in _distinct_reports(sources.accepted_reports, problems, provenance):
        with problems.guard(doc.where(()), f"reading {doc.path.name}"):
            if (report := _report(doc, sources, declarations, problems, provenance)) is not None:
                reports.append(report)
    reports.sort(key=lambda r: (r.start, r.end), reverse=True)
    named = {row.key: row.name for report in reports for section in report.sections for row in section.rows
             if row.has_page}
    return Site(
        config=_config(sources.site),
        root=sources.root,
        measures=declarations.measures,
        reports=tuple(reports),
        dimensions=declarations.dimensions,
        jurisdictions={key: Jurisdiction(key, named[key]) for key in sorted(named)},
        pages=_content_pages(sources, problems),
        glossary=_glossary(sources, problems),
        declaration_paths=tuple(d.path for d in sources.declarations if d is not sources.site),
    )


def _glossary(sources: Sources, problems: Problems) -> tuple[Term, ...]:
    """Glossary terms; an id or state explained twice is an error."""
    doc = sources.glossary
    if not sources.usable(doc):
        return ()
    assert doc is not None
    terms, seen = [], set()
    for i, raw in enumerate(doc.data["terms"]):
        for key in ("id", "state"):
            if key in raw and (key, raw[key]) in seen:
                twice = f"term id '{raw[key]}' is used twice" if key == "id" else \
                    f"state '{raw[key]}' is explained by two terms"
                problems.error(doc.where(("terms", i, key)), twice,
                               "give each term its own id" if key == "id" else
                               "keep one term for it and merge the definitions")
            seen.add((key, raw.get(key)))
        terms.append(Term(raw["id"], raw["term"], " ".join(raw["definition"].split()), raw.get("state")))
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
        attribution=" ".join(data.get("attribution", "").split()),
    )


PAGE_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def _content_pages(sources: Sources, problems: Problems) -> tuple[ContentPage, ...]:
    """Every Markdown file of content/ but the reports' commentary, at the address its path names:
    content/about.md at /about/, content/help/faq.md at /help/faq/."""
    pages = []
    for path in sorted(sources.markdown):
        relative = path.relative_to(sources.content_dir).with_suffix("")
        if relative.parts[0] == "reports" and len(relative.parts) > 1:
            continue
        if not all(PAGE_SLUG.fullmatch(part) for part in relative.parts):
            problems.error(Location(path), f"content/{relative.as_posix()}.md cannot be a page's address",
                           "name page files and folders with lower-case letters, digits, hyphens and underscores "
                           "(the name is the page's address), e.g. content/about-us.md")
            continue
        pages.append(ContentPage(relative.as_posix(), ContentText(path, sources.markdown[path])))
    return tuple(pages)


def _date(raw: str | None) -> date | None:
    """A date the schema has already checked is real."""
    return date.fromisoformat(raw) if raw else None


def _words(text: str) -> str:
    return " ".join(text.split())


def _report(doc: YamlDocument, sources: Sources, declarations: Declarations, problems: Problems,
            provenance: Provenance) -> Report | None:
    data = doc.data
    report_id = data["id"]
    provenance.docs[report_id] = doc
    provenance.places[("report", report_id)] = doc.where(("id",))
    provenance.places[("report-start", report_id)] = doc.where(("start",))
    if all("subset_of" in raw or "breakdown_of" in raw for raw in data["sections"]):
        problems.error(doc.where(("sections", 0)), "every section is part of another",
                       "the report's main section (usually the first) has neither 'subset_of:' nor 'breakdown_of:'")
        provenance.skipped_reports.add(report_id)
        return None
    sections = [_section(doc, i, raw, sources, declarations, problems, provenance)
                for i, raw in enumerate(data["sections"])]
    sections = [_with_breakdown(doc, i, s, sections, declarations, problems) for i, s in enumerate(sections)]
    commentary = sources.content_dir / "reports" / f"{report_id}.md"
    return Report(
        id=report_id, title=data["title"], start=_date(data["start"]) or date.min,
        end=_date(data["end"]) or date.min, published=_date(data.get("published")), source=data["source"],
        summary=data.get("summary", ""), ready=data.get("status", "ready") == "ready",
        sections=tuple(sections),
        notes=_notes(doc, sections, declarations, problems, provenance),
        statements=tuple(_statement(s) for s in data.get("statements", [])),
        commentary=ContentText(commentary, sources.markdown[commentary]) if commentary in sources.markdown else None,
        source_path=doc.path,
        revisions=tuple(Revision(date.fromisoformat(r["date"]), _words(r["what"]), _words(r["why"]))
                        for r in data.get("revisions", [])),
    )


def _statement(raw: dict[str, Any]) -> Statement:
    return Statement(
        id=raw["id"], quote=_words(raw["quote"]), who=raw["who"], source=raw["source"],
        source_title=raw.get("source_title", raw["source"]), date=_date(raw.get("date")),
    )


def _resolve_row(doc: YamlDocument, at: tuple[Any, ...], text: str, section: Section | None,
                 declarations: Declarations, problems: Problems) -> str | None:
    """The key of the row `text` names in `section` (its dimension's names and codes); None when unknown."""
    dimension = section.dimension.id if section is not None else JURISDICTIONS
    resolver = declarations.resolvers[dimension]
    key = resolver.resolve(text)
    if key is None:
        problems.error(doc.where(at), f"unknown {declarations.dimensions[dimension].label.lower()} '{text}'",
                       resolver.suggestion(text))
    return key


def _notes(doc: YamlDocument, sections: list[Section], declarations: Declarations, problems: Problems,
           provenance: Provenance) -> tuple[Note, ...]:
    by_id = {s.id: s for s in sections}
    notes = []
    for i, raw in enumerate(doc.data.get("notes", [])):
        row = raw.get("row")
        if row is not None:
            row = _resolve_row(doc, ("notes", i, "row"), row, by_id.get(raw.get("section", "")), declarations,
                               problems)
        provenance.places[("note", doc.data["id"], raw["id"])] = doc.where(("notes", i))
        notes.append(Note(raw["id"], i + 1, _words(raw["text"]), raw.get("section"), row, raw.get("measure")))
    return tuple(notes)


def _section(doc: YamlDocument, index: int, raw: dict[str, Any], sources: Sources, declarations: Declarations,
             problems: Problems, provenance: Provenance) -> Section:
    report_id, at = doc.data["id"], ("sections", index)
    provenance.places[("section", report_id, raw["id"])] = doc.where(at)
    stated = _stated_totals(doc, at, raw.get("totals", {}), declarations, problems)
    provenance.stated_totals[(report_id, raw["id"])] = stated
    for key in stated:
        provenance.places[("total", report_id, raw["id"], key)] = doc.where((*at, "totals", key))
    table, table_path = None, None
    if "table" in raw:
        table_path = (doc.path.parent / raw["table"]).resolve()
        table = _table(doc, at, table_path, sources, declarations, problems, provenance)
    elif not stated:
        problems.error(doc.where(at), f"section '{raw['id']}' has neither a table nor totals",
                       "add 'table: file.csv' for its rows, or 'totals:' for totals only")
    rows = table.rows if table else ()
    measures = declarations.measures.ordered([*(table.measures if table else ()), *stated])
    partial = raw.get("partial", False)
    breakdown = raw.get("breakdown_of")
    return Section(
        id=raw["id"], title=raw["title"], description=_words(raw.get("description", "")),
        dimension=table.dimension if table else declarations.dimensions[JURISDICTIONS],
        measures=tuple(m.id for m in measures), rows=rows,
        totals={m.id: stated.get(m.id) or _summed(rows, m.id, m.is_percentage or partial) for m in measures},
        subset_of=raw.get("subset_of"),
        breakdown_of=Breakdown(breakdown["section"], breakdown["row"], raw.get("exhaustive", False))
        if breakdown else None,
        partial=partial, table_path=table_path, outcome_tolerance=raw.get("outcome_tolerance"),
        totals_deduplicated=raw.get("totals_deduplicated", False),
        kind=raw.get("kind", "standard"), legal_regime=_words(raw.get("legal_regime", "")),
        reporting_delay=_words(raw.get("reporting_delay", "")), columns=table.measures if table else (),
    )


def _with_breakdown(doc: YamlDocument, index: int, section: Section, sections: list[Section],
                    declarations: Declarations, problems: Problems) -> Section:
    """The section with the row it breaks down resolved to that row's key, by the other section's kind of rows."""
    if section.breakdown_of is None:
        return section
    parent = next((s for s in sections if s.id == section.breakdown_of.section), None)
    if parent is None:
        return section  # the integrity check names the missing section
    key = _resolve_row(doc, ("sections", index, "breakdown_of", "row"), section.breakdown_of.row, parent,
                       declarations, problems)
    whole = parent.row(key) if key and section.breakdown_of.exhaustive else None
    totals = {m: v if whole is None or v.state != "not_reported" or not declarations.measures[m].is_percentage
              else whole.value(m) for m, v in section.totals.items()}  # the parts' percentage is the row's
    return dataclasses.replace(section, totals=totals,
                               breakdown_of=dataclasses.replace(section.breakdown_of, row=key or ""))


def _table(doc: YamlDocument, at: tuple[str, int], path: Path, sources: Sources, declarations: Declarations,
           problems: Problems, provenance: Provenance) -> TableRows | None:
    """The rows of a section's CSV table; a table with any problem is marked broken."""
    key = (doc.data["id"], doc.data["sections"][at[1]]["id"])
    table = sources.table_at(path)
    if table is None:
        provenance.broken_sections.add(key)
        if any(p.resolve() == path for p in sources.unreadable):
            return None
        name = doc.data["sections"][at[1]]["table"]
        nearby = [p.name for p in sources.tables if p.parent == path.parent]
        close = difflib.get_close_matches(name, nearby, n=1, cutoff=0.6)
        problems.error(doc.where((*at, "table")), f"table file '{name}' not found",
                       f"did you mean '{close[0]}'?" if close else
                       f"put the CSV file in {_folder(doc.path, sources.root)} beside {doc.path.name}, "
                       "or correct the name here")
        return None
    provenance.used_tables.add(table.path)
    mark = len(problems.items)
    rows = read_table(table, key, declarations, problems, provenance)
    if problems.count_since(mark) or rows is None:
        provenance.broken_sections.add(key)
    return rows


def _folder(path: Path, root: Path) -> str:
    try:
        return str(path.parent.relative_to(root)) + "/"
    except ValueError:
        return str(path.parent) + "/"


def _stated_totals(doc: YamlDocument, at: tuple, raw: dict[str, Any], declarations: Declarations,
                   problems: Problems) -> dict[str, Observation]:
    stated = {}
    declared = declarations.measures.ids
    for key, value in raw.items():
        place = (*at, "totals", key)
        if key not in declared:
            close = difflib.get_close_matches(key, declared, n=1, cutoff=0.5)
            problems.error(doc.key_where(place), f"unknown measure '{key}' in totals",
                           f"did you mean '{close[0]}'?" if close else
                           f"measures declared in {MEASURES_FILE}: {', '.join(declared)}")
            continue
        try:
            stated[key] = parse_figure(value, declarations.measures[key].is_percentage)
        except FigureError as exc:
            problems.error(doc.where(place), f"{field_words(doc, place)}: {exc}", exc.hint or figure_hint("yaml"))
    return stated


def _summed(rows: tuple[Row, ...], measure_id: str, never: bool) -> Observation:
    """The sum of a measure over rows when every row is a plain count; not reported for percentages and
    partial tables (`never`), whose rows do not add up to a total."""
    return (None if never else sum_rows(rows, measure_id)) or NOT_REPORTED


def sum_rows(rows: tuple[Row, ...], measure_id: str) -> Observation | None:
    """The sum of one measure over rows, or None when any row is not a plain count (bands are never summed)."""
    values = [row.value(measure_id) for row in rows]
    if not values or not all(v.is_number for v in values):
        return None
    return Observation("number", value=sum(v.value or 0 for v in values))
