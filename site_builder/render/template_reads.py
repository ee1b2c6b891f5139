"""What each page template reads from the templates folders: itself, every template it extends, includes or imports
(followed to the end, the site's own file before the engine's), the partials the engine renders itself into pages
(chart figures, statements, map keys), and the static files the pages link to. Its digest goes into each page's
key (output_keys.py), so that an edited template remakes the pages that use it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .assets import ENGINE_TEMPLATES, static_dirs
from .output_keys import value_digest

# A template named by another: {% extends "base.html" %}, {% include … %}, {% import … %}, {% from … import … %}.
_NAMED = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+(["'])([^"'\n]+)\1""")
# One named by an expression, which could be any.
_EXPRESSION = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+[^"'\s]""")
# Rendered by the engine into pages (render/chart_figures.py, render/render.py, render/map_chart.py).
ENGINE_PARTIALS = ("partials/figure.html", "partials/statement.html", "partials/map_key.html")


def template_digests(site_root: Path, names: Iterable[str]) -> dict[str, str]:
    """The digest of what each page template `names` reads, by name."""
    folders = [d for d in (site_root / "templates", ENGINE_TEMPLATES) if d.is_dir()]
    static = value_digest([(path.relative_to(folder).as_posix(), path.read_bytes()) for folder in static_dirs(site_root)
                      for path in sorted(folder.rglob("*")) if path.is_file()])
    return {name: value_digest(_read(name, folders), static) for name in names}


def _read(name: str, folders: list[Path]) -> list[tuple[str, bytes]]:
    """Each template `name` reads, with its source, in the order met; every template there is when one names
    another by an expression."""
    found: dict[str, bytes] = {}
    waiting = [name, *ENGINE_PARTIALS]
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        source = next((folder / current for folder in folders if (folder / current).is_file()), None)
        found[current] = source.read_bytes() if source else b""
        text = found[current].decode("utf-8", "replace")
        if _EXPRESSION.search(text):
            waiting += [p.relative_to(f).as_posix() for f in folders for p in f.rglob("*.html")]
        waiting += [match[2] for match in _NAMED.finditer(text)]
    return sorted(found.items())
