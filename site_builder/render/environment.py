"""The Jinja environment (site templates before the engine's) and rendering that records problems, never raises."""

from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from ..model.objects import Site
from ..problems import DEBUG_VARIABLE, Problems
from ..validate.figures import figure_text
from .assets import ENGINE_TEMPLATES
from .cache import NO_CACHE, Cache
from .headers import meta_policy
from .site_facts import long_date
from .table_markup import TableMarkup
from .template_problems import template_problem
from .urls import site_link


def json_for_script(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# How templates are compiled: autoescaped, and block tags taking their line with them.
OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled to Python code, kept in the render cache (`templates/`) under their file, Jinja's version
    and the OPTIONS: Jinja compiles a template again when its source no longer matches what was kept."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        compiled_by = f"{jinja2.__version__} {sorted(OPTIONS.items())}"
        return hashlib.sha256(f"{compiled_by}|{name}|{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.cache.get(f"templates/{bucket.key}")
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put(f"templates/{bucket.key}", bucket.bytecode_to_string())


def make_environment(site_root: Path, cache: Cache = NO_CACHE) -> jinja2.Environment:
    folders = [str(d) for d in (site_root / "templates", ENGINE_TEMPLATES) if d.is_dir()]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), undefined=jinja2.StrictUndefined,
                             bytecode_cache=CompiledTemplates(cache), **OPTIONS)
    env.filters["figure"] = figure_text
    env.filters["long_date"] = long_date
    env.filters["json_script"] = json_for_script
    return env


def glossary_links(site: Site) -> dict[str, str]:
    """`measure:ID`, `row:DIMENSION:ID`, `state:STATE` and `term:ID` to the glossary entry that explains them."""
    links = {f"term:{t.id}": f"/glossary/#{t.id}" for t in site.glossary}
    links |= {f"state:{t.state}": f"/glossary/#{t.id}" for t in site.glossary if t.state}
    links |= {f"measure:{m.id}": f"/glossary/#measure-{m.id}" for m in site.measures.items if m.definition}
    links |= {f"row:{d.id}:{m.id}": f"/glossary/#{d.id}-{m.id}" for d in site.dimensions.values()
              for m in d.members if m.definition}
    return links


class Templates:
    """Renders templates for one site; a failing template is recorded as a problem and renders as ""."""

    def __init__(self, site: Site, problems: Problems, cache: Cache = NO_CACHE) -> None:
        self.env = make_environment(site.root, cache)
        define, url = glossary_links(site).get, partial(site_link, site.config)
        self.env.globals["define"] = define
        self.env.globals["measures"] = site.measures
        self.env.globals["url"] = url
        self.env.globals["table_markup"] = TableMarkup(define, url)
        self.env.globals["meta_csp"] = meta_policy()
        self.problems = problems

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.env.get_template(name).render(context)
        except Exception as exc:
            if not isinstance(exc, jinja2.TemplateError) and os.environ.get(DEBUG_VARIABLE):
                raise
            self.problems.add(template_problem(exc, name, [*context, *self.env.globals]))
        return ""
