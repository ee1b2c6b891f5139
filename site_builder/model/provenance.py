"""Where each model object came from, so that problems found after assembly point at the right line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..load.yaml_source import YamlDocument
from ..problems import Location
from ..validate.figures import Observation


@dataclass
class Provenance:
    """Locations of reports, sections, rows, cells and totals, and what could not be read in full."""

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
