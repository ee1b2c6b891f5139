"""The typed objects every later stage works with: plain, immutable data.

Nothing here names a publisher's measures or rows: the site declares them (data/measures.yaml,
data/dimensions.yaml) and `declarations.py` turns the declarations into `Measures` and `Dimension`s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from ..load.packed_text import PackedText
from ..validate.figures import NOT_REPORTED, Observation

JURISDICTIONS = "jurisdictions"  # the id of the built-in dimension of countries and territories


@dataclass(frozen=True)
class Measure:
    """One declared figure, such as a count of demands or a percentage of them."""

    id: str
    label: str
    short_label: str
    unit: str  # what one counts, in the plural: "demands", "accounts", "percent"
    kind: str = "count"  # count | percentage
    of: str | None = None  # a percentage's count
    definition: str = ""

    @property
    def is_percentage(self) -> bool:
        return self.kind == "percentage"


@dataclass(frozen=True)
class OutcomeSet:
    """Measures that are parts of one count, such as how the demands were answered."""

    id: str
    title: str
    whole: str
    parts: tuple[str, ...]
    exhaustive: bool = True  # every unit of the whole falls in exactly one part
    tolerance: int = 0  # how far the parts may fall short of the whole before it is an error


@dataclass(frozen=True)
class Measures:
    """Every measure the site declares, in declared order, with the roles they play."""

    items: tuple[Measure, ...]
    primary: str
    headline: tuple[str, ...]
    outcome_sets: tuple[OutcomeSet, ...] = ()

    def __getitem__(self, measure_id: str) -> Measure:
        return self._by_id[measure_id]

    @cached_property
    def _by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in reversed(self.items)}  # the first of a repeated id, as a search in order finds

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.items)

    @property
    def primary_measure(self) -> Measure:
        return self[self.primary]

    def ordered(self, ids: Iterable[str]) -> tuple[Measure, ...]:
        """The measures among `ids`, in declared order."""
        wanted = set(ids)
        return tuple(m for m in self.items if m.id in wanted)

    def whole_of(self, measure_id: str) -> Measure | None:
        """The count a measure is a part of (through its outcome set), if any."""
        found = next((s for s in self.outcome_sets if measure_id in s.parts), None)
        return self[found.whole] if found else None


@dataclass(frozen=True)
class Member:
    """One row a dimension may have: a category, or a jurisdiction ISO 3166-1 does not list."""

    id: str
    name: str
    definition: str = ""
    group: bool = False  # stands for several jurisdictions (rest of world): no page, never ranked


@dataclass(frozen=True)
class Dimension:
    """What the rows of a table are: jurisdictions, or a declared list of categories."""

    id: str
    label: str  # heading of the row column, e.g. "Jurisdiction", "Request type"
    plural: str  # "jurisdictions", "request types"
    members: tuple[Member, ...] = ()

    @property
    def is_jurisdictions(self) -> bool:
        return self.id == JURISDICTIONS

    def member(self, member_id: str) -> Member | None:
        return self._by_id.get(member_id)

    @cached_property
    def _by_id(self) -> dict[str, Member]:
        return {m.id: m for m in reversed(self.members)}  # the first of a repeated id, as a search in order finds


@dataclass(frozen=True)
class Note:
    """A footnote attached to a report, a section, a row or one figure."""

    id: str
    number: int
    text: str
    section: str | None = None
    row: str | None = None
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
    """One row's figures within a section: a jurisdiction, a group of them, or a category."""

    key: str  # ISO 3166-1 alpha-2 code, a declared pseudo-row's id, or a category's id
    name: str
    values: dict[str, Observation]
    has_page: bool = False  # a jurisdiction with a page of its own

    def value(self, measure_id: str) -> Observation:
        return self.values.get(measure_id, NOT_REPORTED)


@dataclass(frozen=True)
class Breakdown:
    """The row of another section that a section divides into parts."""

    section: str
    row: str
    exhaustive: bool = False  # the parts add up to the row


