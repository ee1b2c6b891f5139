"""A build that takes the last build's files where their keys (render/output_keys.py) are unchanged: which files it
makes again, which it takes, and its search index, the last build's updated through its edits bundle."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..plan.plan import Plan
from ..render.output_keys import ASSET
from .search_index import reindex


@dataclass(frozen=True)
class LastOutput:
    """The last build's files, as the output folder holds them: the key of each (render/output_keys.py), and the
    pages its search index's edits bundle holds. A build takes those whose key it finds unchanged."""

    keys: dict[str, str]
    search_edits: tuple[str, ...] = ()


@dataclass(frozen=True)
class Carried:
    """A build that takes the last build's files where their keys are unchanged: the files it makes again, the
    searchable pages among them, and whether it plans the same files as the last build (else, pages having perhaps
    been added or removed, the whole search index is made again)."""

    remade: frozenset[str]
    kept: frozenset[str]
    assets: frozenset[str]
    searched: frozenset[str]
    same_files: bool
    search_edits: tuple[str, ...]

    @classmethod
    def of(cls, last: LastOutput | None, keys: dict[str, str], plan: Plan) -> Carried | None:
        """The files whose keys are unchanged kept, and the last build's assets (named by their content: `linked`
        takes those this build has too)."""
        if last is None:
            return None
        remade = frozenset(name for name, key in keys.items() if last.keys.get(name) != key)
        assets = {name for name, key in last.keys.items() if key == ASSET}
        kept = frozenset(name for name in keys if name not in remade) | assets
        listed = frozenset(p.output for p in plan.pages if p.listed)
        return cls(remade, kept, frozenset(assets), listed & remade, keys.keys() == last.keys.keys() - assets,
                   last.search_edits)

    def linked(self, assets: Iterable[str]) -> list[str]:
        """The files to take from the last build: those kept, but its assets only where this build has them too
        (a changed static file has a name of its own)."""
        return sorted(self.kept - (self.assets - set(assets)))

    def search(self, folder: Path) -> tuple[str, ...]:
        """The search index of `folder`, where the kept files were carried: the last build's, with the pages made
        again in its edits bundle; returns the pages that bundle holds."""
        edited = set(self.search_edits) | self.searched
        if not edited:
            return self.search_edits
        return reindex(folder, edited)
