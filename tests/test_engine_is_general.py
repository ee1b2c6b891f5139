"""No publisher in the engine: nothing in site_builder/ or build.py names an example's publisher or measures.

Every measure, row and word of a report is the site's own: the examples declare theirs in their data/ folders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import GITHUB, REPO

ENGINE = [REPO / "build.py", *(p for p in (REPO / "site_builder").rglob("*") if p.is_file() and "__pycache__" not in
                                p.parts)]
WORDS = ["Microsoft", "Skype", "law enforcement", "customer", "GitHub"]


def measure_ids(site: Path) -> list[str]:
    declared = yaml.safe_load((site / "data" / "measures.yaml").read_text(encoding="utf-8"))
    return [m["id"] for m in declared["measures"]]


# The sample's measure ids, and the other example's ids that are not plain English words.
FORBIDDEN = [*WORDS, *measure_ids(REPO), *(m for m in measure_ids(GITHUB) if "_" in m)]


def test_the_examples_declare_what_the_engine_must_not_know() -> None:
    assert {"requests", "accounts_specified", "rejected"} <= set(FORBIDDEN)
    assert {"accounts_affected", "takedowns_received"} <= set(FORBIDDEN)
    assert len(ENGINE) > 50, "the engine's files were not found"


@pytest.mark.parametrize("word", FORBIDDEN)
def test_no_engine_file_names_it(word: str) -> None:
    pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
    found = [f"{path.relative_to(REPO)}:{n}: {line.strip()}" for path in ENGINE
             for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if pattern.search(line)]
    assert not found, "\n".join(found)
