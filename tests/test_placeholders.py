"""A report marked ready with the scaffold's TO DO placeholders is flagged, and --strict refuses it."""

from __future__ import annotations

from pathlib import Path

from conftest import run_build


def test_ready_report_with_placeholders_warns_and_strict_refuses(sample_copy: Path) -> None:
    assert run_build("new", "report", "2013-h2", "--site", str(sample_copy)).returncode == 0
    draft = run_build("check", "--site", str(sample_copy), "--strict")
    assert draft.returncode == 0, draft.stderr
    report = sample_copy / "data" / "reports" / "2013-h2.yaml"
    report.write_text(report.read_text().replace("status: draft", "status: ready"), encoding="utf-8")
    ready = run_build("check", "--site", str(sample_copy), cwd=sample_copy)
    assert ready.returncode == 0
    assert ("data/reports/2013-h2.yaml:7:8: warning: report '2013-h2' is marked ready but still says 'TO DO'"
            in ready.stderr)
    assert "content/reports/2013-h2.md:1:3: warning:" in ready.stderr
    strict = run_build("build", "--site", str(sample_copy), "--strict")
    assert strict.returncode == 1
    assert not (sample_copy / "output").exists()
