"""Mistakes in what a site declares and in the tables those declarations govern (issue 10, point 10):
measures, percentages, categories, breakdowns, partial tables, extra rows and the data format version.

Each case edits a copy of the sample; figures added for a case are SYNTHETIC.
"""

from __future__ import annotations

import pytest
from errors_support import (
    Case,
    D,
    M,
    Outcome,
    R,
    S,
    Y,
    assert_broken,
    assert_warns,
    debug_builder,
    outcomes,
    replace,
    write,
)

__all__ = ["debug_builder", "outcomes"]

P = "data/reports/2013-h1-us-process.csv"
PERCENTAGE = "  - id: some_data\n    label: Some data produced\n    unit: percent\n    kind: percentage\n"
LEGAL_PROCESS = """categories:
  - id: legal_process
    label: Legal process
    members:
      - id: subpoena
        name: Subpoena
      - id: warrant
        name: Search warrant
"""
US_BY_PROCESS = """  - id: us-process
    title: United States by legal process
    breakdown_of:
      section: all-services
      row: US
    table: 2013-h1-us-process.csv
notes:
"""


def add_measure(declaration: str) -> tuple:
    return (replace(M, "# Requests rank", declaration + "# Requests rank"),)


def breakdown(table: str, section: str = US_BY_PROCESS) -> tuple:
    """The sample's United States row broken down by a SYNTHETIC legal-process table."""
    return (replace(D, "    Venezuala: VE\n", "    Venezuala: VE\n" + LEGAL_PROCESS),
            replace(R, "notes:\n", section), write(P, "legal_process,requests\n" + table))


AGAIN = "  - id: requests\n    label: Again\n    unit: requests\n"
EXHAUSTIVE = "    exhaustive: true\n    table:"
MEASURE_HINT = "add 'unit:' with its value; docs/editing.md lists every field"
PART_HINT = ("a part can never exceed the row it breaks down: correct the figures, or add a note with section: "
             "us-process and row: subpoena explaining it")

