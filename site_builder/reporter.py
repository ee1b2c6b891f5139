"""Turn collected problems into the text an editor reads."""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem, Problems


def display_path(path: Path) -> str:
    """The path relative to the working folder when it lies below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def source_line(path: Path, line: int) -> str | None:
    """The text of one line of a file, or None when it cannot be read."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def format_problem(problem: Problem, strict: bool = False) -> str:
    """`path:line:col: error: message`, the source line with a caret, and the hint."""
    loc = problem.location
    severity = "error" if problem.is_error or strict else "warning"
    out = [f"{display_path(loc.path)}:{loc.line}:{loc.col}: {severity}: {problem.message}"]
    text = source_line(loc.path, loc.line)
    if text is not None and text.strip():
        shown = text.replace("\t", " ")
        out.append(f"    {shown}")
        out.append("    " + " " * (loc.col - 1) + "^")
    if problem.hint:
        out.append(f"  hint: {problem.hint}")
    return "\n".join(out)


def format_problems(problems: Problems, strict: bool = False) -> str:
    """Every problem sorted by file and line, then a line counting them."""
    blocks = [format_problem(p, strict) for p in problems.sorted()]
    errors = len(problems.errors) + (len(problems.warnings) if strict else 0)
    warnings = 0 if strict else len(problems.warnings)
    blocks.append(f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(blocks)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
