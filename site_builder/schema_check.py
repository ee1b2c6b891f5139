"""Check a YAML document against the JSON Schema shipped in schema/, in editors' words."""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .problems import Problems
from .yaml_source import YamlDocument

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def check_schema(doc: YamlDocument, name: str, problems: Problems) -> bool:
    """Record every schema problem in `doc`; True when there were none."""
    errors = sorted(_validator(name).iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        _report(doc, error, problems)
    return not errors


def _report(doc: YamlDocument, error: jsonschema.ValidationError, problems: Problems) -> None:
    at = tuple(error.absolute_path)
    field = ".".join(str(p) for p in at) or "the file"
    kind = error.validator
    if kind == "additionalProperties":
        _unknown_keys(doc, error, at, problems)
    elif kind == "required":
        missing = error.message.split("'")[1]
        problems.error(doc.where(at), f"missing required field '{missing}' in {field}",
                       f"add '{missing}:' here; docs/editing.md lists every field")
    elif kind == "type":
        problems.error(doc.where(at), f"{field}: expected {_type_words(error.validator_value)}, "
                       f"got {_value_words(error.instance)}", _type_hint(error))
    elif kind in {"anyOf", "oneOf"} and "figure" in str(error.schema.get("description", "")):
        problems.error(doc.where(at), f"{field}: '{error.instance}' is not a figure",
                       "write a whole number, a band [low, high], or one of: not reported, "
                       "not applicable, withheld, fewer than 10")
    else:
        problems.error(doc.where(at), f"{field}: {_plain(error)}", _pattern_hint(error))


def _unknown_keys(doc: YamlDocument, error: jsonschema.ValidationError, at: tuple, problems: Problems) -> None:
    known = list(error.schema.get("properties", {}))
    for key in error.instance:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields here: {', '.join(known)}"
        problems.error(doc.key_where(at + (key,)), f"unknown field '{key}'", hint)


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


def _type_hint(error: jsonschema.ValidationError) -> str:
    if error.validator_value == "string" and not isinstance(error.instance, (dict, list)):
        return "put the value in quotes, e.g. \"2012\" or \"NO\""
    if error.validator_value == "boolean":
        return "write exactly true or false (yes, no, on and off are not accepted)"
    if error.validator_value == "integer":
        return "write digits only, with no commas, decimals or quotes"
    return "see docs/editing.md for the shape of this field"


def _plain(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern":
        return f"'{error.instance}' is not in the expected form"
    if error.validator == "enum":
        return f"'{error.instance}' is not one of: {', '.join(map(str, error.validator_value))}"
    if error.validator == "minItems":
        return "needs at least one entry"
    if error.validator == "minLength":
        return "must not be empty"
    if error.validator == "minimum":
        return f"{error.instance} is below {error.validator_value}"
    return error.message


_PATTERN_HINTS = {
    "[0-9]{4}-[0-9]{2}-[0-9]{2}": "write dates as YYYY-MM-DD, e.g. 2013-06-30",
    "https?://": "write a full web address starting with https://",
    "[a-z0-9][a-z0-9-]*": "use lower-case letters, digits and hyphens, e.g. 2013-h1",
    "[A-Z]{2}": "use an ISO 3166-1 alpha-2 code in capitals, e.g. GB",
    "[a-z]{2,3}": "use a language tag such as en or en-GB",
}


def _pattern_hint(error: jsonschema.ValidationError) -> str:
    if error.validator != "pattern":
        return "see docs/editing.md for the values this field takes"
    pattern = str(error.validator_value)
    if pattern.endswith("/$"):
        return "write the full address ending with a slash, e.g. https://example.org/"
    return next((hint for key, hint in _PATTERN_HINTS.items() if key in pattern),
                "see docs/editing.md for the form of this field")
