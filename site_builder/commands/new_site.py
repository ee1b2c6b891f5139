"""`new site DIR`: a blank site for an organisation, its measures from a starter set, that builds at once.

Every figure comes from the organisation: the first period is a draft whose tables hold no figures.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..model.declarations import JURISDICTION_COLUMNS
from ..render.assets import ENGINE_TEMPLATES
from ..reporter import display_path
from ..validate.format_version import CURRENT_FORMAT
from ..validate.schema_check import schema_comment
from .new_report import period_title
from .scaffold import blank_csv, commentary_skeleton, create_files, quote
from .starters import STARTERS, measures_file, summary

PLACEHOLDER_ORGANISATION = "TO DO: organisation name"
SECTION_ID = "all"


class SiteRefused(Exception):
    """The site cannot be created in the folder asked for; the message says why."""


@dataclass(frozen=True)
class Starter:
    """One starter set: the text of its measures file and, when its rows are categories, of its dimensions file."""

    id: str
    measures_text: str
    dimensions_text: str | None

    @property
    def summary(self) -> str:
        """What the set is for: the first line of its leading comment."""
        return summary(self.measures_text)

    @cached_property
    def measures(self) -> dict[str, Any]:
        return yaml.safe_load(self.measures_text)

    @cached_property
    def categories(self) -> dict[str, Any] | None:
        """The first list of categories its dimensions declare, or None when the rows are jurisdictions."""
        lists = yaml.safe_load(self.dimensions_text).get("categories", []) if self.dimensions_text else []
        return lists[0] if lists else None

    @property
    def row_column(self) -> str:
        """The name of a table's first column: the category list's id, else country."""
        categories = self.categories
        return categories["id"] if categories else JURISDICTION_COLUMNS[0]

    @property
    def row_names(self) -> list[str]:
        """The rows a blank table starts with: every category; no jurisdiction (which ones is the editor's to say)."""
        categories = self.categories
        return [m["id"] for m in categories["members"]] if categories else []

    @property
    def rows_in_words(self) -> str:
        categories = self.categories
        return (f"one row per kind of {categories['label'].lower()}" if categories
                else "one row per jurisdiction (its name or ISO 3166-1 code)")

    @property
    def primary_label(self) -> str:
        measures = self.measures["measures"]
        primary = self.measures.get("primary", measures[0]["id"])
        return next(m["label"] for m in measures if m["id"] == primary)


def load_starter(starter_id: str) -> Starter:
    """One starter set by id (one of `starter_ids()`)."""
    dimensions = STARTERS / "dimensions" / f"{starter_id}.yaml"
    return Starter(starter_id, measures_file(starter_id).read_text(encoding="utf-8"),
                   dimensions.read_text(encoding="utf-8") if dimensions.is_file() else None)


def refuse_unusable(folder: Path) -> None:
    """Raise SiteRefused unless `folder` is missing or an empty folder."""
    if folder.exists() and not folder.is_dir():
        raise SiteRefused(f"{display_path(folder)} is a file, not a folder: nothing was created")
    if folder.is_dir() and any(folder.iterdir()):
        raise SiteRefused(f"{display_path(folder)} is not empty: nothing was created")


def scaffold_site(folder: Path, organisation: str | None, starter_id: str, today: date) -> list[Path]:
    """Write a blank site into `folder`, which must be missing or empty; return the paths written.

    Raises SiteRefused when the folder holds anything."""
    refuse_unusable(folder)
    files = site_files(folder, organisation or PLACEHOLDER_ORGANISATION, load_starter(starter_id), today)
    create_files(files)
    return list(files)


def site_files(folder: Path, organisation: str, starter: Starter, today: date) -> dict[Path, str]:
    """Path → text of every file of the blank site, its first period the first half of `today`'s year."""
    start, end = date(today.year, 1, 1), date(today.year, 6, 30)
    report_id = f"{today.year}-h1"
    data, content = folder / "data", folder / "content"
    table = f"{report_id}-{SECTION_ID}.csv"
    declared = {  # path → (its schema, its text)
        folder / "site.yaml": ("site", _site_yaml(organisation)),
        data / "measures.yaml": ("measures", starter.measures_text),
        **({data / "dimensions.yaml": ("dimensions", starter.dimensions_text)} if starter.dimensions_text else {}),
        data / "glossary.yaml": ("glossary", (STARTERS / "common" / "glossary.yaml").read_text(encoding="utf-8")),
        data / "reports" / f"{report_id}.yaml": ("report", _report_yaml(report_id, start, end, starter, table)),
    }
    files = {path: f"{schema_comment(path, schema)}\n{text}" for path, (schema, text) in declared.items()}
    return files | {
        data / "reports" / table: blank_csv([starter.row_column, *(m["id"] for m in starter.measures["measures"])],
                                            starter.row_names),
        content / "reports" / f"{report_id}.md": commentary_skeleton(period_title(start, end), report_id),
        content / "about.md": ABOUT,
        content / "methodology.md": METHODOLOGY,
        folder / "templates" / "README.md": _templates_readme(),
        folder / ".gitignore": "# Made by every build: never edit or commit them.\noutput/\n.cache/\n",
    }


def _site_yaml(organisation: str) -> str:
    unnamed = organisation == PLACEHOLDER_ORGANISATION
    who = ["# TO DO: the organisation's name as readers know it."] if unnamed else []
    title = "TO DO: the site's title" if unnamed else f"{organisation} transparency report"
    description = f"Government demands {'the organisation' if unnamed else organisation} received, as published."
    lines = [
        "# Settings for the whole site, written by `python build.py new site`. Change every line marked",
        "# TO DO before you publish; docs/new-site.md explains each field.",
        f"format: {CURRENT_FORMAT}",
        *who,
        f"organisation: {quote(organisation)}",
        "# The site's title, shown in every page header.",
        f"title: {quote(title)}",
        "# One sentence about the site, used in search results and previews.",
        f"description: {quote(description)}",
        "# TO DO: the address the site will be published at, ending with a slash. Feeds, the sitemap,",
        "# citations and shared links are made from it.",
        "base_url: https://example.org/",
        "# The pages' language, as a tag such as en or en-GB.",
        "language: en",
        "# TO DO: the licence the figures are published under. CC BY 4.0 lets anyone reuse them if they",
        "# credit you as the attribution below says; CC0 1.0 asks nothing (then delete the attribution).",
        "data_licence:",
        "  name: CC BY 4.0",
        "  url: https://creativecommons.org/licenses/by/4.0/",
        f"attribution: {quote(f'Figures published by {organisation}.')}",
    ]
    return "\n".join(lines) + "\n"


def _report_yaml(report_id: str, start: date, end: date, starter: Starter, table: str) -> str:
    lines = [
        "# The first period, written by `python build.py new site`. It is a draft: checked on every build,",
        "# not published. Fill in every TO DO and the figures, then change status to ready to publish it.",
        f"format: {CURRENT_FORMAT}",
        f"id: {quote(report_id)}",
        "# The period as readers see it, and its first and last days: change all three to the period",
        f"# your figures cover. If you change the id too, rename content/reports/{report_id}.md to match.",
        f"title: {quote(period_title(start, end))}",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
        "# The day the organisation published these figures (optional):",
        f"# published: {end.year}-MM-DD",
        "# TO DO: the address where the organisation published these figures.",
        "source: https://example.org/",
        "status: draft",
        f"summary: {quote('TO DO: one or two sentences shown in lists and previews.')}",
        "sections:",
        f"  - id: {SECTION_ID}",
        f"    title: {quote('All ' + starter.primary_label.lower())}",
        f"    # The figures, {starter.rows_in_words}: every one",
        "    # as the organisation published it, or 'not reported'.",
        f"    table: {quote(table)}",
        "    # The totals as published, checked against the rows. Add them when you have them, e.g.",
        "    # totals:",
        f"    #   {starter.measures['measures'][0]['id']}: 1234",
    ]
    return "\n".join(lines) + "\n"


def _templates_readme() -> str:
    names = sorted(p.relative_to(ENGINE_TEMPLATES).as_posix() for p in ENGINE_TEMPLATES.rglob("*") if p.is_file())
    return TEMPLATES_README + "".join(f"- `{name}`\n" for name in names)


def next_steps(folder: Path, created: list[Path]) -> str:
    """What the editor does next, naming the files as paths from the working folder."""
    report = next(p for p in created if p.parent.name == "reports" and p.suffix == ".yaml")
    table = next(p for p in created if p.suffix == ".csv")
    return "\n".join([
        "Next steps (docs/new-site.md explains each one):",
        f"  1. In {display_path(folder / 'site.yaml')}, change the lines marked TO DO: the address, the licence.",
        f"  2. Check that {display_path(folder / 'data' / 'measures.yaml')} declares what your report counts.",
        f"  3. Fill in {display_path(table)} with the published figures and {display_path(report)}",
        "     where it says TO DO, then set 'status: ready' in it.",
        f"  4. Write the pages in {display_path(folder / 'content')} where they say TO DO: until then the build",
        "     warns, and a strict build (the one that publishes) refuses them.",
        f"  5. Preview as you edit: python3 build.py serve --site {shlex.quote(display_path(folder))}",
    ])


ABOUT = """\
# About this site

TO DO: say in a few plain sentences who publishes this report and why: what the organisation
does, which of its services the figures cover, and how readers can ask questions about them.

The figures are the organisation's own, as it published them. Every table can be
[downloaded as CSV and JSON](/data/). The pages load nothing from other websites.
"""

METHODOLOGY = """\
# Methodology

TO DO: explain in plain words how the figures were counted, so that a reader can judge them.

## What is counted

TO DO: say what your organisation counts as one demand, and what each figure in the tables
means. The definitions in data/measures.yaml are shown on the glossary page: keep the two in step.

## Where the figures come from

TO DO: say which services and which period each report covers, who compiles the figures, and
whether anyone outside the team checks them.

## Figures that are not plain counts

Some figures can only be published as a range (a band such as 0–249), are withheld, were not
reported, or do not apply. They are shown in words or as ranges and are never added up.
"""

TEMPLATES_README = """\
# This site's own templates

The pages are made from the builder's templates, in the folder `site_builder/templates/` of the
builder. To change one, copy it into this folder under the same name and edit the copy: the
builder uses a file here instead of its own, file by file. For example, copy `static/site.css`
to `templates/static/site.css` to change the colours, or `partials/statement.html` to
`templates/partials/statement.html` to change how quoted statements look.

Copy only the files you change: the others keep following the builder's updates. When the
builder is updated, compare your copies with its new versions. To find the builder's folder, run

    python3 -c "import site_builder, pathlib; print(pathlib.Path(site_builder.__file__).parent / 'templates')"

The builder's templates when this site was created:

"""
