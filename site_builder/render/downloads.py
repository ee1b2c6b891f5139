"""Each report section as CSV and JSON, carrying the same figures the pages show."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..model.objects import MEASURE_KEYS, Report, Section, SiteConfig
from ..validate.figures import Observation, figure_record

CSV_COLUMNS = ("level", "jurisdiction_code", "jurisdiction", *MEASURE_KEYS, "notes", "source", "licence")


def csv_value(obs: Observation) -> str:
    """A figure in a CSV cell: plain digits, low-high for bands, or the state in words."""
    if obs.state == "number":
        return str(obs.value)
    if obs.state == "band":
        return f"{obs.low}-{obs.high}"
    if obs.state == "suppressed":
        return f"fewer than {obs.high + 1}"
    return obs.state.replace("_", " ")


def _note_texts(report: Report, section: Section, code: str | None, key: str | None = None) -> str:
    """Numbered notes on a row (any of its figures), or on one figure of it when `key` is given."""
    return " ".join(f"[{n.number}] {n.text}" for n in report.notes
                    if n.section == section.id and n.jurisdiction == code
                    and (key is None or n.measure in (None, key)))


def _provenance(config: SiteConfig, report: Report) -> list[str]:
    """The source and licence columns every CSV line carries, so no figure travels without them."""
    return [report.source, f"{config.licence_name} ({config.licence_url})"]


def section_csv(config: SiteConfig, report: Report, section: Section) -> bytes:
    """One row per jurisdiction, then the section's total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = [("jurisdiction", r.code, r.name, r.values) for r in sorted(section.rows, key=lambda r: r.name)]
    rows.append(("total", "", "All jurisdictions", section.totals))
    for level, code, name, values in rows:
        writer.writerow([level, code, name, *(csv_value(values[k]) for k in MEASURE_KEYS),
                         _note_texts(report, section, code or None), *_provenance(config, report)])
    return buffer.getvalue().encode("utf-8")


def _figures(values: dict[str, Observation]) -> dict[str, Any]:
    return {k: figure_record(values[k]) for k in MEASURE_KEYS}


def section_json(config: SiteConfig, report: Report, section: Section) -> bytes:
    document = {
        "publisher": config.organisation,
        "licence": {"name": config.licence_name, "url": config.licence_url},
        "report": {"id": report.id, "title": report.title, "start": report.start.isoformat(),
                   "end": report.end.isoformat(), "source": report.source},
        "section": {"id": section.id, "title": section.title, "subset_of": section.subset_of},
        "totals": _figures(section.totals),
        "rows": [{"code": r.code, "name": r.name, **_figures(r.values),
                  "notes": [n.text for n in report.notes if n.section == section.id and n.jurisdiction == r.code]}
                 for r in sorted(section.rows, key=lambda r: r.name)],
        "notes": [{"number": n.number, "text": n.text, "jurisdiction": n.jurisdiction, "measure": n.measure}
                  for n in report.notes if n.section in (None, section.id)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


LONG_COLUMNS = ("period", "start", "end", "section", "subset_of", "level", "jurisdiction_code", "jurisdiction",
                "measure", "value", "low", "high", "state", "notes", "source", "licence")


def _long_rows(config: SiteConfig, report: Report, section: Section) -> list[list[str]]:
    rows = [("jurisdiction", r.code, r.name, r.values) for r in sorted(section.rows, key=lambda r: r.name)]
    rows.append(("total", "", "All jurisdictions", section.totals))
    out = []
    for level, code, name, values in rows:
        for key in MEASURE_KEYS:
            obs = values[key]
            out.append([report.id, report.start.isoformat(), report.end.isoformat(), section.id,
                        section.subset_of or "", level, code, name, key, _blank(obs.value), _blank(obs.low),
                        _blank(obs.high), obs.state, _note_texts(report, section, code or None, key),
                        *_provenance(config, report)])
    return out


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def long_csv(config: SiteConfig, reports: tuple[Report, ...]) -> bytes:
    """Every figure of every period, one per line: the dataset to load into a spreadsheet or database."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LONG_COLUMNS)
    for report in sorted(reports, key=lambda r: r.start):
        for section in report.sections:
            writer.writerows(_long_rows(config, report, section))
    return buffer.getvalue().encode("utf-8")
