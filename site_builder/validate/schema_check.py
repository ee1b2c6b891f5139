"""Check a YAML document against the JSON Schema shipped in site_builder/schemas/, in editors' words."""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from ..load.yaml_source import YamlDocument
from ..problems import Location, Problems
from .figures import FigureError, figure_hint, parse_figure

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
_ITEM_WORDS = {"sections": "section", "notes": "note", "statements": "statement", "measures": "measure",
               "outcome_sets": "outcome set", "categories": "category list", "members": "category",
               "extra": "extra row", "terms": "term", "revisions": "revision"}


def schema_path(name: str) -> Path:
    """The JSON Schema file for `site` or `report` files, as shipped in site_builder/schemas/."""
    return SCHEMA_DIR / f"{name}.schema.json"


def schema_comment(yaml_path: Path, name: str) -> str:
    """The first line that points editors' YAML plugins at the schema of a file at `yaml_path`."""
    relative = os.path.relpath(schema_path(name), yaml_path.resolve().parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker(["date"]))


def check_schema(doc: YamlDocument, name: str, problems: Problems, percentages: Collection[str] = ()) -> bool:
    """Record every schema problem in `doc`; True when there were none. `percentages` are the measures whose
    figures are percentages, so that a figure's message speaks of the right kind."""
    validator = _validator(name)
    errors = _without_repeats(sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))))
    figure = validator.schema.get("$defs", {}).get("figure")
    for error in errors:
        at = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            _unknown_keys(doc, error, at, problems)
        else:
            message, hint = (_figure_words(doc, error, at, at[-1] in percentages) if error.schema is figure
                             else _words(doc, error, at))
            problems.error(_location(doc, error, at), message, hint)
    return not errors


def _without_repeats(errors: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    """Errors minus a date's 'not a real date' when its form is already wrong."""
    paths = [tuple(e.absolute_path) for e in errors]
    return [e for e, at in zip(errors, paths, strict=True) if e.validator != "format" or paths.count(at) == 1]


def field_words(doc: YamlDocument, at: tuple[Any, ...]) -> str:
    """A value's place in words: `totals.demands in section 'by-country'`, `note 2`, or the file's name."""
    owner, fields, value = "", [], doc.data
    for step in at:
        value = value[step] if isinstance(value, (dict, list)) else None
        if isinstance(step, int):
            label = _ITEM_WORDS.get(str(fields[-1]) if fields else "", "item")
            item_id = value.get("id") if isinstance(value, dict) else None
            owner = f"{label} '{item_id}'" if isinstance(item_id, str) else f"{label} {step + 1}"
            fields = []
        else:
            fields.append(str(step))
    name = ".".join(fields)
    if owner:
        return f"{name} in {owner}" if name else owner
    return name or doc.path.name


def _location(doc: YamlDocument, error: jsonschema.ValidationError, at: tuple[Any, ...]) -> Location:
    return doc.key_where(at) if error.validator == "required" else doc.where(at)


def _words(doc: YamlDocument, error: jsonschema.ValidationError, at: tuple[Any, ...]) -> tuple[str, str]:
    """(message, hint) for one schema error that is not about unknown keys."""
    field = field_words(doc, at)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = next(key for key in expected if key not in value)
        where = f"in {doc.path.name}" if not at else f"in {field}"
        return (f"missing required field '{missing}' {where}",
                f"add '{missing}:' with its value; docs/editing.md lists every field")
    if kind == "type":
        return f"{field}: expected {_type_words(expected)}, got {_value_words(value)}", _type_hint(expected, value, at)
    if kind == "enum":
        choices = [str(c) for c in expected]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"write one of: {', '.join(choices)}"
        return f"{field}: '{value}' is not one of: {', '.join(choices)}", hint
    if kind == "format":
        return f"{field}: '{value}' is not a real date", "check the month (01 to 12) and that the day exists in it"
    if kind == "pattern":
        return f"{field}: '{value}' is not in the expected form", _pattern_hint(str(expected))
    if kind == "minItems":
        return f"{field}: needs at least one entry", "add an entry, or remove the field"
    if kind == "minLength":
        return f"{field}: must not be empty", "write a value after the colon"
    if kind == "minimum":
        return f"{field}: {value} is below {expected}", "counts cannot be below zero"
    return f"{field}: {error.message}", "see docs/editing.md for the values this field takes"


def _figure_words(doc: YamlDocument, error: jsonschema.ValidationError, at: tuple[Any, ...],
                  percentage: bool) -> tuple[str, str]:
    """(message, hint) for a figure in YAML, in the same words as for a CSV cell."""
    field = field_words(doc, at)
    try:
        parse_figure(error.instance, percentage)
    except FigureError as exc:
        return f"{field}: {exc}", exc.hint or figure_hint("yaml")
    if isinstance(error.instance, str) and error.instance.strip().isdigit():
        return f"{field}: '{error.instance}' is in quotes, so it is text", "remove the quotes around the number"
    return (f"{field}: '{error.instance}' is not written as figures are here",
            "write the words in small letters (not reported, not applicable, withheld, fewer than 10), "
            "and a band as [0, 999] or 0-999")


# Fields of data format 1 that format 2 renamed or moved, and where they are now.
FORMAT_1_FIELDS = {
    "jurisdiction": "format 2 calls it 'row': write row: with the same value",
    "jurisdiction_aliases": "format 2 keeps aliases in data/dimensions.yaml, under jurisdictions: aliases:",
    "measure": "format 2 defines a measure in data/measures.yaml: move this definition to its 'definition:'",
}


def _unknown_keys(doc: YamlDocument, error: jsonschema.ValidationError, at: tuple, problems: Problems) -> None:
    known = list(error.schema.get("properties", {}))
    for key in error.instance:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = FORMAT_1_FIELDS.get(key) or (
            f"did you mean '{close[0]}'?" if close else f"fields allowed here: {', '.join(known)}")
        problems.error(doc.key_where((*at, key)), f"unknown field '{key}'", hint)


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "object": "a group of fields",
               "array": "a list", "boolean": "true or false", "number": "a number"}


