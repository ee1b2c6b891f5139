"""The typed objects every later stage works with: plain, immutable data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..validate.figures import Observation


@dataclass(frozen=True)
class Measure:
    """One column of a report table."""

    key: str
    label: str
    is_outcome: bool = False


MEASURES: tuple[Measure, ...] = (
    Measure("requests", "Requests"),
    Measure("accounts_specified", "Accounts specified"),
    Measure("disclosed_content", "Content disclosed", True),
    Measure("disclosed_noncontent", "Only non-content disclosed", True),
    Measure("no_data_found", "No data found", True),
    Measure("rejected", "Rejected", True),
)
MEASURE_KEYS = tuple(m.key for m in MEASURES)
OUTCOMES = tuple(m for m in MEASURES if m.is_outcome)
LABELS = {m.key: m.label for m in MEASURES}


@dataclass(frozen=True)
class Note:
    """A footnote attached to a report, a section, a row or one figure."""

    id: str
    number: int
    text: str
    section: str | None = None
    jurisdiction: str | None = None
    measure: str | None = None


@dataclass(frozen=True)
class Statement:
    """A quotation, attributed, dated and sourced."""

    id: str
    quote: str
    who: str
    source: str
    source_title: str
    date: date | None = None


@dataclass(frozen=True)
class Row:
    """One jurisdiction's figures within a section."""

    code: str
    name: str
    values: dict[str, Observation]


@dataclass(frozen=True)
class Section:
    """One table of a report, such as All services or Skype."""

    id: str
    title: str
    description: str
    rows: tuple[Row, ...]
    totals: dict[str, Observation]
    subset_of: str | None = None
    table_path: Path | None = None
    outcome_tolerance: int = 0
    totals_deduplicated: bool = False
    kind: str = "standard"  # standard | national_security
    legal_regime: str = ""
    reporting_delay: str = ""

    @property
    def is_national_security(self) -> bool:
        return self.kind == "national_security"

    def row(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)


@dataclass(frozen=True)
class Revision:
    """A correction to a published report: when, what changed and why."""

    date: date
    what: str
    why: str


@dataclass(frozen=True)
class Report:
    """One reporting period and everything published for it."""

    id: str
    title: str
    start: date
    end: date
    published: date | None
    source: str
    summary: str
    ready: bool
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    statements: tuple[Statement, ...]
    commentary_path: Path | None
    source_path: Path
    revisions: tuple[Revision, ...] = ()

    @property
    def revised(self) -> date | None:
        """The date of the latest revision, if the report was ever revised."""
        return max((r.date for r in self.revisions), default=None)

    @property
    def months(self) -> int:
        """Whole months covered, counting a partial month as one."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def main_section(self) -> Section:
        """The first section that is neither a subset of another nor national-security demands."""
        standard = [s for s in self.sections if s.subset_of is None and not s.is_national_security]
        return standard[0] if standard else self.sections[0]

    @property
    def national_security(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_national_security)


@dataclass(frozen=True)
class Jurisdiction:
    """A country or territory by its ISO 3166-1 alpha-2 code."""

    code: str
    name: str


@dataclass(frozen=True)
class ContentPage:
    """A Markdown page from content/ that becomes its own page."""

    slug: str
    source_path: Path


@dataclass(frozen=True)
class Term:
    """A glossary entry; `measure` or `state` ties it to the figures it explains."""

    id: str
    term: str
    definition: str
    measure: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """Settings from site.yaml."""

    organisation: str
    title: str
    description: str
    base_url: str
    language: str
    licence_name: str
    licence_url: str
    source_path: Path


@dataclass(frozen=True)
class Site:
    """The whole validated site, reports newest first."""

    config: SiteConfig
    root: Path
    reports: tuple[Report, ...]
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    pages: tuple[ContentPage, ...] = ()
    glossary: tuple[Term, ...] = ()
    glossary_path: Path | None = None

    @property
    def published_reports(self) -> tuple[Report, ...]:
        return tuple(r for r in self.reports if r.ready)

    @property
    def published_codes(self) -> list[str]:
        """Codes of the jurisdictions with a row in any section of a published report, sorted."""
        return sorted({row.code for r in self.published_reports for s in r.sections for row in s.rows})