@dataclass(frozen=True)
class Section:
    """One table of a report: its rows, the measures it publishes and its totals."""

    id: str
    title: str
    description: str
    dimension: Dimension
    measures: tuple[str, ...]  # the measures this section publishes, in its table or totals, in declared order
    rows: tuple[Row, ...]
    totals: dict[str, Observation]
    subset_of: str | None = None
    breakdown_of: Breakdown | None = None
    partial: bool = False  # lists only some rows: its published totals stand, its rows do not add up to them
    table_path: Path | None = None
    outcome_tolerance: int | None = None
    totals_deduplicated: bool = False
    kind: str = "standard"  # standard | national_security
    legal_regime: str = ""
    reporting_delay: str = ""
    columns: tuple[str, ...] = ()  # the measures of its table's columns, in declared order

    @property
    def is_national_security(self) -> bool:
        return self.kind == "national_security"

    @property
    def is_top_level(self) -> bool:
        """Neither part of another section nor a breakdown of one of its rows."""
        return self.subset_of is None and self.breakdown_of is None

    @property
    def table_measures(self) -> tuple[str, ...]:
        """The measures its table shows: the table's columns, or every measure of a totals-only section."""
        return self.columns if self.rows else self.measures

    def row(self, key: str) -> Row | None:
        return self._rows_by_key.get(key)

    @cached_property
    def _rows_by_key(self) -> dict[str, Row]:
        return {r.key: r for r in reversed(self.rows)}  # the first of a repeated key, as a search in order finds

    def ranked(self, measure_id: str) -> list[float]:
        """The figures for `measure_id` of the rows with pages of their own that have one, smallest first."""
        if measure_id not in self._ranked:
            self._ranked[measure_id] = sorted(r.value(measure_id).value for r in self.rows
                                              if r.has_page and r.value(measure_id).is_number)
        return self._ranked[measure_id]

    @cached_property
    def _ranked(self) -> dict[str, list[float]]:
        return {}

    def total(self, measure_id: str) -> Observation:
        return self.totals.get(measure_id, NOT_REPORTED)

    def lead_measure(self, measures: Measures) -> str | None:
        """The measure this table is ranked and charted by: the primary one if it has it, else its first count."""
        if measures.primary in self.measures:
            return measures.primary
        return next((m.id for m in measures.ordered(self.measures) if not m.is_percentage), None)


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
    commentary: ContentText | None
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

    def notes_at(self, section: str | None = None, row: str | None = None,
                 measure: str | None = None) -> tuple[int, ...]:
        """Numbers of the notes attached exactly at this place."""
        return self._note_places.get((section, row, measure), ())

    @cached_property
    def _note_places(self) -> dict[tuple[str | None, str | None, str | None], tuple[int, ...]]:
        places: dict[tuple[str | None, str | None, str | None], tuple[int, ...]] = {}
        for note in self.notes:
            place = (note.section, note.row, note.measure)
            places[place] = (*places.get(place, ()), note.number)
        return places

    @property
    def main_section(self) -> Section:
        """The first top-level section that is not national-security demands."""
        standard = [s for s in self.sections if s.is_top_level and not s.is_national_security]
        return standard[0] if standard else self.sections[0]

    @property
    def national_security(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_national_security)


@dataclass(frozen=True)
class Jurisdiction:
    """A country or territory with a page: an ISO 3166-1 alpha-2 code or a declared extra jurisdiction."""

    code: str
    name: str


@dataclass(frozen=True)
class ContentText:
    """A Markdown file's text as it was read (so it is never read twice; held compressed), and where it came from."""

    path: Path
    packed: PackedText

    @property
    def text(self) -> str:
        return self.packed.text


@dataclass(frozen=True)
class ContentPage:
    """A Markdown page from content/ that becomes its own page."""

    slug: str
    source: ContentText


@dataclass(frozen=True)
class Term:
    """A glossary entry; `state` ties it to the kind of figure it explains (band, withheld...)."""

    id: str
    term: str
    definition: str
    state: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """Settings from site.yaml, and where this build will be served when that is not `base_url` (a preview)."""

    organisation: str
    title: str
    description: str
    base_url: str  # where the site is published: canonical links, feeds, sitemap and citations use it
    language: str
    licence_name: str
    licence_url: str
    source_path: Path
    attribution: str = ""
    deploy_url: str = ""  # where this build is served, when not at base_url: a preview or the local server

    @property
    def base_path(self) -> str:
        """The path every link of this build starts with: / at a domain's root, /transparency/ below it."""
        return urlsplit(self.deploy_url or self.base_url).path or "/"

    @property
    def is_preview(self) -> bool:
        """True when this build is served somewhere else than the published site: search engines skip it."""
        return bool(self.deploy_url) and self.deploy_url != self.base_url


@dataclass(frozen=True)
class Site:
    """The whole validated site, reports newest first."""

    config: SiteConfig
    root: Path
    measures: Measures
    reports: tuple[Report, ...]
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    pages: tuple[ContentPage, ...] = ()
    glossary: tuple[Term, ...] = ()
    declaration_paths: tuple[Path, ...] = ()

    @property
    def published_reports(self) -> tuple[Report, ...]:
        return tuple(r for r in self.reports if r.ready)

    def series(self, section_id: str) -> list[tuple[Report, Section]]:
        """One table followed across the published periods that have it, oldest first."""
        found = [(r, r.section(section_id)) for r in reversed(self.published_reports)]
        return [(r, s) for r, s in found if s is not None]

    @property
    def latest(self) -> Report | None:
        """The report the home page leads with: the newest whose main section has the primary measure."""
        reports = self.published_reports
        primary = self.measures.primary
        return next((r for r in reports if r.main_section.total(primary).is_number), reports[0] if reports else None)

    @property
    def main_series(self) -> str | None:
        """The id of the table that trends follow across periods: the main section of the latest report."""
        latest = self.latest
        return latest.main_section.id if latest else None

    @property
    def jurisdiction_tables(self) -> list[str]:
        """Ids of the tables of jurisdictions, not part of another, with rows in a published report; newest first."""
        return list(dict.fromkeys(s.id for r in self.published_reports for s in r.sections
                                  if s.subset_of is None and s.dimension.is_jurisdictions and s.rows))

    @property
    def published_codes(self) -> list[str]:
        """Codes of the jurisdictions with a page: a row in any section of a published report, sorted."""
        return sorted({row.key for r in self.published_reports for s in r.sections for row in s.rows if row.has_page})
