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

from .problems import Location, Problems

Path_ = tuple[Any, ...]


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types of YAML 1.2's core schema: no yes/no/on/off, octal or sexagesimal."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
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
        problems.error(Location(path, line, col), "file is not UTF-8 text",
                       "save the file with UTF-8 encoding in your editor")
        return None


def load_yaml(path: Path, problems: Problems) -> YamlDocument | None:
    """Read a YAML file strictly; None (with problems recorded) when it cannot be used."""
    text = read_text(path, problems)
    if text is None:
        return None
    if _report_tabs(path, text, problems):
        return None
    if not text.strip() or all(_is_comment(line) for line in text.splitlines()):
        problems.error(Location(path), "file is empty", "fill it in or delete it")
        return None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problems.error(where, f"YAML syntax: {exc.problem or exc.context}",
                       "check indentation, colons and quotes on this line or the one above")
        return None
    document = YamlDocument(path, None)
    document.data = _construct(loader, node, (), document, problems)
    return document


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
        return [_construct(loader, item, at + (i,), doc, problems) for i, item in enumerate(node.value)]
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
            first = doc.keys[at + (key,)]
            problems.error(_mark(doc.path, key_node), f"duplicate key '{key}'",
                           f"'{key}' is already set on line {first.line}: keep only one of them")
            continue
        doc.keys[at + (key,)] = _mark(doc.path, key_node)
        result[key] = _construct(loader, value_node, at + (key,), doc, problems)
    return result
