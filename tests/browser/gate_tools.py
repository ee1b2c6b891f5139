"""The outside tools the quality gates run: Chromium, Java, Node, and axe-core, vnu.jar and Lighthouse from npm.

Missing tools skip the gates locally, with the reason, but fail them under CI (CI=true).
`python3 tests/browser/gate_tools.py` installs the npm tools ahead of a test run (see .ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
TOOLS_DIR = Path(os.environ.get("GATE_TOOLS_DIR", REPO / ".cache" / "gate-tools"))
NPM_PACKAGES = ("axe-core@4.14.1", "vnu-jar@26.9.27", "lighthouse@12.8.2")
AXE_JS = "axe-core/axe.min.js"
VNU_JAR = "vnu-jar/build/dist/vnu.jar"
LIGHTHOUSE_CLI = "lighthouse/cli/index.js"
# Written once npm has installed every package, naming them: a half-made install (npm stopped, or still running for
# another test process) is never used.
INSTALLED = TOOLS_DIR / "installed.txt"


def in_ci() -> bool:
    """True on the CI machine, where no gate may be skipped."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip with `reason` locally; fail loudly under CI."""
    if in_ci():
        pytest.fail(f"{reason}; CI must run every quality gate", pytrace=False)
    pytest.skip(reason)


def command(name: str, needed_for: str) -> str:
    """The full path of a program on PATH, or skip/fail saying what needs it."""
    found = shutil.which(name)
    if not found:
        unavailable(f"`{name}` is not installed; the {needed_for} needs it")
    return found


def chromium() -> str:
    """Debian's Chromium; Playwright never downloads a browser here."""
    return os.environ.get("CHROMIUM", "") or command("chromium", "browser gates")


def npm_install() -> subprocess.CompletedProcess[str]:
    """Install the pinned npm tools into TOOLS_DIR (without running their install scripts): afresh, unless an
    install of these versions finished there (npm does not mend a package that a stopped install left half-made)."""
    TOOLS_DIR.mkdir(parents=True, exist_ok=True)
    npm = command("npm", "download of axe-core, vnu.jar and Lighthouse")
    if not _installed():
        shutil.rmtree(TOOLS_DIR / "node_modules", ignore_errors=True)
    INSTALLED.unlink(missing_ok=True)
    done = subprocess.run([npm, "install", "--save-exact", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix",
                           str(TOOLS_DIR), *NPM_PACKAGES], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode == 0:
        INSTALLED.write_text(" ".join(NPM_PACKAGES), encoding="utf-8")
    return done


def npm_file(relative: str) -> Path:
    """A file from the npm tools, installing them on first use (once, whichever test process asks first)."""
    from file_lock import held  # tests/ is on the path under pytest (run as a script, this module never asks)

    path = TOOLS_DIR / "node_modules" / relative
    with held(TOOLS_DIR / "install.lock"):
        if not _installed():
            done = npm_install()
            if done.returncode != 0 or not path.is_file():
                unavailable(f"npm could not install {relative} into {TOOLS_DIR}: {done.stderr.strip()[-500:]}")
    return path


def _installed() -> bool:
    return INSTALLED.is_file() and INSTALLED.read_text(encoding="utf-8") == " ".join(NPM_PACKAGES)


if __name__ == "__main__":
    result = npm_install()
    print(result.stdout, result.stderr, sep="", end="")
    missing = [name for name in (AXE_JS, VNU_JAR, LIGHTHOUSE_CLI) if not (TOOLS_DIR / "node_modules" / name).is_file()]
    print(f"gate tools in {TOOLS_DIR}: " + (f"MISSING {', '.join(missing)}" if missing
                                            else "axe-core, vnu.jar and Lighthouse"))
    sys.exit(result.returncode or bool(missing))
