"""Every gate can fail: a copy of the sample site, broken on purpose, must fail each rule, naming the page.

One copy carries all the breakages, so one build and a few page visits prove them all.
Broken links and anchors are proved in tests/test_links.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_sample, override_template, run_build
from playwright.sync_api import Browser

from .html_checker import RULE as NU_RULE
from .html_checker import nu_errors
from .layout_checks import DARK_RULE, FOCUS_RULE, PRINT_RULE, dark_failures, focus_failures, print_failures
from .page_audit import PHONE_WIDTH, RULES, PageAudit, SiteAuditor, failures
from .site_server import serve

EMPTY_SPEC = ('{"data": {"values": []}, "mark": "bar", "encoding": {"x": {"field": "value", "type": "quantitative"},'
              ' "y": {"field": "label", "type": "nominal"}}}')
HALF_TICKS_SPEC = ('{"data": {"values": [{"label": "a", "value": 2}]}, "mark": "bar", "encoding": {"x": {"field": '
                   '"value", "type": "quantitative", "axis": {"format": ",d", "tickCount": 8}}, "y": {"field": "label",'
                   ' "type": "nominal"}}}')
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
# (template, text to find, replacement): each breaks one rule on one page
BREAKAGES = [
    ("partials/figure.html", ' aria-label="{{ chart.description }}"', ""),  # charts lose their accessible name
    ("partials/figure.html", "{{ spec_json | safe }}",  # the home page's trend chart gets no data
     f"{{% if chart.id == 'trend' %}}{EMPTY_SPEC}{{% else %}}{{{{ spec_json | safe }}}}{{% endif %}}"),
    ("partials/figure.html", "{{ svg | safe }}", "{% if chart.id != 'trend' %}{{ svg | safe }}{% endif %}"),
    ("partials/figure.html", "{{ spec_json | safe }}",  # a count axis with ticks between whole numbers: 0, 1, 1, 2
     f"{{% if chart.id == '2013-h1/skype/top-jurisdictions' %}}{HALF_TICKS_SPEC}{{% else %}}{{{{ spec_json | safe }}}}"
     "{% endif %}"),
    ("static/charts.js", "tooltip: {", "tooltip: false && {"),  # no tooltips anywhere
    ("static/charts.js", "function draw(box) {",  # a chart that never starts drawing
     'function draw(box) { if (box.dataset.spec === "chart-periods-spec") { return; }'),
    ("static/charts.js", "function start() {",  # a figure only JavaScript shows, and an uncaught error
     'function start() { document.querySelector("main h1").append(" (42 more)");'
     ' setTimeout(function () { throw new Error("broken on purpose"); }, 0);'),
    ("data.html", "{% block main %}", f'{{% block main %}}<img src="{PIXEL}">'),  # an image without alt text
    ("countries.html", "{% block main %}",  # a script from a CDN
     '{% block head %}<script src="https://cdn.jsdelivr.net/npm/vega@5" defer></script>{% endblock %}'
     "{% block main %}"),
    ("page.html", "</article>", '<script>document.title += "!";</script></article>'),  # an inline script
    ("reports.html", '{% include "partials/report_list.html" %}',  # an invalid element
     '<ul><div>Not a list item</div></ul>{% include "partials/report_list.html" %}'),
    ("static/site.css", "/* The site's own styles", "\n".join([  # rules put first, before the site's own
        ".site-footer p { min-width: 30rem; }",  # too wide for a phone
        ":focus-visible { outline: none !important; }",  # no focus indicator
        "#chart-2013-h1-skype-outcomes svg { width: 60% !important; }",  # a chart narrower than its column
        "#chart-2013-h1-all-services-outcomes text { font-size: 7px !important; }",  # type too small to read
        "@media print { .site-header nav { display: block !important; } .chart { break-inside: auto !important; } }",
        "/* The site's own styles"])),
    ("static/site.css", "prefers-color-scheme: dark", "prefers-color-scheme: never"),  # no dark scheme
    ("partials/charts_scripts.html", "<script src=",  # the Vega bundle loaded with every page that has a chart
     "<script src=\"{{ asset('vega.js') }}\" defer></script><script src="),
    ("static/search.js", "  start(form, load);", "  start(form, load);\n  load();"),  # the index loaded with the page
]
BROKEN_REPORT = "/reports/2013-h1/"
LayoutCheck = Callable[[Browser, str, str], list[str]]
# (page, rule, words the failure must contain)
EXPECTED = [
    ("/", "every chart draws its bars", "chart-trend drew no bars"),
    ("/", "charts readable with JavaScript off", "chart-trend has no visible SVG"),
    ("/", "axe-core: no violation", "role-img-alt"),
    ("/", "every figure is in the HTML", "text differs with JavaScript off"),
    ("/", "no page error", "broken on purpose"),
    ("/", "the Vega bundle waits until a chart is reached", "loaded before a reader reached a chart"),
    ("/", "the search index waits for a reader", "loaded with the page: "),
    ("/no-such-page/", "HTTP 200", "HTTP status 404"),
    (BROKEN_REPORT, "every chart shows a tooltip", "showed no tooltip on hover"),
    (BROKEN_REPORT, "charts fill their column with legible type", "chart-2013-h1-skype-outcomes at 360px is"),
    (BROKEN_REPORT, "charts fill their column with legible type",
     "chart-2013-h1-all-services-outcomes at 1280px without JavaScript has"),
    (BROKEN_REPORT, "no axis repeats a label", "chart-2013-h1-skype-top-jurisdictions at 1280px labels an axis"),
    ("/data/", "axe-core: no violation", "image-alt"),
    ("/trends/", "every chart draws its bars", "chart-periods was not drawn (never started)"),
    ("/countries/", "no CSP violation", "blocked https://cdn.jsdelivr.net/npm/vega@5"),
    ("/countries/", "no console error", "cdn.jsdelivr.net"),
    ("/countries/", "no request to another origin", "script https://cdn.jsdelivr.net/npm/vega@5"),
    ("/about/", "no CSP violation", "script-src-elem blocked inline"),
    ("/about/", f"no sideways scroll at {PHONE_WIDTH}px", "scrolls sideways by"),
    ("/reports/", NU_RULE, "“div” not allowed as child of element “ul”"),
    ("/data/", NU_RULE, "“img” element must have an “alt” attribute"),
]


def break_site(root: Path) -> None:
    """Apply every breakage to the site's own templates; fail if a template no longer has the text to break."""
    for template, old, new in BREAKAGES:
        path = override_template(root, template)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"cannot break {template}: {old!r} is gone; update BREAKAGES"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def broken_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("broken") / "site")
    break_site(root)
    run = run_build("build", "--site", str(root))
    assert run.returncode == 0, run.stdout + run.stderr
    return root / "output"


