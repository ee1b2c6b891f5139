"""Each report section as CSV and JSON, every figure in long format, and each jurisdiction's figures:
the same figures the pages show, with their notes, source and licence."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from ..model.objects import Dimension, Measures, Report, Row, Section, Site, SiteConfig
from ..validate.figures import Observation, figure_record
from .views import total_name

SECTION_LEADING = ("level",)
SECTION_TRAILING = ("notes", "source", "licence")
LONG_COLUMNS = ("period", "start", "end", "section", "subset_of", "breakdown_of", "level", "dimension", "row_code",
                "row", "measure", "unit", "value", "low", "high", "state", "notes", "source", "licence")


def row_columns(dimension: Dimension) -> tuple[str, str]:
    """The two columns naming a row: jurisdiction_code and jurisdiction, or e.g. legal_process_id and legal_process."""
    if dimension.is_jurisdictions:
        return "jurisdiction_code", "jurisdiction"
    return f"{dimension.id}_id", dimension.id


def section_columns(section: Section) -> tuple[str, ...]:
    """The columns of a section's CSV: the row, one per measure it publishes, then notes and provenance."""
    return (*SECTION_LEADING, *row_columns(section.dimension), *section.measures, *SECTION_TRAILING)


def csv_value(obs: Observation) -> str:
    """A figure in a CSV cell: plain digits (a percentage as published), low-high for bands, or the state in words."""
    if obs.state == "number":
        return str(obs.value)
    if obs.state == "band":
        return f"{obs.low}-{obs.high}"
    if obs.state == "suppressed":
        return f"fewer than {(obs.high or 0) + 1}"
    return obs.state.replace("_", " ")


def _note_texts(report: Report, section: Section, row: str | None, key: str | None = None) -> str:
    """Numbered notes on a row (any of its figures), or on one figure of it when `key` is given."""
    return " ".join(f"[{n.number}] {n.text}" for n in report.notes
                    if n.section == section.id and n.row == row and (key is None or n.measure in (None, key)))


def _provenance(config: SiteConfig, report: Report) -> list[str]:
    """The source and licence columns every CSV line carries, so no figure travels without them."""
    licence = f"{config.licence_name} ({config.licence_url})"
    return [report.source, f"{licence}. {config.attribution}" if config.attribution else licence]


def _lines(report: Report, section: Section) -> list[tuple[str, str, str, dict[str, Observation]]]:
    """(level, row code, row name, figures) of each row by name, then the total."""
    rows = [("row", r.key, r.name, r.values) for r in sorted(section.rows, key=lambda r: r.name)]
    return [*rows, ("total", "", total_name(report, section), section.totals)]


def _csv(header: Iterable[str], lines: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8")


def section_csv(config: SiteConfig, report: Report, section: Section) -> bytes:
    """One line per row, then the section's total."""
    return _csv(section_columns(section), (
        [level, code, name, *(csv_value(values.get(k) or Observation("not_reported")) for k in section.measures),
         _note_texts(report, section, code or None), *_provenance(config, report)]
        for level, code, name, values in _lines(report, section)))


def _figures(values: dict[str, Observation], section: Section) -> dict[str, Any]:
    return {k: figure_record(values.get(k) or Observation("not_reported")) for k in section.measures}


def section_json(site: Site, report: Report, section: Section) -> bytes:
    config = site.config
    breakdown = section.breakdown_of
    document = {
        "publisher": config.organisation,
        "licence": {"name": config.licence_name, "url": config.licence_url},
        "attribution": config.attribution or None,
        "report": {"id": report.id, "title": report.title, "start": report.start.isoformat(),
                   "end": report.end.isoformat(), "source": report.source},
        "section": {"id": section.id, "title": section.title, "subset_of": section.subset_of,
                    "breakdown_of": {"section": breakdown.section, "row": breakdown.row,
                                     "exhaustive": breakdown.exhaustive} if breakdown else None,
                    "partial": section.partial, "rows": section.dimension.id},
        "measures": [measure_record(site.measures, m) for m in section.measures],
        "totals": _figures(section.totals, section),
        "rows": [{"code": r.key, "name": r.name, **_figures(r.values, section),
                  "notes": [n.text for n in report.notes if n.section == section.id and n.row == r.key]}
                 for r in sorted(section.rows, key=lambda r: r.name)],
        "notes": [{"number": n.number, "text": n.text, "row": n.row, "measure": n.measure}
                  for n in report.notes if n.section in (None, section.id)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def measure_record(measures: Measures, measure_id: str) -> dict[str, Any]:
    """A measure's declaration as plain data."""
    m = measures[measure_id]
    return {"id": m.id, "label": m.label, "unit": m.unit, "kind": m.kind, "of": m.of, "definition": m.definition}


def _long_lines(site: Site, report: Report, section: Section, rows: Iterable[Row] | None = None) -> list[list[str]]:
    """One line per figure of a section: every row and the total, or only `rows` when given."""
    lines = _lines(report, section) if rows is None else [("row", r.key, r.name, r.values) for r in rows]
    breakdown = f"{section.breakdown_of.section}/{section.breakdown_of.row}" if section.breakdown_of else ""
    out = []
    for level, code, name, values in lines:
        for key in section.measures if level == "total" else section.table_measures:
            obs = values.get(key) or Observation("not_reported")
            out.append([report.id, report.start.isoformat(), report.end.isoformat(), section.id,
                        section.subset_of or "", breakdown, level, section.dimension.id, code, name, key,
                        site.measures[key].unit, _blank(obs.value),
                        _blank(obs.low), _blank(obs.high), obs.state, _note_texts(report, section, code or None, key),
                        *_provenance(site.config, report)])
    return out


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def long_csv(site: Site) -> bytes:
    """Every figure of every period, one per line: the dataset to load into a spreadsheet or database."""
    reports = sorted(site.published_reports, key=lambda r: (r.start, r.end))
    return _csv(LONG_COLUMNS, (line for r in reports for s in r.sections for line in _long_lines(site, r, s)))


def jurisdiction_csv(site: Site, code: str) -> bytes:
    """Every figure about one jurisdiction in long format: its rows, and every breakdown of its rows."""
    lines = []
    for report in sorted(site.published_reports, key=lambda r: (r.start, r.end)):
        for section in report.sections:
            row = section.row(code)
            if row is not None:
                lines += _long_lines(site, report, section, [row])
            elif section.breakdown_of is not None and section.breakdown_of.row == code:
                lines += _long_lines(site, report, section)
    return _csv(LONG_COLUMNS, lines)
