"""Resolve the names publishers give jurisdictions to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import difflib
import re
from functools import cache

import pycountry

from ..load.yaml_source import YamlDocument
from ..problems import Problems

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


def display_name(code: str) -> str:
    """The short English name readers know, e.g. 'Taiwan' rather than 'Taiwan, Province of China'."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def is_code(text: str) -> bool:
    return len(text) == 2 and text.isupper() and pycountry.countries.get(alpha_2=text) is not None


class JurisdictionResolver:
    """Names to codes: ISO codes and names, common aliases, then the site's own aliases."""

    def __init__(self, site_aliases: dict[str, str]) -> None:
        self.table = dict(_iso_names())
        for alias, code in {**COMMON_ALIASES, **site_aliases}.items():
            self.table[normalise(alias)] = code

    def resolve(self, text: str) -> str | None:
        """The code for a name or code, or None when it is unknown."""
        stripped = text.strip()
        if is_code(stripped):
            return stripped
        return self.table.get(normalise(stripped))

    def suggestion(self, text: str) -> str:
        """A hint naming the closest known name, or how to add an alias."""
        close = difflib.get_close_matches(normalise(text), self.table.keys(), n=1, cutoff=0.75)
        alias_hint = "or add it under jurisdiction_aliases in site.yaml with its ISO 3166-1 code"
        if close:
            code = self.table[close[0]]
            return f"did you mean {display_name(code)} ({code})? Use that name or the code {code}, {alias_hint}"
        return f"use the jurisdiction's ISO 3166-1 alpha-2 code (e.g. GB, US) {alias_hint}"


def check_aliases(doc: YamlDocument, problems: Problems) -> bool:
    """True when every alias in site.yaml names a real ISO 3166-1 alpha-2 code; else each is reported."""
    ok = True
    for name, code in doc.data.get("jurisdiction_aliases", {}).items():
        if not is_code(code):
            problems.error(doc.where(("jurisdiction_aliases", name)), f"'{code}' is not an ISO 3166-1 alpha-2 code",
                           "look the country up in the ISO 3166-1 list, e.g. GB for the United Kingdom")
            ok = False
    return ok
