"""Stage 1, load: read every source file of a site, remembering where each value came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TypeVar

from ..problems import Location, Problems
from .csv_source import CsvTable, read_csv
from .packed_text import PackedText
from .yaml_source import YamlDocument, load_yaml, read_text

T = TypeVar("T")


@dataclass
class Sources:
    """Everything read from a site folder, not yet checked."""

    root: Path
    site: YamlDocument | None = None
    measures: YamlDocument | None = None
    dimensions: YamlDocument | None = None
    glossary: YamlDocument | None = None
    reports: list[YamlDocument] = field(default_factory=list)
    tables: dict[Path, CsvTable] = field(default_factory=dict)
    markdown: dict[Path, PackedText] = field(default_factory=dict)  # held compressed: see packed_text.py
    unreadable: list[Path] = field(default_factory=list)  # report and table files that could not be read
    invalid: list[YamlDocument] = field(default_factory=list)  # failed their format or schema check

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def accepted_reports(self) -> list[YamlDocument]:
        """Report files that passed the schema check."""
        return [doc for doc in self.reports if doc not in self.invalid]

    def usable(self, doc: YamlDocument | None) -> bool:
        """True when `doc` was read and passed its checks."""
        return doc is not None and doc not in self.invalid

    @property
    def declarations(self) -> list[YamlDocument]:
        """The site-wide YAML files other than reports, in the order they are checked."""
        return [d for d in (self.site, self.measures, self.dimensions, self.glossary) if d is not None]

    def table_at(self, real_path: Path) -> CsvTable | None:
        """The table read from the file whose real path is `real_path`, if one was."""
        return self._tables_by_real_path.get(real_path)

    @cached_property
    def _tables_by_real_path(self) -> dict[Path, CsvTable]:  # asked for once every table is read
        return {path.resolve(): table for path, table in self.tables.items()}

    @property
    def incomplete(self) -> bool:
        """True when some report or table file could not be read, or a report failed its schema check."""
        return bool(self.unreadable or self.invalid)


def load_sources(root: Path, problems: Problems) -> Sources:
    """Read site.yaml, data/measures.yaml, data/dimensions.yaml, data/glossary.yaml, data/reports/*.yaml,
    every CSV under data/ and every Markdown file: only files inside the site (a link out of it is refused)."""
    sources = Sources(root)
    read = partial(read_inside, root=root.resolve(), problems=problems)
    sources.site = read(root / "site.yaml", load_yaml)
    for name in ("measures", "dimensions", "glossary"):
        if (root / "data" / f"{name}.yaml").exists():
            setattr(sources, name, read(root / "data" / f"{name}.yaml", load_yaml))
    report_files = sorted((root / "data" / "reports").glob("*.y*ml"))
    if not report_files:
        problems.error(Location(root / "data" / "reports"), "no report files found",
                       "add a YAML file per period in data/reports/, e.g. data/reports/2013-h1.yaml")
    for path in report_files:
        if (doc := read(path, load_yaml)) is not None:
            sources.reports.append(doc)
        else:
            sources.unreadable.append(path)
    for path in sorted(sources.data_dir.rglob("*.csv")):
        if (table := read(path, read_csv)) is not None:
            sources.tables[path] = table
        else:
            sources.unreadable.append(path)
    for path in sorted(sources.content_dir.rglob("*.md")):
        if (text := read(path, read_text)) is not None:
            sources.markdown[path] = PackedText.of(text)
    return sources


def read_inside(path: Path, reader: Callable[[Path, Problems], T | None], root: Path, problems: Problems) -> T | None:
    """One file read by `reader`; a link out of the site folder, or an unexpected failure, is a problem instead."""
    if path.exists() and not path.resolve().is_relative_to(root):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        problems.error(Location(path), f"{name} is a link to a file outside the site",
                       "copy the file into the site's folder instead: only the site's own files are read")
        return None
    with problems.guard(Location(path), f"reading {path.name}"):
        return reader(path, problems)
    return None
