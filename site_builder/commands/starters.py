"""The starter sets of measures `new site` offers: listed for --help without loading the rest of the engine."""

from __future__ import annotations

from pathlib import Path

STARTERS = Path(__file__).resolve().parent.parent / "starters"
DEFAULT_STARTER = "user-data"


def starter_ids() -> list[str]:
    """The starter sets shipped in site_builder/starters/, the default first."""
    ids = sorted(p.stem for p in STARTERS.glob("*.yaml"))
    return sorted(ids, key=lambda i: i != DEFAULT_STARTER)


def measures_file(starter_id: str) -> Path:
    """The measures file of one starter set."""
    return STARTERS / f"{starter_id}.yaml"


def summary(measures_text: str) -> str:
    """What a starter set is for: the first line of its measures file's leading comment."""
    return measures_text.splitlines()[0].lstrip("# ").strip()


def starters_help() -> str:
    """Each starter set with what it is for, one per line, for --help."""
    ids = starter_ids()
    width = max(map(len, ids))
    return "\n".join(f"  {i:<{width}}  {summary(measures_file(i).read_text(encoding='utf-8'))}" for i in ids)
