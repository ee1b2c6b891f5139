"""netlify.toml: it builds with build.py, publishes output/, and sends strict security headers."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import run_build
from netlify_rules import csp_directives, headers_for, load_netlify

REQUIRED_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "X-Frame-Options")
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:")
RESOURCE_DIRECTIVES = ("default-src", "script-src", "style-src", "connect-src", "font-src")


@pytest.fixture(scope="module")
def netlify() -> dict[str, Any]:
    return load_netlify()


@pytest.fixture(scope="module")
def csp(netlify: dict[str, Any]) -> dict[str, list[str]]:
    return csp_directives(headers_for(netlify, "/")["Content-Security-Policy"])


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


def test_csp_allows_no_inline_or_eval_code(csp: dict[str, list[str]]) -> None:
    for directive in RESOURCE_DIRECTIVES:
        loose = [s for s in csp.get(directive, []) if s in UNSAFE_SOURCES]
        assert not loose, f"netlify.toml CSP: {directive} allows {' '.join(loose)}"


def test_csp_loads_nothing_from_other_origins(csp: dict[str, list[str]]) -> None:
    assert csp.get("default-src") == ["'none'"]
    foreign = {d: s for d, sources in csp.items() for s in sources if "://" in s or (s.endswith(":") and s != "data:")}
    assert not foreign, f"netlify.toml CSP names other origins: {foreign}"


def test_csp_forbids_framing_plugins_and_base_changes(csp: dict[str, list[str]]) -> None:
    assert csp.get("frame-ancestors") == ["'none'"]
    assert csp.get("object-src") == ["'none'"]
    assert csp.get("base-uri") == ["'none'"]
