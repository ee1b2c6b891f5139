"""The engine's folders follow the pipeline, and each stage imports only the stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

from site_builder.plan.page_kinds import PAGE_KINDS
from site_builder.render.page_contexts import CONTEXTS

PACKAGE = REPO / "site_builder"
# Lowest first: files written whole, shared problems and progress reporting, the six stages, the pipeline, the
# rebuild of edited pages, then the commands.
LAYERS = ["whole_files", "problems", "reporter", "progress", "load", "validate", "model", "plan", "render", "write",
          "pipeline", "edits", "commands"]
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name not in {"__init__.py", "__main__.py"})


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_layers(path: Path) -> set[str]:
    """The engine's top-level modules and stage packages that a module imports (relative imports resolved)."""
    package = path.relative_to(PACKAGE).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - node.level + 1])
            target = [*base, *(node.module.split(".") if node.module else [])]
            found.add(target[0] if target else next(a.name for a in node.names))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("site_builder."):
            found.add(node.module.split(".")[1])
    return found


def test_every_module_belongs_to_a_layer() -> None:
    assert MODULES
    assert {layer_of(p) for p in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_layers_below_its_own(path: Path) -> None:
    own = LAYERS.index(layer_of(path))
    above = sorted(layer for layer in imported_layers(path) if layer in LAYERS and LAYERS.index(layer) > own)
    assert not above, f"{path.relative_to(PACKAGE)} ({layer_of(path)}) imports {above}, a later stage"


def test_every_page_kind_has_a_context_maker() -> None:
    assert set(CONTEXTS) == {kind.name for kind in PAGE_KINDS}
