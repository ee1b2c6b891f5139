"""Broken templates and Markdown (issue 3 point 5), and no traceback ever reaching an editor."""

from __future__ import annotations

from pathlib import Path

import pytest
from errors_support import (
    MD,
    Case,
    Outcome,
    R,
    Y,
    assert_broken,
    debug_builder,
    outcomes,
    replace,
    write,
)

from site_builder.pipeline import build
from site_builder.problems import DEBUG_VARIABLE, Problems, SiteError

__all__ = ["debug_builder", "outcomes"]

NF = "templates/404.html"
ABOUT = "content/about.md"
CHARTS = ("all-services/map, all-services/outcomes, all-services/top-jurisdictions, skype/outcomes, "
          "skype/top-jurisdictions, trend")
FULL_CHARTS = ("2013-h1/all-services/map, 2013-h1/all-services/outcomes, 2013-h1/all-services/top-jurisdictions, "
               "2013-h1/skype/outcomes, 2013-h1/skype/top-jurisdictions, trend")
FACTS = ("[latest: title], [latest: link], [latest: start], [latest: end], [first: title], [first: link], "
         "[first: start], [first: end], [site: reports], [site: jurisdictions]")
HTML_HINT = ("write Markdown instead: # for a heading, - for a list, | for a table, [text](address) for a link; "
             "only <abbr>, <br>, <code>, <del>, <em>, <strong>, <sub>, <sup> may be written as HTML")


def not_found_page(line: str) -> str:
    """A 404 template whose fourth line is `line`."""
    return f'{{% extends "base.html" %}}\n{{% block main %}}\n<h1>Page not found</h1>\n{line}\n{{% endblock %}}\n'


def about_page(line: str) -> str:
    """An about page whose fifth line is `line`."""
    return f"# About\n\nThis site is an example.\n\n{line}\n"


CASES = [
    Case("raw-frame-refused", (write(ABOUT, about_page('<iframe src="https://example.org/"></iframe>')),),
         f"{ABOUT}:5:1", "raw HTML <iframe> is not allowed in Markdown", HTML_HINT),
    Case("raw-block-refused", (write(ABOUT, about_page('<p style="color: red">Red</p>')),),
         f"{ABOUT}:5:1", "raw HTML <p> is not allowed in Markdown", HTML_HINT),
    Case("template-syntax", (write(NF, not_found_page("<p>{{ config.title }</p>")),), f"{NF}:4:1",
         "template syntax error: unexpected '}'",
         "check that every {{ has its }}, every {% has its %}, and every block tag its end tag"),
    Case("template-block-not-closed", (write(NF, not_found_page("{% if config %}<p>x</p>")),), f"{NF}:5:1",
         "template syntax error: Encountered unknown tag 'endblock'. You probably made a nesting mistake. "
         "Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. "
         "The innermost block that needs to be closed is 'if'.",
         "check that every {{ has its }}, every {% has its %}, and every block tag its end tag"),
    Case("template-undefined-variable", (write(NF, not_found_page("<p>{{ confg.title }}</p>")),), f"{NF}:4:7",
         "template uses 'confg', which is not defined",
         "did you mean 'config'? docs/architecture.md lists the values each template receives"),
    Case("template-misspelt-field", (write(NF, not_found_page("<p>{{ config.titel }}</p>")),), f"{NF}:4:14",
         "template uses '.titel', but SiteConfig has no 'titel'",
         "did you mean 'title'? docs/architecture.md lists the fields of each value"),
    Case("template-include-missing", (write(NF, not_found_page('{% include "partials/nope.html" %}')),),
         f"{NF}:4:1", "template 'partials/nope.html' not found", "templates live in templates/; check the file name"),
    Case("template-error-on-many-pages-reported-once",
         (write("templates/country.html", not_found_page("<p>{{ jurisdiction.nam }}</p>")),),
         "templates/country.html:4:20", "template uses '.nam', but Jurisdiction has no 'nam'",
         "did you mean 'name'? docs/architecture.md lists the fields of each value"),
    Case("markdown-missing-chart", (replace(MD, "[chart: all-services/outcomes]", "[chart: all-services/outcome]"),),
         f"{MD}:9:1", "no chart called 'all-services/outcome'",
         f"did you mean 'all-services/outcomes'? charts you can place here: {CHARTS}"),
    Case("page-chart-needs-report", (write(ABOUT, about_page("[chart: all-services/outcomes]")),), f"{ABOUT}:5:1",
         "no chart called 'all-services/outcomes'",
         f"did you mean '2013-h1/all-services/outcomes'? charts you can place here: {FULL_CHARTS}"),
    Case("fact-misspelt-kind", (write(ABOUT, about_page("The newest is [lastest: title].")),), f"{ABOUT}:5:15",
         "no site fact called '[lastest: title]'", f"did you mean '[latest: title]'? facts you can write: {FACTS}"),
    Case("fact-unknown-name-after-code", (write(ABOUT, about_page("`[site: x]` covers [site: countries].")),),
         f"{ABOUT}:5:20", "no site fact called '[site: countries]'", f"facts you can write: {FACTS}"),
    Case("fact-in-commentary",
         (replace(MD, "Requests were concentrated.", "In [latest: titel], requests were concentrated."),),
         f"{MD}:11:4", "no site fact called '[latest: titel]'",
         f"did you mean '[latest: title]'? facts you can write: {FACTS}"),
    Case("fact-needs-a-published-report",
         (replace(R, "status: ready", "status: draft"), replace(Y, 'id: "2012"', 'status: draft\nid: "2012"'),
          write(ABOUT, about_page("The newest report is [latest: link]."))),
         f"{ABOUT}:5:22", "'[latest: link]' names a report, but no report is published yet",
         "mark a report 'status: ready', or write these words yourself until one is"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_template_or_markdown_error(case: Case, outcomes: dict[str, Outcome]) -> None:
    assert_broken(outcomes[case.name], case)


def _explode(*_: object) -> None:
    raise RuntimeError("boom")


def test_unexpected_failure_becomes_a_problem(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault in the builder is reported against the file it was reading, never as a traceback."""
    monkeypatch.delenv(DEBUG_VARIABLE)
    monkeypatch.setattr("site_builder.load.sources.read_csv", _explode)
    problems = Problems()
    with pytest.raises(SiteError):
        build(sample_copy, None, False, problems)
    found = {(p.location.path.name, p.message) for p in problems.errors}
    assert ("2013-h1-skype.csv", "the builder failed while reading 2013-h1-skype.csv (RuntimeError: boom)") in found


def test_unexpected_failure_raises_when_debugging(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With SITE_BUILDER_DEBUG set (as in these tests) the same fault is raised, so it cannot hide."""
    monkeypatch.setattr("site_builder.load.sources.read_csv", _explode)
    with pytest.raises(RuntimeError, match="boom"):
        build(sample_copy, None, False, Problems())
