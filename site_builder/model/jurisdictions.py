"""Resolve the names publishers give jurisdictions to ISO 3166-1 alpha-2 codes or declared extra rows."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import cache

import pycountry

from .objects import Member

# Names publishers commonly use that ISO does not list in any of its forms.
COMMON_ALIASES = {
    "UK": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "USA": "US",
    "United States of America": "US",
    "South Korea": "KR",
    "Republic of Korea": "KR",
    "North Korea": "KP",
    "Turkey": "TR",
    "Czech Republic": "CZ",
    "Russia": "RU",
    "Vietnam": "VN",
    "Ivory Coast": "CI",
    "Macedonia": "MK",
    "Swaziland": "SZ",
    "Burma": "MM",
    "Holland": "NL",
}
ALIAS_HINT = "or add it under jurisdictions: aliases: in data/dimensions.yaml"


def normalise(name: str) -> str:
    """Lower case, punctuation folded to spaces, so 'Korea, Republic Of' matches 'korea republic of'."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


@cache
def _iso_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[normalise(value)] = country.alpha_2
    return names


@cache
def display_name(code: str) -> str:
    """The short English name readers know, e.g. 'Taiwan' rather than 'Taiwan, Province of China'."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def is_code(text: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code, such as GB."""
    return len(text) == 2 and text.isupper() and pycountry.countries.get(alpha_2=text) is not None


class JurisdictionResolver:
    """Names to row keys: ISO codes and names, common aliases, the site's extra rows, then its own aliases."""

    def __init__(self, aliases: dict[str, str], extra: Iterable[Member] = ()) -> None:
        self.extra = {m.id: m for m in extra}
        self.table = dict(_iso_names())
        for member in self.extra.values():
            self.table[normalise(member.name)] = member.id
            self.table[normalise(member.id)] = member.id
        for alias, key in {**COMMON_ALIASES, **aliases}.items():
            self.table[normalise(alias)] = key

    def knows(self, key: str) -> bool:
        """True when `key` is an ISO code or a declared extra row."""
        return is_code(key) or key in self.extra

    def resolve(self, text: str) -> str | None:
        """The row key for a name, code or extra row's id, or None when it is unknown."""
        stripped = text.strip()
        if self.knows(stripped):
            return stripped
        return self.table.get(normalise(stripped))

    def name(self, key: str) -> str:
        return self.extra[key].name if key in self.extra else display_name(key)

    def has_page(self, key: str) -> bool:
        """Jurisdictions get pages; extra rows declared as groups (rest of world) do not."""
        return not (key in self.extra and self.extra[key].group)

    def suggestion(self, text: str) -> str:
        """A hint naming the closest known name, or how to add an alias."""
        close = difflib.get_close_matches(normalise(text), self.table.keys(), n=1, cutoff=0.75)
        if close:
            key = self.table[close[0]]
            return f"did you mean {self.name(key)} ({key})? Use that name or the code {key}, {ALIAS_HINT}"
        return (f"use the jurisdiction's ISO 3166-1 alpha-2 code (e.g. GB, US) {ALIAS_HINT}, "
                "or declare it under jurisdictions: extra: (for Kosovo, rest of world, unknown)")
