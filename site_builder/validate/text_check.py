"""Text an editor wrote never holds invisible control characters: they corrupt pages and crash chart drawing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..load.characters import CONTROL_HINT, code_point, control_characters
from ..load.yaml_source import YamlDocument
from ..problems import Location, Problems


def strings(value: Any, at: tuple[Any, ...] = (), keys: bool = False) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, text) of every text value within `value` (and of every mapping key, when `keys`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if keys:
                yield (*at, key), str(key)
            yield from strings(item, (*at, key), keys)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, (*at, i), keys)
    elif isinstance(value, str):
        yield at, value


def check_yaml_text(doc: YamlDocument, problems: Problems) -> None:
    """An error at every value (or key) of a YAML file that holds a control character."""
    for at, text in strings(doc.data, keys=True):
        if found := next(control_characters(text), None):
            problems.error(doc.where(at), f"the text here holds an invisible control character "
                           f"({code_point(found[2])})", CONTROL_HINT)


def check_markdown_text(path: Path, text: str, problems: Problems) -> None:
    """An error at each control character in a Markdown file."""
    for line, col, char in control_characters(text):
        problems.error(Location(path, line, col), f"an invisible control character ({code_point(char)}) is here",
                       CONTROL_HINT)
