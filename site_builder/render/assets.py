"""Static assets: our CSS and loader script plus the Vega bundle, each under a fingerprinted name."""

from __future__ import annotations

import hashlib
from pathlib import Path

import vl_convert

from .cache import Cache
from .later import Later
from .vl_draw import EMBED_ONLY, vega_script
from .workers import Workers

ENGINE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
NOTICES = Path(__file__).resolve().parent.parent / "notices" / "third-party-notices.txt"
NOTICES_URL = "/licenses/third-party-notices.txt"


def fingerprinted(name: str, content: bytes) -> str:
    """`site.css` → `assets/site.3f2a9c1b.css`: the name changes whenever the content does."""
    stem, dot, ext = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"assets/{stem}.{digest}{dot}{ext}"


def vega_bundle(cache: Cache, workers: Workers) -> Later:
    """Vega, Vega-Lite and Vega-Embed in one script, built once per vl-convert version, in a process of its own
    (the bundler holds the interpreter's lock, and about 120 MiB)."""
    exports = hashlib.sha256(EMBED_ONLY.encode()).hexdigest()[:8]  # a bundle that exports otherwise is another
    return workers.apart(vega_script, f"vega-bundle-{vl_convert.__version__}-{exports}.js", cache)


def static_dirs(site_root: Path) -> list[Path]:
    """Where static files are looked up: the site's own templates first, then the engine's."""
    return [d / "static" for d in (site_root / "templates", ENGINE_TEMPLATES) if (d / "static").is_dir()]


def collect_assets(site_root: Path, bundle: bytes) -> dict[str, tuple[str, bytes]]:
    """Logical name → (output path, content) for every asset the pages may link to."""
    assets: dict[str, tuple[str, bytes]] = {}
    for folder in reversed(static_dirs(site_root)):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                content = path.read_bytes()
                assets[path.name] = (fingerprinted(path.name, content), content)
    assets["vega.js"] = (fingerprinted("vega.js", bundle), bundle)
    assets["third-party-notices.txt"] = (NOTICES_URL.lstrip("/"), NOTICES.read_bytes())
    return assets
