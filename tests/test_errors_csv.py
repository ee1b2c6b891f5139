"""Broken CSV tables, checked cell by cell (issue 3 point 3)."""

from __future__ import annotations

import pytest
from errors_support import (
    A,
    Case,
    K,
    Outcome,
    R,
    assert_broken,
    debug_builder,
    outcomes,
    replace,
    write,
)

__all__ = ["debug_builder", "outcomes"]

HEADER = "country,requests,accounts_specified,disclosed_content,disclosed_noncontent,no_data_found,rejected\n"
FIGURE_HINT = ("write a whole number such as 1234, a band such as 0-999, "
               "or one of: not reported, not applicable, withheld, fewer than 10")
EMPTY_HINT = "write 0 if there were none, or 'not reported' if the figure was not published"
ALIAS_HINT = "or add it under jurisdictions: aliases: in data/dimensions.yaml"
NEW_MEASURE = "A new measure is declared in data/measures.yaml first"
NO_CLOSE_NAME = (f"use the jurisdiction's ISO 3166-1 alpha-2 code (e.g. GB, US) {ALIAS_HINT}, "
                 "or declare it under jurisdictions: extra: (for Kosovo, rest of world, unknown)")

CASES = [
    Case("thousands-separator", (replace(A, "Argentina,455,675", 'Argentina,"1,234",675'),), f"{A}:2:11",
         "requests for Argentina: '1,234' has a thousands separator", "write the digits only: 1234"),
    Case("decimal", (replace(A, "Australia,1219,1462", "Australia,12.5,1462"),), f"{A}:3:11",
         "requests for Australia: '12.5' is not a whole number", "counts are whole numbers: remove the decimals"),
    Case("word", (replace(A, "Austria,9,15", "Austria,many,15"),), f"{A}:4:9",
         "requests for Austria: 'many' is not a figure", FIGURE_HINT),
    Case("blank-cell", (replace(A, "Belarus,1,1", "Belarus,,1"),), f"{A}:5:9",
         "requests for Belarus: the cell is empty", EMPTY_HINT),
    Case("negative", (replace(K, "Belarus,1,1,0,1,0,0", "Belarus,1,-1,0,1,0,0"),), f"{K}:5:11",
         "accounts_specified for Belarus: '-1' is negative: counts cannot be below zero",
         "write the count without a minus sign, or 'not reported' if it is unknown"),
    Case("band-upside-down", (replace(K, "Belarus,1,1,0,1,0,0", "Belarus,1,999-0,0,1,0,0"),), f"{K}:5:11",
         "accounts_specified for Belarus: band 999 to 0 has its low end above its high end",
         "put the smaller number first: 0, then 999"),
    Case("misspelt-column", (replace(K, "no_data_found", "no_data_fuond"),), f"{K}:1:76",
         "unknown measure 'no_data_fuond'", f"did you mean 'no_data_found'? {NEW_MEASURE}"),
    Case("capitalised-column", (replace(K, "country,requests", "country,Requests"),), f"{K}:1:9",
         "unknown measure 'Requests'", f"did you mean 'requests'? {NEW_MEASURE}"),
    Case("first-column-misspelt", (replace(A, "country,requests", "County,requests"),), f"{A}:1:1",
         "first column is 'County', which names no kind of row", "did you mean 'country'?"),
    Case("column-name-missing", (replace(A, ",rejected\n", "\n"),), f"{A}:1:1",
         "the first line names 6 columns but every row has 7 cells",
         "a column name is missing or extra in the first line"),
    Case("row-short-of-a-cell", (replace(A, "Belarus,1,1,0,1,0,0", "Belarus,1,1,0,1,0"),), f"{A}:5:1",
         "row has 6 cells but the header has 7",
         "check for a missing or extra comma; put names that contain commas in double quotes"),
    Case("duplicate-jurisdiction", (replace(K, "Austria,9,15", "Argentina,9,15"),), f"{K}:4:1",
         "Argentina (AR) appears twice in this table", "it is already on line 2: merge the two rows into one"),
    Case("duplicate-through-alias", (replace(A, "Latvia,1,1", "South Korea,1,1"),), f"{A}:36:1",
         "South Korea (KR) appears twice in this table", "it is already on line 35: merge the two rows into one"),
    Case("misspelt-jurisdiction", (replace(K, "Argentina,12", "Argentine,12"),), f"{K}:2:1",
         "unknown jurisdiction 'Argentine'",
         f"did you mean Argentina (AR)? Use that name or the code AR, {ALIAS_HINT}"),
    Case("unknown-jurisdiction", (replace(K, "Argentina,12", "Atlantis,12"),), f"{K}:2:1",
         "unknown jurisdiction 'Atlantis'", NO_CLOSE_NAME),
    Case("no-jurisdiction-name", (replace(K, "Argentina,12", ",12"),), f"{K}:2:1",
         "this row has no name", "write the row's name or code in the first cell, or delete the row"),
    Case("semicolons", (write(K, "country;requests\nArgentina;12\n"),), f"{K}:1:1",
         "the columns are separated by semicolons or tabs, not commas",
         "save the table as 'CSV UTF-8 (comma delimited)' from your spreadsheet program"),
    Case("empty-table", (write(K, ""),), f"{K}:1:1", "CSV file is empty",
         "the first line names the columns: what the rows are (country, or the id of a list of categories), "
         "then the id of each measure"),
    Case("latin-1-table", (write(K, HEADER.encode() + b"C\xf4te d'Ivoire,1,1,0,1,0,0\n"),), f"{K}:2:2",
         "file is not UTF-8 text (byte 0xF4 here cannot be read)",
         "in your editor choose Save with Encoding (or Save As) and pick UTF-8; "
         "spreadsheet programs call it 'CSV UTF-8'"),
    Case("table-file-misnamed", (replace(R, "table: 2013-h1-skype.csv", "table: 2013-h1-skipe.csv"),), f"{R}:28:12",
         "table file '2013-h1-skipe.csv' not found", "did you mean '2013-h1-skype.csv'?",
         also=(f"{K}:1:1: 2013-h1-skype.csv is not used by any report",)),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_csv(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_broken(outcomes[case.name], case)
