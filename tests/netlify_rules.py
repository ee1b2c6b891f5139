"""How Netlify serves a built site, as the tests read it: headers from netlify.toml (declared nowhere else)
and pretty URLs (reports/2012/index.html is /reports/2012/)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

NETLIFY_TOML = Path(__file__).resolve().parent.parent / "netlify.toml"


def load_netlify(path: Path = NETLIFY_TOML) -> dict[str, Any]:
    """The parsed netlify.toml."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def path_matches(pattern: str, path: str) -> bool:
    """Netlify's `for` rule: an exact path, or a prefix when the pattern ends in `*`."""
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path == pattern


def headers_for(config: dict[str, Any], path: str) -> dict[str, str]:
    """Every header Netlify would send for `path`; later rules add to earlier ones."""
    headers: dict[str, str] = {}
    for rule in config.get("headers", []):
        if path_matches(rule["for"], path):
            headers.update(rule.get("values", {}))
    return headers


def csp_directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy split into directive name → source list."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def site_path(output: Path, file: Path) -> str:
    """The URL path a file of the built site is served at: /reports/2012/ for reports/2012/index.html."""
    relative = file.relative_to(output).as_posix()
    return "/" + (relative.removesuffix("index.html") if file.name == "index.html" else relative)
