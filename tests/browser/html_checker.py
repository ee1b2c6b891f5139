"""The Nu Html Checker (vnu.jar from npm, run with the machine's Java) over a built site's pages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from netlify_rules import site_path

from .gate_tools import VNU_JAR, command, npm_file

RULE = "Nu Html Checker: valid HTML"


def nu_errors(output: Path, pages: list[Path]) -> list[str]:
    """`page: rule: line N: message` for every error vnu reports in `pages` (files inside `output`)."""
    java = command("java", "Nu Html Checker")
    done = subprocess.run([java, "-jar", str(npm_file(VNU_JAR)), "--format", "json", *map(str, pages)],
                          capture_output=True, text=True, timeout=600, check=False)
    try:
        messages = json.loads(done.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        return [f"{output}: {RULE}: the checker did not run: {done.stderr.strip()[-500:]}"]
    return [f"{_page(output, m.get('url', ''))}: {RULE}: line {m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m["type"] in {"error", "non-document-error"}]


def _page(output: Path, url: str) -> str:
    """The site path of a file URL vnu reports, e.g. /reports/2012/."""
    path = Path(unquote(urlsplit(url).path))
    return site_path(output, path) if path.is_relative_to(output) else url
