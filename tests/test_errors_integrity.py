"""Integrity rules across figures, rows, sections and reports (DESIGN.md §4, issue 3 points 1, 4 and 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_build
from errors_support import (
    MD,
    A,
    Case,
    K,
    Outcome,
    R,
    Y,
    assert_broken,
    assert_warns,
    debug_builder,
    outcomes,
    replace,
    write,
)

__all__ = ["debug_builder", "outcomes"]

US_NOTE = """  - id: us-outcomes
    section: all-services
    row: US
    text: >-
      The outcomes published for the United States add up to 7,013 (749 + 4,569 + 1,107 + 588),
      one fewer than the 7,014 requests. The figures are shown exactly as Microsoft published them.
"""
US_ROW = (f"{A}:63:1", "United States: outcomes add up to 749 + 4,569 + 1,107 + 588 = 7,013, 1 short of its "
          "requests (7,014), with no note explaining it")
US_HINT = "add a note with section: all-services and row: US to the report's notes so readers see why"
NO_CLOSE_NAME = ("use the jurisdiction's ISO 3166-1 alpha-2 code (e.g. GB, US) or add it under jurisdictions: "
                 "aliases: in data/dimensions.yaml, or declare it under jurisdictions: extra: "
                 "(for Kosovo, rest of world, unknown)")
SUBSET_HINT = "a subset can never exceed the section it is part of"
KENYA = "Belarus,1,1,0,1,0,0\nKenya,1,1,0,1,0,0\n"
NOT_A_SUBSET = "  - id: all-services\n    subset_of: skype\n"
SKYPE_TOTAL = "    table: 2013-h1-skype.csv\n    partial: true\n    totals:\n      requests: 40000\n"

CASES = [
    Case("outcomes-exceed-requests", (replace(A, "Belarus,1,1,0,1,0,0", "Belarus,1,1,0,1,1,0"),), f"{A}:5:1",
         "Belarus: outcomes add up to 0 + 1 + 1 + 0 = 2, more than its requests (1)",
         "each of the requests has one outcome: the outcomes cannot add up to more; correct the figures, "
         "or add a note with section: all-services and row: BY to the report's notes explaining it"),
    Case("outcomes-short-beyond-tolerance", (replace(A, "Costa Rica,48,61,0,43", "Costa Rica,48,61,0,41"),),
         f"{A}:14:1", "Costa Rica: outcomes add up to 0 + 41 + 5 + 0 = 46, 2 short of its requests (48)",
         "correct the figures, or add a note with section: all-services and row: CR to the report's notes "
         "explaining the difference, or declare outcome_tolerance on the section"),
    Case("stated-total-differs", (replace(R, "requests: 37196", "requests: 37197"),), f"{R}:22:17",
         "stated total requests is 37,197 but the rows add up to 37,196",
         "correct the total or the rows; set totals_deduplicated: true if the published total counts once what "
         "several rows count, or partial: true if the table lists only some rows"),
    Case("subset-cell-exceeds-parent", (replace(K, "Austria,9,15", "Austria,9,16"),), f"{K}:4:11",
         "Austria: accounts_specified is 16 in 'skype' but only 15 in 'all-services', which contains it",
         SUBSET_HINT),
    Case("subset-row-missing-from-parent", (replace(K, "Belarus,1,1,0,1,0,0\n", KENYA),),
         f"{K}:6:1", "Kenya is in 'skype' but not in 'all-services'",
         "a subset's rows must also be rows of 'all-services'"),
    Case("subset-total-exceeds-parent", (replace(R, "    table: 2013-h1-skype.csv\n", SKYPE_TOTAL),), f"{R}:31:17",
         "total requests of 'skype' is 40,000, more than the 37,196 of 'all-services', which contains it",
         SUBSET_HINT),
    Case("subset-of-missing-section", (replace(R, "subset_of: all-services", "subset_of: all-service"),),
         f"{R}:27:16", "section 'skype' is a subset of 'all-service', which does not exist",
         "name the section it is part of; sections in this report: all-services"),
    Case("no-main-section", (replace(R, "  - id: all-services\n", NOT_A_SUBSET),), f"{R}:15:5",
         "every section is part of another",
         "the report's main section (usually the first) has neither 'subset_of:' nor 'breakdown_of:'"),
    Case("note-on-missing-section", (replace(R, "    section: skype\n", "    section: skipe\n"),), f"{R}:41:14",
         "note 'skype-coverage' is attached to section 'skipe', which does not exist",
         "sections in this report: all-services, skype"),
    Case("note-on-missing-row", (replace(R, "    row: US\n", "    row: Kenya\n"),), f"{R}:32:10",
         "note 'us-outcomes' is attached to KE, which has no row in 'all-services'",
         "check the row and the section", also=(f"{US_ROW[0]}: {US_ROW[1]}",)),
    Case("note-on-unknown-jurisdiction", (replace(R, "    row: US\n", "    row: Atlantis\n"),),
         f"{R}:32:10", "unknown jurisdiction 'Atlantis'", NO_CLOSE_NAME, also=(f"{US_ROW[0]}: {US_ROW[1]}",)),
    Case("duplicate-note-id", (replace(R, "  - id: national-security\n", "  - id: us-outcomes\n"),), f"{R}:36:9",
         "note id 'us-outcomes' is used twice in this report", "give each note its own id"),
    Case("duplicate-report-id", (replace(Y, 'id: "2012"', "id: 2013-h1"),), f"{Y}:4:5",
         "report id '2013-h1' is already used by 2013-h1.yaml",
         "give each period its own id; it becomes the page address /reports/<id>/"),
    Case("starts-after-it-ends", (replace(Y, "start: 2012-01-01", "start: 2012-12-31"),
                                  replace(Y, "end: 2012-12-31", "end: 2012-01-01")), f"{Y}:6:8",
         "report '2012' starts (2012-12-31) after it ends (2012-01-01)", "swap start and end, or correct the year"),
    Case("overlapping-periods", (replace(Y, "start: 2012-01-01", "start: 2012-08-01"),
                                 replace(Y, "end: 2012-12-31", "end: 2013-01-31")), f"{R}:6:8",
         "report '2013-h1' overlaps '2012' (2012-08-01 to 2013-01-31)",
         "periods of the same length must not overlap: check the dates"),
    Case("missing-statement", (replace(MD, "[statement: informed-debate]", "[statement: informed-debates]"),),
         f"{MD}:27:1", "no statement called 'informed-debates'",
         "did you mean 'informed-debate'? statements you can place here: informed-debate, national-security-demands"),
    Case("every-problem-in-one-run", (replace(Y, "end: 2012-12-31", "end: 2012-02-30"),
                                      replace(A, "Austria,9,15", "Austria,many,15"),
                                      replace(K, "Austria,9,15", "Argentina,9,15")),
         f"{A}:4:9", "requests for Austria: 'many' is not a figure",
         "write a whole number such as 1234, a band such as 0-999, "
         "or one of: not reported, not applicable, withheld, fewer than 10",
         also=(f"{Y}:7:6: end: '2012-02-30' is not a real date",
               f"{K}:4:1: Argentina (AR) appears twice in this table")),
]

WARNINGS = [
    Case("us-row-without-its-note", (replace(R, US_NOTE, ""),), *US_ROW, US_HINT, warning=True),
    Case("shortfall-within-tolerance", (replace(A, "Ecuador,17,18,0,17", "Ecuador,17,18,0,16"),), f"{A}:18:1",
         "Ecuador: outcomes add up to 0 + 16 + 0 + 0 = 16, 1 short of its requests (17), with no note explaining it",
         "add a note with section: all-services and row: EC to the report's notes so readers see why",
         warning=True),
    Case("commentary-without-report", (write("content/reports/2011.md", "# 2011\n"),), "content/reports/2011.md:1:1",
         "there is no report '2011' for this commentary",
         "name the file after a report id (2012, 2013-h1), or delete it",
         warning=True),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_integrity_error(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_broken(outcomes[case.name], case)


@pytest.mark.parametrize("case", WARNINGS, ids=str)
def test_integrity_warning(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_warns(outcomes[case.name], case)


def test_deduplicated_totals_are_not_summed(sample_copy: Path) -> None:
    """A stated total unlike the rows' sum is accepted when declared de-duplicated."""
    replace(R, "requests: 37196", "requests: 37000")(sample_copy)
    replace(R, "    outcome_tolerance: 1\n", "    outcome_tolerance: 1\n    totals_deduplicated: true\n")(sample_copy)
    run = run_build("check", "--site", str(sample_copy), cwd=sample_copy)
    assert (run.returncode, run.stderr) == (0, "")


def test_bands_are_never_summed(sample_copy: Path) -> None:
    """A band in a row stops the stated total being compared with a sum, and no rule adds it up."""
    replace(A, "Austria,9,15,0,7,1,1", "Austria,0-999,15,0,7,1,1")(sample_copy)
    run = run_build("check", "--site", str(sample_copy), cwd=sample_copy)
    assert (run.returncode, run.stderr) == (0, "")


def test_sample_shows_the_us_footnote(built_sample: Path) -> None:
    """The sample's United States row, one short, builds with its note beside it."""
    page = (built_sample / "reports" / "2013-h1" / "index.html").read_text(encoding="utf-8")
    assert "one fewer than the 7,014 requests" in page
