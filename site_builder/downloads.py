"""Each report section as CSV and JSON, carrying the same figures the pages show."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .figures import figure_record
from .model import MEASURE_KEYS, Observation, Report, Section, SiteConfig

CSV_COLUMNS = ("level", "jurisdiction_code", "jurisdiction", *MEASURE_KEYS, "notes")


def csv_value(obs: Observation) -> str:
    """A figure in a CSV cell: plain digits, low-high for bands, or the state in words."""
    if obs.state == "number":
        return str(obs.value)
    if obs.state == "band":
        return f"{obs.low}-{obs.high}"
    if obs.state == "suppressed":
        return f"fewer than {obs.high + 1}"
    return obs.state.replace("_", " ")


def _note_texts(report: Report, section: Section, code: str | None) -> str:
    return " ".join(f"[{n.number}] {n.text}" for n in report.notes
                    if n.section == section.id and n.jurisdiction == code)


def section_csv(report: Report, section: Section) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in sorted(section.rows, key=lambda r: r.name):
        writer.writerow(["jurisdiction", row.code, row.name, *(csv_value(row.values[k]) for k in MEASURE_KEYS),
                         _note_texts(report, section, row.code)])
    writer.writerow(["total", "", "All jurisdictions", *(csv_value(section.totals[k]) for k in MEASURE_KEYS),
                     _note_texts(report, section, None)])
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