CASES = [
    Case("measure-declared-twice",
         (replace(M, "  - id: rejected\n", f"{AGAIN}  - id: rejected\n"),),
         f"{M}:36:9", "measure 'requests' is declared twice", "it is already declared on line 6: keep one of them"),
    Case("measure-without-unit", (replace(M, "    label: Rejected\n    unit: requests\n", "    label: Rejected\n"),),
         f"{M}:36:5", "missing required field 'unit' in measure 'rejected'", MEASURE_HINT),
    Case("measure-without-label", (replace(M, "    label: Rejected\n", ""),), f"{M}:36:5",
         "missing required field 'label' in measure 'rejected'",
         "add 'label:' with its value; docs/editing.md lists every field"),
    Case("percentage-of-nothing", add_measure(PERCENTAGE), f"{M}:40:5",
         "percentage 'some_data' does not say what it is a percentage of",
         "add 'of:' with the id of the count it is a percentage of"),
    Case("percentage-of-unknown", add_measure(PERCENTAGE + "    of: request\n"), f"{M}:44:9",
         "percentage 'some_data' is of 'request', which is not declared", "did you mean 'requests'?"),
    Case("percentage-over-100", (*add_measure(PERCENTAGE + "    of: requests\n"),
                                 replace(Y, "      rejected: not reported\n",
                                         "      rejected: not reported\n      some_data: 120\n")),
         f"{Y}:22:18", "totals.some_data in section 'all-services': '120' is over 100: a percentage lies between 0 "
         "and 100", "write the percentage itself, e.g. 48.5 for 48.5%; check that it is not a count"),
    Case("primary-unknown", (replace(M, "primary: requests", "primary: request"),), f"{M}:41:10",
         "primary 'request' is not a declared measure", "did you mean 'requests'?"),
    Case("outcome-part-unknown", (replace(M, "parts: [disclosed_content,", "parts: [disclosed_contents,"),),
         f"{M}:47:13", "outcome set 'outcomes': 'disclosed_contents' is not a declared measure",
         "did you mean 'disclosed_content'?"),
    Case("totals-unknown-measure", (replace(Y, "      requests: 75378", "      request: 75378"),), f"{Y}:16:7",
         "unknown measure 'request' in totals", "did you mean 'requests'?"),
    Case("category-not-in-its-list", breakdown("subpoena,4000\ncourt order,3000\n"), f"{P}:3:1",
         "unknown legal process 'court order'",
         "use one of the members of 'legal_process' in data/dimensions.yaml (subpoena, warrant), "
         "or declare a new member there"),
    Case("category-list-unknown", (replace(R, "notes:\n", US_BY_PROCESS),
                                   write(P, "legal_process,requests\nsubpoena,7000\n")), f"{P}:1:1",
         "first column is 'legal_process', which names no kind of row",
         "name it country (or jurisdiction) for jurisdictions, or declare a category list with this id in "
         "data/dimensions.yaml"),
    Case("breakdown-part-above-its-row", breakdown("subpoena,8000\nwarrant,14\n"), f"{P}:2:10",
         "Subpoena: requests is 8,000, more than the 7,014 of United States in 'all-services', which it is part of",
         PART_HINT),
    Case("exhaustive-breakdown-short",
         breakdown("subpoena,7000\nwarrant,10\n", US_BY_PROCESS.replace("    table:", EXHAUSTIVE)),
         f"{R}:34:17", "the rows of 'us-process' add up to 7,010 requests, but United States has 7,014 in "
         "'all-services'", "the breakdown is exhaustive, so its parts add up to the row: correct the figures, "
         "or set exhaustive: false if some parts are not listed"),
    Case("breakdown-of-missing-section",
         breakdown("subpoena,7000\n", US_BY_PROCESS.replace("section: all-services", "section: all-service")),
         f"{R}:32:16", "section 'us-process' is a breakdown of a row of 'all-service', which does not exist",
         "name the section that holds the row it divides; sections in this report: all-services, skype"),
    Case("breakdown-of-missing-row", breakdown("subpoena,1\n", US_BY_PROCESS.replace("row: US", "row: Kenya")),
         f"{R}:33:12", "'all-services' has no row KE to break down", "name one of the rows of 'all-services'"),
    Case("partial-rows-above-total",
         (replace(R, "    subset_of: all-services\n", "    subset_of: all-services\n    partial: true\n    totals:\n"
                  "      requests: 3000\n"),),
         f"{R}:30:17", "the 49 rows listed add up to 3,509 requests, more than the published total of 3,000",
         "a partial table lists some of what its total counts: check the total and the rows"),
    Case("deduplicated-total-above-rows",
         (replace(R, "    subset_of: all-services\n", "    subset_of: all-services\n    totals_deduplicated: true\n"
                  "    totals:\n      requests: 3600\n"),),
         f"{R}:30:17", "stated total requests is 3,600, more than the rows add up to (3,509)",
         "a de-duplicated total counts once what several rows count, so it is never more than their sum: "
         "check the total"),
    Case("extra-row-is-an-iso-code", (replace(D, "    Venezuala: VE\n", "    Venezuala: VE\n  extra:\n    - id: FR\n"
                                              "      name: France again\n"),),
         f"{D}:10:11", "FR is already France in ISO 3166-1",
         "use the code in your tables as it is: only rows ISO 3166-1 does not list are extra"),
    Case("note-on-a-measure-the-section-lacks",
         (replace(Y, "  - id: totals-only\n", "  - id: totals-only\n    section: all-services\n    measure: items\n"),),
         f"{Y}:25:14", "note 'totals-only' is attached to items, which 'all-services' does not publish",
         "measures of 'all-services': requests, accounts_specified, disclosed_content, disclosed_noncontent, "
         "no_data_found, rejected"),
    Case("format-1-site", (replace(S, "format: 2\n", ""),), f"{S}:3:1",
         "site.yaml has no 'format:', so it is in format 1",
         "run `python build.py migrate` in the site's folder: it rewrites every file in format 2 without changing a "
         "figure"),
    Case("format-from-the-future", (replace(Y, "format: 2\n", "format: 3\n"),), f"{Y}:3:9",
         "2012.yaml is in format 3, newer than this builder reads (2)",
         "build it with a newer version of the builder, the one its files were written for"),
    Case("measures-file-missing", (lambda site: (site / M).unlink(),), f"{M}:1:1", "data/measures.yaml not found",
         "declare what the reports count in data/measures.yaml: docs/editing.md shows how"),
]

WARNINGS = [
    Case("exhaustive-without-breakdown",
         (replace(R, "    subset_of: all-services\n", "    subset_of: all-services\n    exhaustive: true\n"),),
         f"{R}:28:5", "'exhaustive' does nothing in section 'skype', which has no breakdown_of",
         "exhaustive says whether a breakdown's rows add up to the row they divide: add breakdown_of:, or remove "
         "exhaustive:", warning=True),
    Case("regime-of-a-standard-section",
         (replace(R, "    subset_of: all-services\n", "    subset_of: all-services\n    legal_regime: Ranges.\n"),),
         f"{R}:28:5", "'legal_regime' does nothing in section 'skype', which has no kind: national_security",
         "add kind: national_security if the section is one, or remove it", warning=True),
    Case("every-figure-not-reported",
         (replace(Y, "      requests: 75378\n      accounts_specified: 137424\n",
                  "      requests: not reported\n      accounts_specified: not reported\n"),),
         f"{Y}:12:5", "every figure of section 'all-services' is 'not reported'",
         "fill in the figures, or leave the section out and say in a note why they are missing", warning=True),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_declaration_mistake(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_broken(outcomes[case.name], case)


@pytest.mark.parametrize("case", WARNINGS, ids=str)
def test_declaration_warning(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_warns(outcomes[case.name], case)
