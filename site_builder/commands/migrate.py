"""`migrate`: rewrite a format 1 site in format 2, line by line, keeping every figure, comment and word.

Format 1 had no declarations: its tables' columns were the measures. The declarations are read off the
site itself: each column becomes a measure (its glossary term's definition kept), and the columns whose
figures add up to another column in every row (as format 1 checked) become that column's outcome set.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..load.csv_source import CsvTable, read_csv
from ..load.yaml_source import YamlDocument, load_yaml
from ..model.jurisdictions import JurisdictionResolver
from ..problems import Problems, SiteError
from ..validate.figures import FigureError, parse_figure
from ..validate.format_version import CURRENT_FORMAT, declared_format
from ..validate.schema_check import schema_comment
from .scaffold import quote

ROW_COLUMNS = ("country", "jurisdiction")


@dataclass
class Format1Site:
    """The YAML documents and tables of a format 1 site, read but not yet rewritten."""

    root: Path
    site: YamlDocument
    glossary: YamlDocument | None
    reports: list[YamlDocument]
    tables: dict[Path, CsvTable] = field(default_factory=dict)


class NothingToMigrate(Exception):
    """The site is already in the current format."""


def migrate_site(root: Path, problems: Problems) -> dict[Path, str]:
    """Path → new text of every file the migration writes or rewrites; raises SiteError when a file cannot be read."""
    old = _read(root, problems)
    measures = _measure_ids(old)
    parts = _outcome_set(old, measures)
    definitions = _definitions(old.glossary)
    measures_path, dimensions_path = root / "data" / "measures.yaml", root / "data" / "dimensions.yaml"
    files = {old.site.path: _pointed(_site_yaml(old.site), old.site.path, "site"),
             measures_path: measures_yaml(measures, parts, definitions, schema_comment(measures_path, "measures"))}
    aliases = old.site.data.get("jurisdiction_aliases")
    if aliases:
        files[dimensions_path] = _dimensions_yaml(aliases, schema_comment(dimensions_path, "dimensions"))
    if old.glossary is not None:
        files[old.glossary.path] = _pointed(_glossary_yaml(old.glossary), old.glossary.path, "glossary")
    files |= {doc.path: _pointed(_report_yaml(doc), doc.path, "report") for doc in old.reports}
    return files


def _pointed(text: str, path: Path, schema: str) -> str:
    """`text` with its schema comment (if it has one) pointing at this builder's schema."""
    return re.sub(r"^# yaml-language-server: \$schema=.*$", lambda _: schema_comment(path, schema), text, count=1,
                  flags=re.M)


def _read(root: Path, problems: Problems) -> Format1Site:
    site = load_yaml(root / "site.yaml", problems)
    if site is not None and declared_format(site) == CURRENT_FORMAT:
        raise NothingToMigrate(f"{site.path.name} is already in format {CURRENT_FORMAT}")
    glossary_path = root / "data" / "glossary.yaml"
    glossary = load_yaml(glossary_path, problems) if glossary_path.exists() else None
    reports = [load_yaml(p, problems) for p in sorted((root / "data" / "reports").glob("*.y*ml"))]
    tables = {p: read_csv(p, problems) for p in sorted((root / "data").rglob("*.csv"))}
    if problems.has_errors() or site is None:
        raise SiteError(problems)
    return Format1Site(root, site, glossary, [r for r in reports if r is not None],
                       {p: t for p, t in tables.items() if t is not None})


def _table(old: Format1Site, doc: YamlDocument, section: dict[str, Any]) -> CsvTable | None:
    if "table" not in section:
        return None
    path = (doc.path.parent / section["table"]).resolve()
    return next((t for p, t in old.tables.items() if p.resolve() == path), None)


def _measure_ids(old: Format1Site) -> list[str]:
    """Every column and totals key of the site, in the order first met."""
    ids: dict[str, None] = {}
    for doc in old.reports:
        for section in doc.data.get("sections", []):
            table = _table(old, doc, section)
            ids |= dict.fromkeys(c.text for c in (table.header[1:] if table else ()))
            ids |= dict.fromkeys(section.get("totals", {}))
    return list(ids)


def _count_rows(old: Format1Site) -> Iterable[tuple[dict[str, int], float]]:
    """Each table row whose figures are all counts, with the tolerance its section allowed (any, with a note)."""
    resolver = JurisdictionResolver(old.site.data.get("jurisdiction_aliases", {}))
    for doc in old.reports:
        noted = {(n.get("section"), resolver.resolve(str(n["jurisdiction"]))) for n in doc.data.get("notes", [])
                 if "jurisdiction" in n}
        for section in doc.data.get("sections", []):
            table = _table(old, doc, section)
            columns = [c.text for c in table.header] if table else []
            for cells in table.rows if table else ():
                values = _counts(columns, cells)
                if values is not None:
                    explained = (section["id"], resolver.resolve(cells[0].text)) in noted
                    yield values, math.inf if explained else section.get("outcome_tolerance", 0)


