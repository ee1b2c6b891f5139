"""Broken YAML files: strict reading (DESIGN.md §4, issue 3 point 2) and the JSON Schemas (point 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, run_build
from errors_support import (
    Case,
    D,
    Outcome,
    R,
    S,
    Y,
    assert_broken,
    debug_builder,
    outcomes,
    replace,
    write,
)

from site_builder.validate.schema_check import schema_path

__all__ = ["debug_builder", "outcomes"]

URL = "source: https://www.microsoft.com/en-us/corporate-responsibility/law-enforcement-requests-report\n"
BOOL_HINT = "write exactly true or false (yes, no, on, off and True are not accepted)"
SYNTAX_INDENT = ("fields of one group start in the same column and list items ('- ') line up; "
                 "indent with spaces so it matches its neighbours")
ENCODING_HINT = ("in your editor choose Save with Encoding (or Save As) and pick UTF-8; "
                 "spreadsheet programs call it 'CSV UTF-8'")
NOTE_NO = ("  - id: norway\n    row: NO\n    text: Norway's requests.\n"
           "  - id: national-security\n")

CASES = [
    Case("duplicate-key", (replace(R, "status: ready\n", "status: ready\nstatus: draft\n"),),
         f"{R}:11:1", "duplicate key 'status'", "'status' is already set on line 10: keep only one of them"),
    Case("yes-is-not-a-boolean", (replace(R, "    outcome_tolerance: 1\n",
                                          "    outcome_tolerance: 1\n    totals_deduplicated: yes\n"),),
         f"{R}:21:26", "totals_deduplicated in section 'all-services': expected true or false, got 'yes'", BOOL_HINT),
    Case("capital-true-is-not-a-boolean", (replace(R, "    subset_of: all-services\n",
                                                   "    subset_of: all-services\n    totals_deduplicated: True\n"),),
         f"{R}:28:26", "totals_deduplicated in section 'skype': expected true or false, got 'True'", BOOL_HINT),
    Case("NO-stays-norway", (replace(R, "  - id: national-security\n", NOTE_NO),),
         f"{R}:37:10", "note 'norway' names a row but no section",
         "add 'section:' to say which table it belongs to (all-services, skype)"),
    Case("tab-indent", (replace(R, "    title: Skype", "\ttitle: Skype"),),
         f"{R}:25:1", "tab character used for indentation",
         "YAML indents with spaces only: replace the tab with spaces"),
    Case("empty-file", (write(Y, ""),), f"{Y}:1:1", "file is empty",
         "fill in its fields (docs/editing.md lists them) or delete the file"),
    Case("comments-only-file", (write(Y, "# to do\n"),), f"{Y}:1:1", "file is empty",
         "fill in its fields (docs/editing.md lists them) or delete the file"),
    Case("not-utf8", (write(Y, b'id: "caf\xe9"\n'),), f"{Y}:1:9",
         "file is not UTF-8 text (byte 0xE9 here cannot be read)", ENCODING_HINT),
    Case("missing-colon", (replace(R, "title: January", "title January"),), f"{R}:5:1",
         "this line has no ':' after its field name",
         "write the field name, a colon and a space, then the value, e.g. title: All services"),
    Case("colon-in-value", (replace(R, "title: January", "title: Report: January"),), f"{R}:5:14",
         "a ':' where YAML does not expect one",
         "if the value itself contains ': ', put the whole value in quotes; "
         "otherwise this line is indented more than the line above"),
    Case("quote-left-open", (replace(R, "status: ready", "status: 'ready"),), f"{R}:10:9",
         "the quote opened here runs on to line 66",
         "close the quote at the end of the value; inside single quotes write an apostrophe as two ('')"),
    Case("misaligned-field", (replace(R, "    title: Skype", "   title: Skype"),), f"{R}:25:4",
         "this line is not lined up with the lines above it", SYNTAX_INDENT),
    Case("list-not-closed", (replace(Y, "requests: 75378", "requests: [0, 999"),), f"{Y}:16:17",
         "a list opened with '[' here is not closed", "close the list with ']' on the same line, e.g. [0, 999]"),
    Case("unknown-field", (replace(R, "summary: >-", "summry: >-"),), f"{R}:11:1",
         "unknown field 'summry'", "did you mean 'summary'?"),
    Case("misspelt-section-field", (replace(Y, "    title: All services", "    titel: All services"),),
         f"{Y}:13:5", "unknown field 'titel'", "did you mean 'title'?",
         also=(f"{Y}:12:5: missing required field 'title' in section 'all-services'",)),
    Case("missing-required-field", (replace(Y, URL, ""),), f"{Y}:3:1", "missing required field 'source' in 2012.yaml",
         "add 'source:' with its value; docs/editing.md lists every field"),
    Case("missing-site-field", (replace(S, "language: en\n", ""),), f"{S}:3:1",
         "missing required field 'language' in site.yaml",
         "add 'language:' with its value; docs/editing.md lists every field"),
    Case("unquoted-numeric-id", (replace(Y, 'id: "2012"', "id: 2012"),), f"{Y}:4:5",
         "id: expected text, got '2012'", 'put the value in quotes, e.g. "2012"'),
    Case("empty-value", (replace(R, "title: January\u2013June 2013", "title:"),), f"{R}:5:7",
         "title: expected text, got nothing", "write a value after the colon, or remove the line"),
    Case("impossible-date", (replace(Y, "end: 2012-12-31", "end: 2012-02-30"),), f"{Y}:7:6",
         "end: '2012-02-30' is not a real date", "check the month (01 to 12) and that the day exists in it"),
    Case("date-form", (replace(Y, "start: 2012-01-01", "start: 1/1/2012"),), f"{Y}:6:8",
         "start: '1/1/2012' is not in the expected form", "write dates as YYYY-MM-DD, e.g. 2013-06-30"),
    Case("status-misspelt", (replace(R, "status: ready", "status: redy"),), f"{R}:10:9",
         "status: 'redy' is not one of: ready, draft", "did you mean 'ready'?"),
    Case("total-with-commas", (replace(Y, "requests: 75378", "requests: 75,378"),), f"{Y}:16:17",
         "totals.requests in section 'all-services': '75,378' has a thousands separator",
         "write the digits only: 75378"),
    Case("total-with-decimals", (replace(Y, "accounts_specified: 137424", "accounts_specified: 1374.5"),),
         f"{Y}:17:27", "totals.accounts_specified in section 'all-services': '1374.5' is not a whole number",
         "counts are whole numbers: remove the decimals"),
    Case("total-in-quotes", (replace(Y, "requests: 75378", 'requests: "75378"'),), f"{Y}:16:17",
         "totals.requests in section 'all-services': '75378' is in quotes, so it is text",
         "remove the quotes around the number"),
    Case("band-upside-down", (replace(Y, "requests: 75378", "requests: [999, 0]"),), f"{Y}:16:17",
         "totals.requests in section 'all-services': band 999 to 0 has its low end above its high end",
         "put the smaller number first: 0, then 999"),
    Case("base-url-without-slash", (replace(S, "example.org/", "example.org"),), f"{S}:9:11",
         "base_url: 'https://transparency.example.org' is not in the expected form",
         "write the full address ending with a slash, e.g. https://example.org/"),
    Case("alias-to-unknown-code", (replace(D, "Korea: KR", "Korea: XX"),), f"{D}:7:12",
         "'XX' is not an ISO 3166-1 alpha-2 code or an extra row",
         "look the country up in the ISO 3166-1 list, e.g. GB for the United Kingdom, "
         "or declare the row under jurisdictions: extra:"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_yaml(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_broken(outcomes[case.name], case)


def test_no_is_norway_in_aliases_and_rows(sample_copy: Path) -> None:
    """`NO` in data/dimensions.yaml is Norway's code: a row named by that alias is read as Norway."""
    replace(D, "Korea: KR", "Korea: KR\n    Norge: NO")(sample_copy)
    replace("data/reports/2013-h1-all-services.csv", "Norway,74", "Norge,74")(sample_copy)
    run = run_build("check", "--site", str(sample_copy), cwd=sample_copy)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


SAMPLE_YAML = ["site.yaml", "data/measures.yaml", "data/dimensions.yaml", "data/glossary.yaml",
               *sorted(str(p.relative_to(REPO)) for p in (REPO / "data" / "reports").glob("*.yaml"))]
SCHEMA_OF = {"site.yaml": "site", "data/measures.yaml": "measures", "data/dimensions.yaml": "dimensions",
             "data/glossary.yaml": "glossary"}


@pytest.mark.parametrize("name", SAMPLE_YAML)
def test_sample_yaml_names_the_schema_the_validator_uses(name: str) -> None:
    """Each sample YAML file's first line points editors' YAML extensions at the shipped schema."""
    first = (REPO / name).read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    target = ((REPO / name).parent / match.group(1)).resolve()
    kind = SCHEMA_OF.get(name, "report")
    assert target == schema_path(kind).resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
