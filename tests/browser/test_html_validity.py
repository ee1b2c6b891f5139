"""Every page the gates judge (`judged_pages`) is valid HTML by the Nu Html Checker: zero errors."""

from __future__ import annotations

from pathlib import Path

from .html_checker import RULE, nu_errors


def test_every_page_is_valid_html(site_output: Path, judged_pages: list[Path]) -> None:
    assert judged_pages, f"no HTML pages in {site_output}"
    found = nu_errors(site_output, judged_pages)
    assert not found, f"{len(found)} breach(es) of '{RULE}':\n" + "\n".join(found)
