"""What the site declares it counts (data/measures.yaml) and what its tables' rows are (data/dimensions.yaml)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ..load.yaml_source import YamlDocument
from ..problems import Problems
from .categories import CategoryResolver
from .jurisdictions import JurisdictionResolver, display_name, is_code, normalise
from .objects import JURISDICTIONS, Dimension, Measure, Measures, Member, OutcomeSet

JURISDICTION_COLUMNS = ("country", "jurisdiction")
MEASURES_FILE = "data/measures.yaml"


class RowResolver(Protocol):
    """Turns the names a source gives rows into row keys (see JurisdictionResolver, CategoryResolver)."""

    def knows(self, key: str) -> bool: ...
    def resolve(self, text: str) -> str | None: ...
    def name(self, key: str) -> str: ...
    def has_page(self, key: str) -> bool: ...
    def suggestion(self, text: str) -> str: ...


@dataclass(frozen=True)
class Declarations:
    """The site's measures and dimensions, and how to read each dimension's row names."""

    measures: Measures
    dimensions: dict[str, Dimension]
    resolvers: dict[str, RowResolver]

    def dimension_for_column(self, column: str) -> Dimension | None:
        """The dimension a table's first column names: country/jurisdiction, or a category list's id."""
        return self.dimensions[JURISDICTIONS] if column in JURISDICTION_COLUMNS else (
            self.dimensions.get(column) if column != JURISDICTIONS else None)


def _text(raw: dict[str, Any], key: str, default: str = "") -> str:
    return " ".join(str(raw.get(key, default)).split())


def read_declarations(measures_doc: YamlDocument, dimensions_doc: YamlDocument | None,
                      problems: Problems) -> Declarations:
    """The declarations, every inconsistency in them recorded as a problem."""
    measures = _measures(measures_doc, problems)
    dimensions, resolvers = _dimensions(dimensions_doc, problems)
    return Declarations(measures, dimensions, resolvers)


def _unknown(problems: Problems, doc: YamlDocument, at: tuple, what: str, value: str, known: Iterable[str],
             hint: str) -> None:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.5)
    problems.error(doc.where(at), f"{what} '{value}' is not a declared measure",
                   f"did you mean '{close[0]}'?" if close else hint)


def _measures(doc: YamlDocument, problems: Problems) -> Measures:
    items: dict[str, Measure] = {}
    for i, raw in enumerate(doc.data["measures"]):
        if raw["id"] in items:
            first = doc.where(("measures", [m.id for m in items.values()].index(raw["id"]), "id"))
            problems.error(doc.where(("measures", i, "id")), f"measure '{raw['id']}' is declared twice",
                           f"it is already declared on line {first.line}: keep one of them")
            continue
        items[raw["id"]] = Measure(raw["id"], _text(raw, "label"), _text(raw, "short_label", raw["label"]),
                                   _text(raw, "unit"), raw.get("kind", "count"), raw.get("of"),
                                   _text(raw, "definition"))
    declared = list(items)
    for i, raw in enumerate(doc.data["measures"]):
        _check_percentage(doc, i, raw, items, problems)
    primary = doc.data.get("primary", declared[0])
    if primary not in items or items[primary].is_percentage:
        if primary in items:
            problems.error(doc.where(("primary",)), f"the primary measure '{primary}' is a percentage",
                           "the primary measure ranks rows and leads the charts: choose a count")
        else:
            _unknown(problems, doc, ("primary",), "primary", primary, declared, f"choose one of: {', '.join(declared)}")
        primary = next((m for m in declared if not items[m].is_percentage), declared[0])
    headline = []
    for i, measure_id in enumerate(doc.data.get("headline", declared)):
        if measure_id in items:
            headline.append(measure_id)
        else:
            _unknown(problems, doc, ("headline", i), "headline", measure_id, declared,
                     f"headline figures are measures: {', '.join(declared)}")
    sets = [s for i, raw in enumerate(doc.data.get("outcome_sets", []))
            if (s := _outcome_set(doc, i, raw, items, problems)) is not None]
    return Measures(tuple(items.values()), primary, tuple(headline), tuple(sets))


def _check_percentage(doc: YamlDocument, i: int, raw: dict[str, Any], items: dict[str, Measure],
                      problems: Problems) -> None:
    at = ("measures", i)
    if raw.get("kind") == "percentage":
        base = raw.get("of")
        if base is None:
            problems.error(doc.where(at), f"percentage '{raw['id']}' does not say what it is a percentage of",
                           "add 'of:' with the id of the count it is a percentage of")
        elif base not in items or items[base].is_percentage:
            counts = [m for m in items if not items[m].is_percentage]
            close = difflib.get_close_matches(base, counts, n=1, cutoff=0.5)
            what = "which is not declared" if base not in items else "a percentage itself"
            problems.error(doc.where((*at, "of")), f"percentage '{raw['id']}' is of '{base}', {what}",
                           f"did you mean '{close[0]}'?" if close and base not in items
                           else f"a percentage is of a count: {', '.join(counts) or 'declare one'}")
    elif "of" in raw:
        problems.error(doc.where((*at, "of")), f"'{raw['id']}' is a count, so 'of' does not apply",
                       "add 'kind: percentage' if it is a percentage of another measure, or remove 'of:'")


def _outcome_set(doc: YamlDocument, i: int, raw: dict[str, Any], items: dict[str, Measure],
                 problems: Problems) -> OutcomeSet | None:
    at = ("outcome_sets", i)
    counts = [m for m in items if not items[m].is_percentage]
    ok = True
    for key, value in [("whole", raw["whole"]), *((("parts", j), p) for j, p in enumerate(raw["parts"]))]:
        place = (*at, *key) if isinstance(key, tuple) else (*at, key)
        if value not in counts:
            ok = False
            what = "a percentage" if value in items else "not a declared measure"
            close = difflib.get_close_matches(value, counts, n=1, cutoff=0.5)
            problems.error(doc.where(place), f"outcome set '{raw['id']}': '{value}' is {what}",
                           f"did you mean '{close[0]}'?" if close and value not in items
                           else f"wholes and parts are counts: {', '.join(counts)}")
    seen = {raw["whole"]}
    for j, part in enumerate(raw["parts"]):
        if part in seen:
            ok = False
            problems.error(doc.where((*at, "parts", j)), f"outcome set '{raw['id']}' names '{part}' twice",
                           "a part appears once, and is never the whole itself")
        seen.add(part)
    if not ok:
        return None
    return OutcomeSet(raw["id"], _text(raw, "title"), raw["whole"], tuple(raw["parts"]), raw.get("exhaustive", True),
                      raw.get("tolerance", 0))


def _dimensions(doc: YamlDocument | None, problems: Problems) -> tuple[dict[str, Dimension], dict[str, RowResolver]]:
    data = doc.data if doc is not None else {}
    places = data.get("jurisdictions", {})
    extra = _extra_rows(doc, places.get("extra", []), problems) if doc else ()
    aliases = _aliases(doc, places.get("aliases", {}), {m.id for m in extra}, problems) if doc else {}
    jurisdictions = Dimension(JURISDICTIONS, "Jurisdiction", "jurisdictions", extra)
    dimensions: dict[str, Dimension] = {JURISDICTIONS: jurisdictions}
    resolvers: dict[str, RowResolver] = {JURISDICTIONS: JurisdictionResolver(aliases, extra)}
    for i, raw in enumerate(data.get("categories", [])):
        if raw["id"] in dimensions or raw["id"] in JURISDICTION_COLUMNS:
            twice = raw["id"] in dimensions and raw["id"] != JURISDICTIONS
            problems.error(doc.where(("categories", i, "id")),
                           f"category list '{raw['id']}' is declared twice" if twice else
                           f"'{raw['id']}' names the jurisdictions, not a list of categories",
                           "merge the two lists, or give one of them another id" if twice else
                           "give the list of categories an id of its own, such as legal_process")
            continue
        dimension, member_aliases = _categories(doc, i, raw, problems)
        dimensions[dimension.id] = dimension
        resolvers[dimension.id] = CategoryResolver(dimension, member_aliases)
    return dimensions, resolvers


def _extra_rows(doc: YamlDocument, raw_rows: list[dict[str, Any]], problems: Problems) -> tuple[Member, ...]:
    rows: dict[str, Member] = {}
    for i, raw in enumerate(raw_rows):
        key = raw["id"]
        if is_code(key):
            problems.error(doc.where(("jurisdictions", "extra", i, "id")),
                           f"{key} is already {display_name(key)} in ISO 3166-1",
                           "use the code in your tables as it is: only rows ISO 3166-1 does not list are extra")
        elif key in rows:
            problems.error(doc.where(("jurisdictions", "extra", i, "id")), f"extra row '{key}' is declared twice",
                           "give each extra row its own id")
        else:
            rows[key] = Member(key, _text(raw, "name"), _text(raw, "definition"), raw.get("group", False))
    return tuple(rows.values())


def _aliases(doc: YamlDocument, raw: dict[str, str], extra: set[str], problems: Problems) -> dict[str, str]:
    aliases = {}
    for name, key in raw.items():
        if is_code(key) or key in extra:
            aliases[name] = key
        else:
            problems.error(doc.where(("jurisdictions", "aliases", name)),
                           f"'{key}' is not an ISO 3166-1 alpha-2 code or an extra row",
                           "look the country up in the ISO 3166-1 list, e.g. GB for the United Kingdom, "
                           "or declare the row under jurisdictions: extra:")
    return aliases


def plural_of(noun: str) -> str:
    """An English noun's plural by the common rules: types, processes, authorities."""
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _categories(doc: YamlDocument, i: int, raw: dict[str, Any],
                problems: Problems) -> tuple[Dimension, dict[str, tuple[str, ...]]]:
    members: dict[str, Member] = {}
    aliases: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for j, member in enumerate(raw["members"]):
        at = ("categories", i, "members", j)
        if member["id"] in members:
            problems.error(doc.where((*at, "id")), f"category '{member['id']}' is listed twice in '{raw['id']}'",
                           "give each category its own id")
            continue
        for k, name in enumerate([member["id"], member["name"], *member.get("aliases", [])]):
            owner = names.setdefault(normalise(name), member["id"])
            if owner != member["id"]:
                place = (*at, "aliases", k - 2) if k >= 2 else (*at, "name")
                problems.error(doc.where(place), f"'{name}' names both '{owner}' and '{member['id']}'",
                               "each name may stand for one category only")
        members[member["id"]] = Member(member["id"], _text(member, "name"), _text(member, "definition"))
        aliases[member["id"]] = tuple(member.get("aliases", []))
    plural = _text(raw, "plural") or plural_of(raw["label"].lower())
    return Dimension(raw["id"], _text(raw, "label"), plural, tuple(members.values())), aliases
