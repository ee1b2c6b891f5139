"""netlify.toml: it builds with build.py, publishes output/, and sends strict security headers."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import run_build
from netlify_rules import csp_directives, headers_for, load_netlify

from site_builder.render.headers import header_rules, parse_headers_file

REQUIRED_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy",
                    "Cross-Origin-Resource-Policy", "Strict-Transport-Security")
# Powerful browser features the pages never use, each turned off for every origin.
FEATURES_OFF = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "display-capture",
                "clipboard-read", "browsing-topics", "interest-cohort", "fullscreen")
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:")
RESOURCE_DIRECTIVES = ("default-src", "script-src", "style-src", "connect-src", "font-src")
STRICT_NONE = ("default-src", "frame-ancestors", "object-src", "base-uri")


@pytest.fixture(scope="module")
def netlify() -> dict[str, Any]:
    return load_netlify()


@pytest.fixture(scope="module")
def csp_policy(netlify: dict[str, Any]) -> str:
    return headers_for(netlify, "/")["Content-Security-Policy"]


def build_py_arguments(command: str) -> list[str]:
    """The arguments the Netlify build command gives build.py."""
    for step in command.split("&&"):
        words = shlex.split(step)
        if "build.py" in words:
            return words[words.index("build.py") + 1:]
    raise AssertionError(f"the Netlify build command does not run build.py: {command!r}")


def test_build_command_builds_the_published_folder(netlify: dict[str, Any], sample_copy: Path) -> None:
    build = netlify["build"]
    assert build["publish"].strip("/") == "output"
    run = run_build(*build_py_arguments(build["command"]), cwd=sample_copy)
    assert run.returncode == 0, f"the Netlify build command fails on the sample site:\n{run.stdout}{run.stderr}"
    assert (sample_copy / build["publish"] / "index.html").is_file()


def test_every_page_gets_the_security_headers(netlify: dict[str, Any]) -> None:
    for path in ("/", "/reports/2013-h1/", "/assets/site.css", "/404.html"):
        missing = [name for name in REQUIRED_HEADERS if name not in headers_for(netlify, path)]
        assert not missing, f"netlify.toml sends no {', '.join(missing)} for {path}"


def csp_problems(policy: str) -> list[str]:
    """What makes a Content-Security-Policy weaker than the site promises."""
    csp = csp_directives(policy)
    found = [f"{d} allows {s}" for d in RESOURCE_DIRECTIVES for s in csp.get(d, []) if s in UNSAFE_SOURCES]
    found += [f"{d} names another origin: {s}" for d, sources in csp.items() for s in sources
              if "://" in s or (s.endswith(":") and s != "data:")]
    found += [f"{d} is not 'none'" for d in STRICT_NONE if csp.get(d) != ["'none'"]]
    return found


def test_csp_is_strict(csp_policy: str) -> None:
    found = csp_problems(csp_policy)
    assert not found, "netlify.toml Content-Security-Policy: " + "; ".join(found)


@pytest.mark.parametrize(("weakened", "problem"), [
    ("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
    ("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
    ("script-src 'self'", "script-src 'self' https://cdn.jsdelivr.net"),
    ("frame-ancestors 'none'", "frame-ancestors 'self'"),
])
def test_csp_check_catches_a_weakened_policy(csp_policy: str, weakened: str, problem: str) -> None:
    assert weakened in csp_policy
    assert csp_problems(csp_policy.replace(weakened, problem, 1)), f"a CSP with {problem!r} passed the check"


def test_the_pages_turn_off_powerful_features_and_insist_on_https(netlify: dict[str, Any]) -> None:
    headers = headers_for(netlify, "/")
    policy = dict(rule.strip().split("=", 1) for rule in headers["Permissions-Policy"].split(","))
    assert all(policy.get(feature) == "()" for feature in FEATURES_OFF), policy
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    max_age = int(headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0])
    assert max_age >= 31536000


def test_the_headers_file_every_host_reads_matches_netlify_toml(netlify: dict[str, Any], built_sample: Path) -> None:
    """One source: the build writes _headers (Netlify, Cloudflare Pages); netlify.toml declares the same rules."""
    published = parse_headers_file((built_sample / "_headers").read_text(encoding="utf-8"))
    declared = [(rule["for"], rule["values"]) for rule in netlify["headers"]]
    assert published == declared
    assert published == header_rules("/")


def test_a_site_below_a_domains_root_has_its_headers_there(built_sample_sub_path: Path) -> None:
    rules = parse_headers_file((built_sample_sub_path / "_headers").read_text(encoding="utf-8"))
    assert [pattern for pattern, _ in rules] == ["/transparency/*", "/transparency/assets/*"]
