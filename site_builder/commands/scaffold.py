"""What the commands that write editors' files share: YAML quoting, blank tables, commentary, safe writing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

NOT_REPORTED = "not reported"


def quote(text: str) -> str:
    """A YAML double-quoted string."""
    return json.dumps(text, ensure_ascii=False)


def blank_csv(header: Iterable[str], row_names: Iterable[str]) -> str:
    """A table with the given columns and one row per name, every figure not reported."""
    columns = list(header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for name in row_names:
        writer.writerow([name] + [NOT_REPORTED] * (len(columns) - 1))
    return out.getvalue()


def commentary_skeleton(period: str, report_id: str) -> str:
    """The placeholder commentary of a new report, every line marked TO DO."""
    return (f"# TO DO: a heading for the {period} commentary\n\n"
            f"TO DO: say in plain words what the figures of report {report_id} show. This text appears\n"
            "on the report's page once its status is ready. docs/editing.md explains how to place\n"
            "charts and quoted statements here.\n")


def create_files(files: Mapping[Path, str]) -> None:
    """Write each new file, making folders as needed; an existing file is never overwritten (FileExistsError)."""
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text)
