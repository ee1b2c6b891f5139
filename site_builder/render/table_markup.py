"""The markup repeated in every table cell (a figure, its glossary link, its footnote marks), made in Python.

A report's tables hold thousands of cells; as Jinja macros calling macros they were most of a build's
template time. The macros in partials/macros.html call these, so a site's templates use them as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup, escape

from ..plan.plan import country_url

NOTE_REF = '<sup class="note-ref" data-pagefind-ignore="all"><a href="#{0}{1}" aria-label="note {1}">{1}</a></sup>'


class TableMarkup:
    """Cells, term links and note marks for one site: `define` finds a key's glossary entry, `url` its address."""

    def __init__(self, define: Callable[[str], str | None], url: Callable[[str], str]) -> None:
        self.define = define
        self.url = url

    def defined(self, text: Any, key: str) -> Markup:
        """`text`, linked to the glossary entry for `key` when there is one."""
        return Markup(self._defined(text, key))

    def note_refs(self, numbers: Iterable[int], prefix: str = "note-") -> Markup:
        """A superscript link to each numbered footnote."""
        return Markup(self._note_refs(numbers, prefix))

    def row_name(self, row: Any, dimension: Any) -> Markup:
        """A row's name: a link to its jurisdiction's page when it has one, else linked to the glossary."""
        if row.has_page:
            return Markup(f'<a href="{escape(self.url(country_url(row.key)))}">{escape(row.name)}</a>')
        return self.defined(row.name, f"row:{dimension.id}:{row.key}")

    def figure_cells(self, cells: Iterable[Any], prefix: str = "note-") -> Markup:
        """One `<td>` per cell: its figure (a state linked to the glossary) and its footnote marks."""
        return Markup("".join(
            f'<td class="{"num" if cell.numeric else "num state"}">{self._defined(cell.text, "state:" + cell.state)}'
            f'{self._note_refs(cell.notes, prefix) if cell.notes else ""}</td>' for cell in cells))

    def _defined(self, text: Any, key: str) -> str:
        entry = self.define(key)
        if entry:
            return f'<a class="term" href="{escape(self.url(entry))}">{escape(text)}</a>'
        return escape(text)

    @staticmethod
    def _note_refs(numbers: Iterable[int], prefix: str) -> str:
        return "".join(NOTE_REF.format(escape(prefix), escape(n)) for n in numbers)
