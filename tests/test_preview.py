"""A build served somewhere else than the published site (a preview): its links work where it is served, its
canonical addresses stay those of the published site, and search engines are asked to skip it."""

from __future__ import annotations

from pathlib import Path

import pytest
from built_pages import soup_of
from conftest import run_build

PREVIEW = "https://deploy-preview-7--example.netlify.app/"
PUBLISHED = "https://transparency.example.org/"


def assert_a_preview(out: Path, base: str) -> None:
    home = soup_of(out, "/")
    assert home.select_one('link[rel="canonical"]')["href"] == PUBLISHED
    assert home.select_one('meta[name="robots"]')["content"] == "noindex"
    assert home.select_one("a.site-title")["href"] == base
    assert {a["href"] for a in home.select("nav[aria-label=Main] a")} >= {f"{base}reports/", f"{base}data/"}
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert f"<id>{PUBLISHED}</id>" in (out / "feed.xml").read_text(encoding="utf-8")


def test_base_url_builds_a_preview(sample_copy: Path) -> None:
    run = run_build("build", "--site", str(sample_copy), "--base-url", "https://review.example.org/sub")
    assert run.returncode == 0, run.stderr
    assert_a_preview(sample_copy / "output", "/sub/")


def test_a_netlify_deploy_preview_is_a_preview(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTEXT", "deploy-preview")
    monkeypatch.setenv("DEPLOY_PRIME_URL", PREVIEW.rstrip("/"))
    run = run_build("build", "--site", str(sample_copy))
    assert run.returncode == 0, run.stderr
    assert_a_preview(sample_copy / "output", "/")


def test_netlifys_production_build_is_the_published_site(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTEXT", "production")
    monkeypatch.setenv("DEPLOY_PRIME_URL", PREVIEW)
    assert run_build("build", "--site", str(sample_copy)).returncode == 0
    home = soup_of(sample_copy / "output", "/")
    assert home.select_one('meta[name="robots"]') is None
    assert "Sitemap: " in (sample_copy / "output" / "robots.txt").read_text(encoding="utf-8")


def test_a_base_url_that_is_no_web_address_is_wrong_usage(sample_copy: Path) -> None:
    run = run_build("build", "--site", str(sample_copy), "--base-url", "review.example.org")
    assert run.returncode == 2
    assert "is not a web address" in run.stderr and not (sample_copy / "output").exists()