def audit_pages(browser: Browser, axe_source: str, output: Path, pages: list[str],
                rules: list[tuple[str, dict[str, str]]] | None = None) -> list[PageAudit]:
    """Audits of `pages` of `output`, served with the headers it publishes, or with `rules`."""
    with serve(output, rules) as base_url:
        auditor = SiteAuditor(browser, base_url, axe_source)
        try:
            return list(auditor.audit(pages).values())
        finally:
            auditor.close()


@pytest.fixture(scope="module")
def broken_audits(browser: Browser, axe_source: str, broken_output: Path) -> list[PageAudit]:
    return audit_pages(browser, axe_source, broken_output, sorted({p for p, rule, _ in EXPECTED if rule != NU_RULE}))


@pytest.fixture(scope="module")
def broken_html(broken_output: Path) -> list[str]:
    pages = {page for page, rule, _ in EXPECTED if rule == NU_RULE}
    return nu_errors(broken_output, [broken_output / page.lstrip("/") / "index.html" for page in sorted(pages)])


@pytest.mark.parametrize(("page", "rule", "words"), EXPECTED)
def test_breakage_fails_its_rule_on_its_page(request: pytest.FixtureRequest, page: str, rule: str,
                                            words: str) -> None:
    found = (request.getfixturevalue("broken_html") if rule == NU_RULE
             else failures(request.getfixturevalue("broken_audits"), rule))
    prefix = f"{page}: {rule}: "
    assert any(f.startswith(prefix) and words in f for f in found), (
        f"expected a failure starting {prefix!r} containing {words!r}; the gate reported:\n" + "\n".join(found))


def test_request_to_another_origin_is_caught_even_without_the_csp(browser: Browser, axe_source: str,
                                                                  broken_output: Path, tmp_path: Path) -> None:
    """Served with no headers, and with the policy the pages carry in a <meta> element taken out."""
    bare = tmp_path / "no-policy"
    shutil.copytree(broken_output, bare)
    for page in bare.rglob("*.html"):
        page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text("utf-8")),
                        encoding="utf-8")
    audits = audit_pages(browser, axe_source, bare, ["/countries/"], rules=[])
    found = failures(audits, "no request to another origin")
    expected = "/countries/: no request to another origin: script https://cdn.jsdelivr.net/npm/vega@5"
    assert expected in found, f"expected {expected!r}; the gate reported:\n" + "\n".join(found)


@pytest.mark.parametrize(("check", "words"), [
    (focus_failures, f"{BROKEN_REPORT}: {FOCUS_RULE}: no visible focus on a "),
    (print_failures, f"{BROKEN_REPORT}: {PRINT_RULE}: navigation 'Main' is printed"),
    (print_failures, f"{BROKEN_REPORT}: {PRINT_RULE}: figure chart-2013-h1-all-services-outcomes may split"),
    (dark_failures, f"{BROKEN_REPORT}: {DARK_RULE}: the dark background"),
])
def test_layout_breakage_fails_its_check(browser: Browser, broken_output: Path, check: LayoutCheck,
                                         words: str) -> None:
    with serve(broken_output) as base_url:
        found = check(browser, base_url, BROKEN_REPORT)
    assert any(f.startswith(words) for f in found), f"expected {words!r}; the check reported:\n" + "\n".join(found)


def test_every_page_rule_is_proved_to_fail() -> None:
    unproved = set(RULES) - {rule for _, rule, _ in EXPECTED}
    assert not unproved, f"no breakage proves these rules can fail: {sorted(unproved)}"