def _type_words(expected: Any) -> str:
    types = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(t, t) for t in types)


def _value_words(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a group of fields" if isinstance(value, dict) else "a list"
    return f"'{value}'"


def _type_hint(expected: Any, value: Any, at: tuple[Any, ...]) -> str:
    if value is None:
        return "write a value after the colon, or remove the line"
    if not at:
        return "the file holds fields written 'name: value', one per line; docs/editing.md shows an example"
    if expected == "string" and not isinstance(value, (dict, list)):
        return 'put the value in quotes, e.g. "2012"'
    if expected == "boolean":
        return "write exactly true or false (yes, no, on, off and True are not accepted)"
    if expected == "integer":
        return "write digits only, with no commas, decimals or quotes"
    if expected == "array":
        return "write each entry on its own line starting with '- '"
    return "see docs/editing.md for the shape of this field"


_PATTERN_HINTS = {  # the first whose key is part of the pattern gives the hint
    "[0-9]{4}-[0-9]{2}-[0-9]{2}": "write dates as YYYY-MM-DD, e.g. 2013-06-30",
    "[a-z][a-z0-9_]": "use at most 64 lower-case letters, digits and underscores, starting with a letter, "
                      "e.g. accounts_named",
    "[A-Z]{2}|": "write two capital letters for a jurisdiction (XK), or lower-case words joined by hyphens for a "
                 "group of them (rest-of-world)",
    "/$": "write the full address ending with a slash, e.g. https://example.org/",
    "https?://": "write a full web address starting with https://",
    "[a-z0-9][a-z0-9-]": "use at most 64 lower-case letters, digits and hyphens, e.g. 2013-h1",
    "[A-Z]{2}": "use an ISO 3166-1 alpha-2 code in capitals, e.g. GB",
    "[a-z]{2,3}": "use a language tag such as en or en-GB",
    "\\.csv$": "name a CSV file, e.g. 2013-h1-all-services.csv",
}


def _pattern_hint(pattern: str) -> str:
    return next((hint for key, hint in _PATTERN_HINTS.items() if key in pattern),
                "see docs/editing.md for the form of this field")
