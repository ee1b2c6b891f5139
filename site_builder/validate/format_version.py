"""Every YAML file says which version of the data format it is written in; the builder reads format 2."""

from __future__ import annotations

from ..load.yaml_source import YamlDocument
from ..problems import Problems

CURRENT_FORMAT = 2
MIGRATE_HINT = ("run `python build.py migrate` in the site's folder: it rewrites every file in format "
                f"{CURRENT_FORMAT} without changing a figure")


def declared_format(doc: YamlDocument) -> object:
    """The file's `format:` value, or None when it has none (format 1 files had none)."""
    return doc.data.get("format") if isinstance(doc.data, dict) else None


ADD_FORMAT_HINT = (f"add 'format: {CURRENT_FORMAT}' after the comments at the top of this file; a file copied from a "
                   "format 1 site may need fields renamed too (docs/errors.md lists them)")


def check_format(doc: YamlDocument, problems: Problems, missing_hint: str = MIGRATE_HINT) -> bool:
    """True when `doc` is written in the current format; otherwise one problem says what to do.

    `missing_hint` is for a file without `format:`: migrate the site, or (when site.yaml is in the current
    format already) add the line."""
    value = declared_format(doc)
    if value == CURRENT_FORMAT and not isinstance(value, bool):
        return True
    if value is None and isinstance(doc.data, dict):
        problems.error(doc.where(()), f"{doc.path.name} has no 'format:', so it is in format 1", missing_hint)
    elif isinstance(value, int) and not isinstance(value, bool) and value > CURRENT_FORMAT:
        problems.error(doc.where(("format",)), f"{doc.path.name} is in format {value}, newer than this "
                       f"builder reads ({CURRENT_FORMAT})",
                       "build it with a newer version of the builder, the one its files were written for")
    elif isinstance(doc.data, dict):
        problems.error(doc.where(("format",)), f"format: '{value}' is not a format this builder reads",
                       f"write format: {CURRENT_FORMAT}")
    else:
        return True  # not a group of fields at all: the schema check says so
    return False
