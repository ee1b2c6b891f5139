"""Absolute addresses on the published site, from site.yaml's base_url."""

from __future__ import annotations

from ..model.objects import SiteConfig


def site_link(config: SiteConfig, path: str) -> str:
    """`/reports/2013-h1/` → `/transparency/reports/2013-h1/` when the site lives below a domain's root."""
    return config.base_path.rstrip("/") + "/" + path.lstrip("/")


def absolute_url(config: SiteConfig, path: str) -> str:
    """`/reports/2013-h1/` → `https://example.org/reports/2013-h1/`."""
    return config.base_url.rstrip("/") + "/" + path.lstrip("/")
