"""YAML syntax errors in editors' words: where the mistake is, what it is, and how to fix it."""

from __future__ import annotations

import re

import yaml

from .yaml_loader import QUOTE_HINT, StrictLoader

# (words in PyYAML's message, use its context mark, our message, our hint)
_SYNTAX: tuple[tuple[str, bool, str, str], ...] = (
    ("could not find expected ':'", True, "this line has no ':' after its field name",
     "write the field name, a colon and a space, then the value, e.g. title: All services"),
    ("mapping values are not allowed here", False, "a ':' where YAML does not expect one",
     "if the value itself contains ': ', put the whole value in quotes; "
     "otherwise this line is indented more than the line above"),
    ("found unexpected end of stream", True, "a quote opened here is never closed",
     "end the value with the same quote mark it starts with"),
    ("expected ',' or ']'", True, "a list opened with '[' here is not closed",
     "close the list with ']' on the same line, e.g. [0, 999]"),
    ("expected ',' or '}'", True, "a group opened with '{' here is not closed",
     "close it with '}' on the same line, or write the fields one per line instead"),
    ("that cannot start any token", False, "a value cannot start with {found}", QUOTE_HINT),
    ("expected alphabetic or numeric character", False, "a value cannot start with '&' or '*'", QUOTE_HINT),
    ("another document", False, "a second document ('---') in one file",
     "keep one document per file: remove the '---' line and what is meant for another file"),
    ("expected <block end>", False, "this line is not lined up with the lines above it",
     "fields of one group start in the same column and list items ('- ') line up; "
     "indent with spaces so it matches its neighbours"),
    ("did not find expected", False, "this line is not lined up with the lines above it",
     "fields of one group start in the same column and list items ('- ') line up; "
     "indent with spaces so it matches its neighbours"),
)


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[tuple[int, int], str, str]:
    """((line, column), message, hint) in editors' words for a YAML syntax error."""
    runaway = _runaway_quote(text, exc)
    if runaway is not None:
        return runaway
    problem = str(exc.problem or exc.context)
    if "expected <block end>" in problem and _mid_line(text, exc.problem_mark):
        return (_position(exc.problem_mark), "unexpected text after the value on this line",
                "a value that starts with a quote must end with it: put the whole value in quotes "
                "of the other kind, e.g. \"'Five' Eyes\"")
    for words, at_context, message, hint in _SYNTAX:
        if words in problem:
            mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
            found = re.search(r"'(.+?)'", problem)
            return _position(mark), message.replace("{found}", found.group(0) if found else "it"), hint
    return (_position(exc.problem_mark or exc.context_mark), f"YAML syntax: {problem}",
            "check indentation, colons and quotes on this line or the one above")


def _mid_line(text: str, mark: yaml.Mark | None) -> bool:
    """True when the mark is not at the first character of its line."""
    if mark is None:
        return False
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    return bool(line[: mark.column].strip())


def _position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _runaway_quote(text: str, exc: yaml.MarkedYAMLError) -> tuple[tuple[int, int], str, str] | None:
    """A quoted value running over several lines just before the error: its quote was left open."""
    if exc.problem_mark is None:
        return None
    last = None
    scanner = StrictLoader(text)
    try:
        while scanner.check_token() and scanner.peek_token().start_mark.index < exc.problem_mark.index:
            token = scanner.get_token()
            last = token if isinstance(token, yaml.ScalarToken) else last
    except yaml.MarkedYAMLError:
        pass
    if (last is None or last.style not in {"'", '"'} or last.start_mark.line == last.end_mark.line
            or last.end_mark.line != exc.problem_mark.line):
        return None
    return (_position(last.start_mark), f"the quote opened here runs on to line {last.end_mark.line + 1}",
            "close the quote at the end of the value; inside single quotes write an apostrophe as two ('')")
