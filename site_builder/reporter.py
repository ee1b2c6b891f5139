"""Turn collected problems into the text an editor reads."""

from __future__ import annotations

import os
from itertools import groupby
from pathlib import Path

from .problems import MAX_SOURCE_BYTES, Problem, Problems

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
