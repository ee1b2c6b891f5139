"""Property-based tests (Hypothesis) of the readers: whatever an editor writes, a value or located problems.

Each `@example` is an input that once crashed the builder (or was read wrongly) and is kept as a regression.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_builder.load.csv_source import CsvTable, read_csv, split_line
from site_builder.load.packed_text import PackedText
from site_builder.load.yaml_source import YamlDocument, load_yaml
from site_builder.problems import Problems
from site_builder.render.markdown_render import render_markdown
from site_builder.validate.figures import FigureError, Observation, figure_text, parse_figure

T = TypeVar("T")
SETTINGS = settings(max_examples=200, deadline=None, database=None)
STATES = {"number", "band", "suppressed", "not_reported", "not_applicable", "withheld"}
LARGEST = 10**15 - 1  # the largest count (validate/figures.py, MAX_DIGITS)
BOMB = 'a0: &a0 "lol"\n' + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
figure_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


@SETTINGS
@given(figure_values, st.booleans())
@example("²", False)  # a digit that is no decimal digit: int() raised ValueError
@example("-\t5", False)  # a tab after the minus sign: int() raised ValueError
@example("9" * 5000, False)  # too many digits for int()
@example(10**5000, True)  # too many digits for str()
@example([False, True], False)  # yes/no values read as the band 0 to 1
@example("fewer than 0", False)  # read as a figure below zero
def test_any_value_is_an_observation_or_a_figure_error(raw: Any, percentage: bool) -> None:
    try:
        obs = parse_figure(raw, percentage)
    except FigureError as exc:
        assert str(exc)
        return
    assert isinstance(obs, Observation) and obs.state in STATES
    for end in (obs.low, obs.high):
        assert end is None or (type(end) is int and end >= 0)
    assert obs.value is None or obs.value >= 0


@SETTINGS
@given(st.integers(0, LARGEST), st.sampled_from(["{}", " {} ", "{}\t"]))
def test_counts_read_back(n: int, form: str) -> None:
    assert parse_figure(n) == parse_figure(form.format(n)) == Observation("number", value=n)


@SETTINGS
@given(st.integers(0, LARGEST), st.integers(0, LARGEST), st.sampled_from(["-", "\u2013", " - "]))
def test_bands_read_back(a: int, b: int, dash: str) -> None:
    low, high = sorted((a, b))
    assert parse_figure(f"{low}{dash}{high}") == parse_figure([low, high]) == Observation("band", low=low, high=high)


@SETTINGS
@given(st.decimals(0, 100, places=3), st.sampled_from(["{}", "{}%", "{} %"]))
def test_percentages_read_back(value: Decimal, form: str) -> None:
    obs = parse_figure(form.format(format(value, "f")), percentage=True)
    assert obs == Observation("number", value=value, percent=True)
    assert parse_figure(figure_text(obs), percentage=True) == obs


@contextmanager
def written(text: str, name: str) -> Iterator[Path]:
    """`text` written as UTF-8 to a file called `name` in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(text.encode("utf-8"))
        yield path


def read(reader: Callable[[Path, Problems], T | None], text: str, name: str) -> tuple[T | None, Problems, Path]:
    problems = Problems()
    with written(text, name) as path:
        return reader(path, problems), problems, path


def assert_located(problems: Problems, path: Path, text: str) -> None:
    """Every problem names the file and a line of it (or the one after its last line break) and a column."""
    lines = text.removeprefix("\ufeff").splitlines()
    assert problems.errors
    for problem in problems.items:
        where = problem.location
        assert where.path == path and where.col >= 1 and 1 <= where.line <= len(lines) + 1, problem


csv_texts = st.text() | st.text(alphabet=st.sampled_from([*'ab ,"\n\r\t\ufeff1', "\u2028"]))


