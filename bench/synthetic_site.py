"""Generate a large SYNTHETIC site for benchmarks: invented figures, never part of the sample site.

    python3 bench/synthetic_site.py OUT_DIR [--periods N] [--jurisdictions N] [--pages N]
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
COLUMNS = "country,requests,accounts_specified,disclosed_content,disclosed_noncontent,no_data_found,rejected"


def _row(rng: random.Random, code: str) -> str:
    requests = rng.randint(1, 9000)
    content = rng.randint(0, requests // 20)
    rejected = rng.randint(0, (requests - content) // 10)
    no_data = rng.randint(0, (requests - content - rejected) // 4)
    noncontent = requests - content - rejected - no_data
    accounts = requests + rng.randint(0, requests)
    return f"{code},{requests},{accounts},{content},{noncontent},{no_data},{rejected}"


def _period(index: int) -> tuple[str, date, date]:
    year, half = 2000 + index // 2, index % 2
    start = date(year, 7 if half else 1, 1)
    end = date(year, 12, 31) if half else date(year, 6, 30)
    return f"{year}-h{half + 1}", start, end


MEASURES = """format: 2
measures:
  - {id: requests, label: Requests, unit: requests}
  - {id: accounts_specified, label: Accounts specified, unit: accounts}
  - {id: disclosed_content, label: Content disclosed, unit: requests}
  - {id: disclosed_noncontent, label: Only non-content disclosed, unit: requests}
  - {id: no_data_found, label: No data found, unit: requests}
  - {id: rejected, label: Rejected, unit: requests}
outcome_sets:
  - id: outcomes
    title: What happened to the requests
    whole: requests
    parts: [disclosed_content, disclosed_noncontent, no_data_found, rejected]
"""


def _report_yaml(report_id: str, start: date, end: date) -> str:
    return f"""format: 2
id: {report_id}
title: SYNTHETIC {report_id}
start: {start}
end: {end}
source: https://example.org/synthetic
summary: Synthetic figures generated for benchmarks.
sections:
  - id: all-services
    title: All services
    table: {report_id}-all.csv
  - id: subset
    title: Subset
    subset_of: all-services
    table: {report_id}-subset.csv
"""


def generate(out: Path, periods: int, jurisdictions: int, pages: int, seed: int = 1) -> Path:
    """Write a synthetic site into `out` and return it."""
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    (out / "data" / "reports").mkdir(parents=True)
    (out / "content" / "reports").mkdir(parents=True)
    codes = sorted(c.alpha_2 for c in pycountry.countries)[:jurisdictions]
    (out / "data" / "measures.yaml").write_text(MEASURES)
    (out / "site.yaml").write_text(
        "format: 2\norganisation: Synthetic Org\ntitle: SYNTHETIC benchmark site\nbase_url: https://example.org/\n"
        "language: en\ndata_licence:\n  name: CC0 1.0\n  url: https://creativecommons.org/publicdomain/zero/1.0/\n")
    for index in range(periods):
        report_id, start, end = _period(index)
        (out / "data" / "reports" / f"{report_id}.yaml").write_text(_report_yaml(report_id, start, end))
        full = [_row(rng, code) for code in codes]
        subset = [_subset_row(line, rng) for line in full[: len(full) // 2]]
        (out / "data" / "reports" / f"{report_id}-all.csv").write_text("\n".join([COLUMNS, *full]) + "\n")
        (out / "data" / "reports" / f"{report_id}-subset.csv").write_text("\n".join([COLUMNS, *subset]) + "\n")
        (out / "content" / "reports" / f"{report_id}.md").write_text(
            f"# Synthetic commentary {report_id}\n\n[chart: all-services/outcomes]\n\nSynthetic text.\n")
    for n in range(pages):
        (out / "content" / f"page-{n:04d}.md").write_text(f"# Synthetic page {n}\n\n" + "Lorem ipsum. " * 80 + "\n")
    return out


def _subset_row(line: str, rng: random.Random) -> str:
    code, *values = line.split(",")
    _, accounts, content, noncontent, no_data, rejected = map(int, values)
    part = [v * rng.randint(1, 4) // 5 for v in (content, noncontent, no_data, rejected)]
    return ",".join([code, str(sum(part)), str(min(accounts, sum(part) * 2)), *map(str, part)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--jurisdictions", type=int, default=150)
    parser.add_argument("--pages", type=int, default=0)
    args = parser.parse_args()
    generate(args.out, args.periods, args.jurisdictions, args.pages)


if __name__ == "__main__":
    main()