def _counts(columns: list[str], cells: tuple[Any, ...]) -> dict[str, int] | None:
    values = {}
    for column, cell in zip(columns[1:], cells[1:], strict=False):
        try:
            figure = parse_figure(cell.text)
        except FigureError:
            return None
        if not figure.is_number:
            return None
        values[column] = int(figure.value or 0)
    return values


def _outcome_set(old: Format1Site, measures: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """The whole and its parts: the largest set of columns whose figures add up to another column in every row
    that has them all; None when no set, or more than one, does."""
    rows = list(_count_rows(old))
    found = []
    for whole in measures:
        others = [m for m in measures if m != whole]
        for size in range(len(others), 1, -1):
            matches = [parts for parts in combinations(others, size) if _adds_up(rows, whole, parts)]
            if matches:
                found += [(whole, parts) for parts in matches]
                break
    return found[0] if len(found) == 1 else None


def _adds_up(rows: list[tuple[dict[str, int], float]], whole: str, parts: tuple[str, ...]) -> bool:
    """True when some rows have the whole and every part, and in each the parts fall short of it by at most its
    tolerance (never above it)."""
    checked = [(row, tolerance) for row, tolerance in rows if whole in row and all(p in row for p in parts)]
    return bool(checked) and all(0 <= row[whole] - sum(row[p] for p in parts) <= tolerance
                                 for row, tolerance in checked)


def _definitions(glossary: YamlDocument | None) -> dict[str, str]:
    terms = glossary.data.get("terms", []) if glossary is not None else []
    return {t["measure"]: " ".join(t["definition"].split()) for t in terms if "measure" in t}


def humanise(measure_id: str) -> str:
    words = measure_id.replace("_", " ")
    return words[:1].upper() + words[1:]


def measures_yaml(measures: list[str], parts: tuple[str, tuple[str, ...]] | None, definitions: dict[str, str],
                  comment: str) -> str:
    """data/measures.yaml declaring each measure; the parts of a whole are counted in the whole's unit."""
    lines = [comment, "# What the reports count. Written by `python build.py migrate` from the tables:",
             "# check each label and unit, and add a definition where there is none.",
             f"format: {CURRENT_FORMAT}", "measures:"]
    for measure in measures:
        unit = humanise(parts[0]).lower() if parts and measure in parts[1] else humanise(measure).lower()
        lines += [f"  - id: {measure}", f"    label: {quote(humanise(measure))}", f"    unit: {quote(unit)}"]
        if measure in definitions:
            lines.append(f"    definition: {quote(definitions[measure])}")
    if parts:
        whole, members = parts
        title = quote("What happened to the " + humanise(whole).lower())
        lines += ["outcome_sets:", "  - id: outcomes", f"    title: {title}", f"    whole: {whole}",
                  f"    parts: [{', '.join(members)}]"]
    return "\n".join(lines) + "\n"


def _with_format(text: str) -> str:
    """`format: N` after the file's leading comments."""
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), len(lines))
    return "".join([*lines[:at], f"format: {CURRENT_FORMAT}\n", *lines[at:]])


def _without_block(text: str, key: str) -> tuple[str, str]:
    """`text` without the top-level `key:` block and the comment lines just above it; and that block."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return text, ""
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    first = start
    while first > 0 and lines[first - 1].startswith("#") and "yaml-language-server" not in lines[first - 1]:
        first -= 1
    return "".join(lines[:first] + lines[end:]), "".join(lines[first:end])


def _site_yaml(doc: YamlDocument) -> str:
    text, _ = _without_block(doc.path.read_text(encoding="utf-8-sig"), "jurisdiction_aliases")
    return _with_format(text)


def _dimensions_yaml(aliases: dict[str, str], comment: str) -> str:
    lines = [comment, "# What the rows of the tables are. Moved here from site.yaml by `python build.py migrate`.",
             f"format: {CURRENT_FORMAT}", "jurisdictions:", "  # Names the source uses, mapped to ISO 3166-1 codes.",
             "  aliases:"]
    lines += [f"    {quote(name)}: {code}" for name, code in aliases.items()]
    return "\n".join(lines) + "\n"


def _glossary_yaml(doc: YamlDocument) -> str:
    """The glossary without the terms that explained measures: their definitions move to data/measures.yaml."""
    lines = doc.path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    terms = doc.data.get("terms", [])
    starts = [doc.where(("terms", i)).line - 1 for i in range(len(terms))]
    ends = [*starts[1:], len(lines)]
    dropped = {n for i, t in enumerate(terms) if "measure" in t for n in range(starts[i], ends[i])}
    return _with_format("".join(line for n, line in enumerate(lines) if n not in dropped))


def _report_yaml(doc: YamlDocument) -> str:
    """A report with its format, and notes attached to a `row:` (format 1 said `jurisdiction:`)."""
    text = doc.path.read_text(encoding="utf-8-sig")
    notes = doc.data.get("notes", [])
    lines = text.splitlines(keepends=True)
    for i, note in enumerate(notes):
        if "jurisdiction" in note:
            at = doc.key_where(("notes", i, "jurisdiction"))
            line = lines[at.line - 1]
            lines[at.line - 1] = line[: at.col - 1] + re.sub(r"^jurisdiction:", "row:", line[at.col - 1:])
    return _with_format("".join(lines))