@SETTINGS
@given(csv_texts)
@example('a,"b' + "c" * 200_000)  # a cell longer than the csv module reads
@example('ab"c,d\nx')  # the second cell was placed past the end of its line
@example(' "a,b",c\n1,2')  # a quote after a space starts no quoted cell
def test_any_text_is_a_table_or_located_problems(text: str) -> None:
    table, problems, path = read(read_csv, text, "t.csv")
    if table is None:
        assert_located(problems, path, text)
        return
    assert isinstance(table, CsvTable) and not problems.items
    lines = text.removeprefix("\ufeff").splitlines()
    for cell in (cell for row in (table.header, *table.rows) for cell in row):
        line = lines[cell.location.line - 1]
        assert 1 <= cell.location.col <= len(line) + 1
        rest = line[cell.location.col - 1:]
        assert rest.startswith('"') or rest.lstrip().startswith(cell.text[:1])


@SETTINGS
@given(st.text(alphabet=st.sampled_from([*'ab ,"\t\x00', "é"])) | st.text())
@example('a"b,"c""d",e')
def test_cells_split_as_the_csv_module_splits_them(raw: str) -> None:
    line = "".join(raw.splitlines())
    if line:
        assert [value for value, _ in split_line(line)] == next(csv.reader([line]))


yaml_texts = st.text() | st.text(alphabet=st.sampled_from([*"ab:- \n[]{}&*!'\"#,?|>%@`0.9\t\\", "\u2028"]))


@SETTINGS
@given(yaml_texts)
@example(BOMB)  # the billion laughs: refused at its first anchor
@example("a: *b\n")  # an alias
@example("a: !!int x\n")  # an explicit tag: int() raised ValueError
@example("a: !!timestamp 2001-02-30\n")  # an explicit tag: the date raised ValueError
@example("a: " + "[" * 2000 + "]" * 2000)  # deep nesting: RecursionError
@example("a: b\x00\n")  # a character YAML refuses: ReaderError
@example("a: " + "9" * 5000)  # too many digits for int()
def test_any_text_is_a_document_or_located_problems(text: str) -> None:
    doc, problems, path = read(load_yaml, text, "t.yaml")
    if doc is None:
        assert_located(problems, path, text)
        return
    assert isinstance(doc, YamlDocument)
    assert all(where.path == path and where.line >= 1 and where.col >= 1 for where in doc.values.values())


class Tags(HTMLParser):
    """Every start tag of an HTML text with its attributes (entities decoded)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


HOSTILE = ["<script>alert(1)</script>", "<style>p{}</style>", '<iframe src="x"></iframe>', "<img src=x onerror=y>",
           '<a href="javascript:alert(1)">x</a>', "[x](javascript:alert(1))", "[x]( JaVaScRiPt:alert(1))",
           '<a href="jav&#x09;ascript:x">x</a>', "<svg onload=x>", "<div style=\"x\">", "<p onclick='x'>",
           "<scr<script>ipt>", "`<script>`", "\n", "    ", "- ", "> ", "*", "[", "](", ")", '"', "'", "<", ">", "="]
markdown_texts = st.text() | st.lists(st.sampled_from(HOSTILE) | st.text(max_size=3), max_size=12).map("".join)


@SETTINGS
@given(markdown_texts)
@example("- " * 1000 + "a")  # lists nested too deeply: RecursionError in the Markdown library
@example("*" * 5000 + "a" + "*" * 5000)  # emphasis nested too deeply: RecursionError
def test_any_markdown_becomes_safe_html(text: str) -> None:
    html = render_markdown(Path("page.md"), text, {}, Problems()).html
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered and "<iframe" not in lowered
    for tag, attrs in Tags(html).found:
        assert tag not in {"script", "style", "iframe"}
        for name, value in attrs:
            assert not name.startswith("on"), html
            url = "".join(ch for ch in (value or "") if ch.isprintable() and not ch.isspace()).lower()
            assert not url.startswith("javascript:"), html


@SETTINGS
@given(st.text())
@example("\ud7ff\U0001f600 é\u2028")  # beyond ASCII: emoji, an accent, a line separator
def test_any_text_is_held_compressed_and_given_back_unchanged(text: str) -> None:
    assert PackedText.of(text).text == text
