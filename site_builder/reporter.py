"""Turn collected problems into the text an editor reads."""

from __future__ import annotations

import difflib
import importlib
import os
import re
import traceback
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

import jinja2

from .problems import MAX_SOURCE_BYTES, Location, Problem, Problems

PER_FILE = 50  # problems printed per file; the closing count includes the rest


def display_path(path: Path) -> str:
    """The path relative to the working folder when it lies below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def source_lines(path: Path) -> list[str] | None:
    """A file's lines, or None when it cannot be read or is over the size limit (read no further than that)."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SOURCE_BYTES + 1)
    except OSError:
        return None
    return None if len(raw) > MAX_SOURCE_BYTES else raw.decode("utf-8-sig", errors="replace").splitlines()


def source_line(path: Path, line: int, lines: list[str] | None = None) -> str | None:
    """The text of one line of a file (of `lines`, the file's lines, when given), or None."""
    lines = source_lines(path) if lines is None else lines
    return lines[line - 1] if lines is not None and 0 < line <= len(lines) else None


def format_problem(problem: Problem, strict: bool = False, lines: list[str] | None = None) -> str:
    """`path:line:col: error: message`, the source line with a caret, and the hint.

    `lines` are the file's lines when the caller has read them already."""
    loc = problem.location
    severity = "error" if problem.is_error or strict else "warning"
    out = [f"{display_path(loc.path)}:{loc.line}:{loc.col}: {severity}: {problem.message}"]
    text = source_line(loc.path, loc.line, lines)
    if text is not None and text.strip():
        shown = text.replace("\t", " ")
        out.append(f"    {shown}")
        out.append("    " + " " * (loc.col - 1) + "^")
    if problem.hint:
        out.append(f"  hint: {problem.hint}")
    return "\n".join(out)


def format_problems(problems: Problems, strict: bool = False) -> str:
    """Every problem sorted by file and line (at most PER_FILE of each file), then a line counting them all.

    Each file is read once, however many problems it has."""
    blocks = []
    for path, found in _by_file(problems.sorted()):
        lines = source_lines(path)
        shown = _first_shown(found, strict)
        blocks += [format_problem(p, strict, [] if lines is None else lines) for p in shown]
        if len(found) > len(shown):
            blocks.append(f"{display_path(path)}: … and {len(found) - len(shown):,} more in this file "
                          "(fix the ones above and build again to see them)")
    errors = len(problems.errors) + (len(problems.warnings) if strict else 0)
    warnings = 0 if strict else len(problems.warnings)
    blocks.append(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(blocks)


def _by_file(problems: list[Problem]) -> list[tuple[Path, list[Problem]]]:
    """Problems already sorted by file, grouped by it."""
    return [(path, list(group)) for path, group in groupby(problems, key=lambda p: p.location.path)]


def _first_shown(found: list[Problem], strict: bool) -> list[Problem]:
    """At most PER_FILE of one file's problems, errors before warnings, in line order."""
    if len(found) <= PER_FILE:
        return found
    chosen = sorted(found, key=lambda p: not (p.is_error or strict))[:PER_FILE]
    return sorted(chosen, key=lambda p: (p.location.line, p.location.col))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


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
