"""Strict YAML reading that remembers where every value came from.

Only `true`/`false` are booleans and only plain digits are integers (YAML 1.2 core rules), so
Norway's code `NO` stays a string; dates stay text for the validator; duplicate keys, tabs,
empty and non-UTF-8 files, characters YAML does not allow, anchors, aliases and tags are reported as
problems rather than silently accepted (`yaml_loader.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Location, Problems
from .characters import CONTROL_HINT, code_point
from .text_file import read_text
from .yaml_loader import Refused, StrictLoader
from .yaml_syntax import explain_syntax_error

__all__ = ["YamlDocument", "load_yaml", "read_text"]

Path_ = tuple[Any, ...]


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


def load_yaml(path: Path, problems: Problems) -> YamlDocument | None:
    """Read a YAML file strictly; None (with problems recorded) when it cannot be used."""
    text = read_text(path, problems)
    if text is None or _report_tabs(path, text, problems):
        return None
    if all(_is_comment(line) for line in text.splitlines()):
        problems.error(Location(path), "file is empty", EMPTY_HINT)
        return None
    try:
        return _document(path, StrictLoader(text), problems)
    except yaml.reader.ReaderError as exc:
        problems.error(Location(path, *_text_position(text, exc.position)),
                       f"an invisible control character ({code_point(chr(exc.character))}) is here", CONTROL_HINT)
    except Refused as exc:
        problems.error(Location(path, *_position(exc.mark)), exc.message, exc.hint)
    except yaml.MarkedYAMLError as exc:
        where, message, hint = explain_syntax_error(text, exc)
        problems.error(Location(path, *where), message, hint)
    return None


EMPTY_HINT = "fill in its fields (docs/editing.md lists them) or delete the file"


def _document(path: Path, loader: StrictLoader, problems: Problems) -> YamlDocument | None:
    """The one document `loader` reads, every value located; None (reported) when there is none."""
    node = loader.get_single_node()
    if node is None:
        problems.error(Location(path), "file is empty", EMPTY_HINT)
        return None
    document = YamlDocument(path, None)
    document.data = _construct(loader, node, (), document, problems)
    return document


def _position(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _text_position(text: str, index: int) -> tuple[int, int]:
    """(line, column) from 1 of the character at `index`, lines broken as `str.splitlines` breaks them."""
    before = text[:index].splitlines(keepends=True)
    if not before:
        return 1, 1
    if before[-1].splitlines() != [before[-1]]:  # it ends with a line break
        return len(before) + 1, 1
    return len(before), len(before[-1]) + 1


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


def _construct(loader: StrictLoader, node: yaml.Node, at: Path_, doc: YamlDocument,
               problems: Problems) -> Any:
    doc.values[at] = _mark(doc.path, node)
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, at, doc, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*at, i), doc, problems) for i, item in enumerate(node.value)]
    return loader.construct_object(node)


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, at: Path_, doc: YamlDocument,
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
