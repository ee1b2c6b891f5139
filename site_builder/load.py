"""Stage 1, load: read every source file of a site, remembering where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .csv_source import CsvTable, read_csv
from .problems import Location, Problems
from .yaml_source import YamlDocument, load_yaml, read_text


@dataclass
class Sources:
    """Everything read from a site folder, not yet checked."""

    root: Path
    site: YamlDocument | None = None
    reports: list[YamlDocument] = field(default_factory=list)
    tables: dict[Path, CsvTable] = field(default_factory=dict)
    markdown: dict[Path, str] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"


def load_sources(root: Path, problems: Problems) -> Sources:
    """Read site.yaml, data/reports/*.yaml, every CSV under data/ and every Markdown file."""
    sources = Sources(root)
    sources.site = load_yaml(root / "site.yaml", problems)
    report_files = sorted((root / "data" / "reports").glob("*.y*ml"))
    if not report_files:
        problems.error(Location(root / "data" / "reports"), "no report files found",
                       "add a YAML file per period in data/reports/, e.g. data/reports/2013-h1.yaml")
    sources.reports = [d for d in (load_yaml(p, problems) for p in report_files) if d is not None]
    for path in sorted(sources.data_dir.rglob("*.csv")):
        if (table := read_csv(path, problems)) is not None:
            sources.tables[path] = table
    for path in sorted(sources.content_dir.rglob("*.md")):
        if (text := read_text(path, problems)) is not None:
            sources.markdown[path] = text
    return sources
