"""Resolve the names a source gives categories (legal process, request type...) to the declared members."""

from __future__ import annotations

import difflib

from .jurisdictions import normalise
from .objects import Dimension


class CategoryResolver:
    """Names to member ids for one declared list of categories: ids, names and aliases, case and punctuation aside."""

    def __init__(self, dimension: Dimension, aliases: dict[str, tuple[str, ...]]) -> None:
        self.dimension = dimension
        self.table: dict[str, str] = {}
        for member in dimension.members:
            for name in (member.id, member.name, *aliases.get(member.id, ())):
                self.table[normalise(name)] = member.id

    def knows(self, key: str) -> bool:
        return self.dimension.member(key) is not None

    def resolve(self, text: str) -> str | None:
        return self.table.get(normalise(text))

    def name(self, key: str) -> str:
        member = self.dimension.member(key)
        return member.name if member else key

    def has_page(self, key: str) -> bool:
        return False

    def suggestion(self, text: str) -> str:
        close = difflib.get_close_matches(normalise(text), self.table.keys(), n=1, cutoff=0.6)
        where = f"the members of '{self.dimension.id}' in data/dimensions.yaml"
        if close:
            key = self.table[close[0]]
            return f"did you mean {self.name(key)} ({key})? Or add the name to the aliases of one of {where}"
        names = ", ".join(m.id for m in self.dimension.members)
        return f"use one of {where} ({names}), or declare a new member there"
