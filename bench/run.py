"""Time whole builds of a SYNTHETIC site: cold (no chart cache), warm (cache kept) and check-only.

    python3 bench/run.py [--periods N] [--jurisdictions N] [--pages N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_site import generate

BUILD = Path(__file__).resolve().parent.parent / "build.py"


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(BUILD), *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
    return elapsed


def measure(site: Path, repeat: int) -> dict[str, float]:
    cache = site / ".bench-cache"
    env = {**os.environ, "SITE_BUILDER_CACHE": str(cache)}
    build = ["build", "--site", str(site), "--out", str(site / "output")]
    cold = []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(timed(build, env))
    warm = [timed(build, env) for _ in range(repeat)]
    check = [timed(["check", "--site", str(site)], env) for _ in range(repeat)]
    return {"cold build": statistics.median(cold), "warm build": statistics.median(warm),
            "check only": statistics.median(check)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--jurisdictions", type=int, default=150)
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = generate(Path(folder) / "site", args.periods, args.jurisdictions, args.pages)
        pages = sum(1 for _ in (site / "content").glob("*.md"))
        results = measure(site, args.repeat)
    print(f"synthetic site: {args.periods} periods x {args.jurisdictions} jurisdictions, {pages} Markdown pages")
    for name, seconds in results.items():
        print(f"{name:>11}: {seconds:6.2f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
