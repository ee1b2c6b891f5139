"""Errors raised while rendering a template, placed at the template line that caused them."""

from __future__ import annotations

import difflib
import importlib
import re
import traceback
from collections.abc import Iterable
from pathlib import Path

import jinja2

from ..problems import Location, Problem
from ..reporter import source_line


def template_problem(exc: Exception, name: str, names: Iterable[str]) -> Problem:
    """An error from rendering template `name`, placed at the template line that caused it.

    `names` are the variables the template could use, for "did you mean" suggestions.
    """
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(Path(exc.filename or name), exc.lineno or 1)
        return Problem(where, f"template syntax error: {exc.message}",
                       "check that every {{ has its }}, every {% has its %}, and every block tag its end tag")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(_template_frame(exc, name, None), f"template '{exc.name}' not found",
                       "templates live in templates/; check the file name")
    if isinstance(exc, jinja2.UndefinedError):
        return _undefined_problem(exc, name, names)
    return Problem(_template_frame(exc, name, None), f"template failed: {type(exc).__name__}: {exc}",
                   "check the expression on this line; docs/architecture.md lists what templates receive")


def _undefined_problem(exc: jinja2.UndefinedError, name: str, names: Iterable[str]) -> Problem:
    message = exc.message or str(exc)
    if missing := re.fullmatch(r"'(\w+)' is undefined", message):
        word = missing.group(1)
        close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return Problem(_template_frame(exc, name, rf"\b{word}\b"), f"template uses '{word}', which is not defined",
                       f"{hint}docs/architecture.md lists the values each template receives")
    if attribute := re.fullmatch(r"'(.+?)(?: object)?' has no attribute '(\w+)'", message):
        owner, word = attribute.groups()
        close = difflib.get_close_matches(word, _fields_of(owner), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return Problem(_template_frame(exc, name, rf"\.{word}\b", 1),
                       f"template uses '.{word}', but {owner.rsplit('.', 1)[-1]} has no '{word}'",
                       f"{hint}docs/architecture.md lists the fields of each value")
    return Problem(_template_frame(exc, name, None), f"template uses an undefined value: {message}",
                   "docs/architecture.md lists the values each template receives")


def _fields_of(qualified: str) -> list[str]:
    """The public attribute names of a class named like 'site_builder.model.Report', if it is ours."""
    module_name, _, class_name = qualified.rpartition(".")
    if not module_name.startswith("site_builder"):
        return []
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return []
    return [n for n in dir(cls) if not n.startswith("_")] + list(getattr(cls, "__dataclass_fields__", {}))


def _template_frame(exc: Exception, name: str, pattern: str | None, skip: int = 0) -> Location:
    """The innermost template line in the exception's traceback; the column of `pattern` on it when found."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    if not frames:
        return Location(Path(name))
    path, line = Path(frames[-1].filename), frames[-1].lineno or 1
    text = source_line(path, line) or ""
    found = re.search(pattern, text) if pattern else None
    return Location(path, line, found.start() + 1 + skip if found else 1)
