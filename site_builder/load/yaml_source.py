"""Strict YAML reading that remembers where every value came from.

Only `true`/`false` are booleans and only plain digits are integers (YAML 1.2 core rules), so
Norway's code `NO` stays a string; dates stay text for the validator; duplicate keys, tabs,
empty and non-UTF-8 files are reported as problems rather than silently accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Location, Problems
from .characters import CONTROL_HINT, code_point, control_characters

Path_ = tuple[Any, ...]


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types close to YAML 1.2's core schema, stricter still: only `true`/`false` are booleans.

    No yes/no/on/off (so `NO` stays Norway), no `True`, octal, sexagesimal or timestamps.
    """


_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
              yaml.composer.Composer, yaml.constructor.SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """Plain decimal: `012` is twelve, never octal."""
        return int(self.construct_scalar(node), 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


@dataclass
class YamlDocument:
    """Plain data read from one YAML file, with the location of every value and key."""

    path: Path
    data: Any
    values: dict[Path_, Location] = field(default_factory=dict)
    keys: dict[Path_, Location] = field(default_factory=dict)

    def where(self, path: Path_) -> Location:
        """The location of a value, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return Location(self.path)

    def key_where(self, path: Path_) -> Location:
        """The location of a mapping key, falling back to its value."""
        return self.keys.get(path) or self.where(path)


def read_text(path: Path, problems: Problems) -> str | None:
    """A file's text as UTF-8, or None after reporting why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.error(Location(path), "file not found", "check the file name and folder")
        return None
    except OSError as exc:
        problems.error(Location(path), f"cannot read file: {exc.strerror}")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(Location(path, line, col),
                       f"file is not UTF-8 text (byte 0x{raw[exc.start]:02X} here cannot be read)",
                       "in your editor choose Save with Encoding (or Save As) and pick UTF-8; "
                       "spreadsheet programs call it 'CSV UTF-8'")
        return None


def load_yaml(path: Path, problems: Problems) -> YamlDocument | None:
    """Read a YAML file strictly; None (with problems recorded) when it cannot be used."""
    text = read_text(path, problems)
    if text is None or _report_tabs(path, text, problems):
        return None
    if all(_is_comment(line) for line in text.splitlines()):
        problems.error(Location(path), "file is empty",
                       "fill in its fields (docs/editing.md lists them) or delete the file")
        return None
    if found := next(control_characters(text), None):
        problems.error(Location(path, found[0], found[1]), f"an invisible control character ({code_point(found[2])}) "
                       "is here", CONTROL_HINT)
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        document = YamlDocument(path, None)
        document.data = _construct(loader, node, (), document, problems)
    except yaml.MarkedYAMLError as exc:
        where, message, hint = explain_syntax_error(text, exc)
        problems.error(Location(path, *where), message, hint)
        return None
    return document


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
    ("that cannot start any token", False, "a value cannot start with {found}",
     "put the whole value in quotes"),
    ("found undefined alias", False, "a value cannot start with '*'",
     "put the whole value in quotes"),
    ("expected alphabetic or numeric character", False, "a value cannot start with '&' or '*'",
     "put the whole value in quotes"),
    ("could not determine a constructor", False, "a value cannot start with '!'",
     "put the whole value in quotes"),
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
    scanner = _Loader(text)
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


def _is_comment(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _report_tabs(path: Path, text: str, problems: Problems) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.error(Location(path, number, line.index("\t") + 1),
                           "tab character used for indentation",
                           "YAML indents with spaces only: replace the tab with spaces")
            found = True
    return found


def _mark(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _construct(loader: _Loader, node: yaml.Node, at: Path_, doc: YamlDocument,
               problems: Problems) -> Any:
    doc.values[at] = _mark(doc.path, node)
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, at, doc, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*at, i), doc, problems) for i, item in enumerate(node.value)]
    return loader.construct_object(node)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, at: Path_, doc: YamlDocument,
                       problems: Problems) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, (str, int, bool)) or isinstance(key, bool):
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key)
        key = str(key)
        if key in result:
            first = doc.keys[(*at, key)]
            problems.error(_mark(doc.path, key_node), f"duplicate key '{key}'",
                           f"'{key}' is already set on line {first.line}: keep only one of them")
            continue
        doc.keys[(*at, key)] = _mark(doc.path, key_node)
        result[key] = _construct(loader, value_node, (*at, key), doc, problems)
    return result
