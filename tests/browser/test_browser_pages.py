"""The pages the gates judge (`judged_pages`) in real Chromium under the site's own CSP: errors, privacy, charts,
accessibility, JS off."""

from __future__ import annotations

from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from site_builder.render.headers import headers_for

from .page_audit import RULES, PageAudit, failures
from .site_server import site_rules


@pytest.mark.parametrize("rule", list(RULES))
def test_every_page_keeps_the_rule(site_audits: list[PageAudit], rule: str) -> None:
    found = failures(site_audits, rule)
    assert not found, f"{len(found)} breach(es) of '{rule}':\n" + "\n".join(found)


def test_pages_with_charts_were_audited(site_audits: list[PageAudit]) -> None:
    charts = [c for audit in site_audits for c in audit.charts]
    assert charts, "no page of the site has a chart: the chart gates proved nothing"


def test_server_sends_the_sites_headers(site_url: str, site_output: Path, site_base: str) -> None:
    expected = headers_for(site_rules(site_output), site_base)
    assert "Content-Security-Policy" in expected, "the site's _headers declare no policy for its pages"
    with urlopen(site_url + "/") as response:
        sent = dict(response.headers.items())
    assert {name: sent.get(name) for name in expected} == expected


def test_missing_page_is_served_404_html(site_url: str, site_output: Path, site_base: str) -> None:
    with pytest.raises(HTTPError) as raised:
        urlopen(site_url + "/no-such-page/")
    assert raised.value.code == 404
    assert "Page not found" in raised.value.read().decode("utf-8")
    assert raised.value.headers.get("Content-Security-Policy") == headers_for(site_rules(site_output), site_base)[
        "Content-Security-Policy"]
