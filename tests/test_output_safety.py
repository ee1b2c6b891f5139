"""The output folder is the builder's alone: a build never replaces the site, its inputs, a file, the root, or a
folder of someone else's files; an interrupted build is put right by the next one."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import run_build, run_process

from site_builder.whole_files import written_whole
from site_builder.write.output_folder import MARKER


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("out, reason", [
    (".", "holds the site itself"),
    ("..", "holds the site itself"),
    ("data/out", "is inside the site's data"),
    ("content", "is inside the site's content"),
    ("mine", "holds files the builder did not make"),
    ("notes.txt", "is a file, not a folder"),
    ("/", "is the root of the file system"),
])
def test_a_folder_that_is_not_the_builders_is_refused_and_untouched(sample_copy: Path, out: str, reason: str) -> None:
    (sample_copy / "mine").mkdir()
    (sample_copy / "mine" / "draft.docx").write_bytes(b"an editor's own work")
    (sample_copy / "notes.txt").write_text("keep me\n", encoding="utf-8")
    before = digest(sample_copy.parent)
    run = run_build("build", "--out", out, cwd=sample_copy)
    assert run.returncode == 2, run.stderr
    assert f"error: will not build into {out}: " in run.stderr and reason in run.stderr
    assert "hint: " in run.stderr and "Traceback" not in run.stderr
    assert digest(sample_copy.parent) == before


def test_a_build_marks_its_folder_and_replaces_only_that(sample_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "published"
    assert run_build("build", "--site", str(sample_copy), "--out", str(out)).returncode == 0
    assert (out / MARKER).is_file()
    (out / "stale.html").write_text("from an earlier build\n", encoding="utf-8")
    assert run_build("build", "--site", str(sample_copy), "--out", str(out)).returncode == 0
    assert not (out / "stale.html").exists()


def test_an_earlier_build_without_the_marker_is_still_replaced(sample_copy: Path, built_sample: Path) -> None:
    shutil.copytree(built_sample, sample_copy / "output")  # the sample's own build, made elsewhere
    (sample_copy / "output" / MARKER).unlink()  # as builds made before the marker existed
    assert run_build("build", cwd=sample_copy).returncode == 0


def test_an_interrupted_swap_is_put_right_by_the_next_build(sample_copy: Path, built_sample: Path) -> None:
    output = shutil.copytree(built_sample, sample_copy / "output")
    output.rename(sample_copy / ".output-old")  # stopped between the swap's two renames
    half = sample_copy / ".output-new-abc123"
    half.mkdir()
    (half / "index.html").write_text("half written\n", encoding="utf-8")
    (sample_copy / "content" / "about.md").write_text("# About\n\n[chart: nothing]\n", encoding="utf-8")
    run = run_build("build", cwd=sample_copy)  # fails on the broken page: the old output must be back
    assert run.returncode == 1
    assert (output / "index.html").is_file() and (output / MARKER).is_file()
    assert not (sample_copy / ".output-old").exists() and not half.exists()


def test_serve_refuses_an_output_folder_of_someone_elses_files(sample_copy: Path) -> None:
    (sample_copy / "output").mkdir()
    (sample_copy / "output" / "mine.txt").write_text("mine\n", encoding="utf-8")
    run = run_process("serve", "--port", "0", cwd=sample_copy)
    assert run.returncode == 2
    assert "holds files the builder did not make" in run.stderr
    assert (sample_copy / "output" / "mine.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_built_folder_can_be_copied_and_rebuilt_elsewhere(sample_copy: Path, tmp_path: Path,
                                                           built_sample: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built_sample, copy)
    assert run_build("build", "--site", str(sample_copy), "--out", str(copy)).returncode == 0


def test_a_file_whose_writing_fails_keeps_what_it_held_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    kept = tmp_path / "record.json"
    kept.write_text("the last build's record")
    with pytest.raises(OSError), written_whole(kept) as stream:
        stream.write(b"half of the ne")
        raise OSError(28, "No space left on device")
    assert kept.read_text() == "the last build's record"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.json"]


def test_a_full_disk_while_writing_stops_the_build_and_leaves_the_output_as_it_was(
        sample_copy: Path, built_sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = shutil.copytree(built_sample, sample_copy / "output")
    before = digest(output)
    write_bytes = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if path.parts[-3] == "data" and path.suffix == ".json":  # open data, among the last files written
            raise OSError(28, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    run = run_build("build", cwd=sample_copy)
    assert run.returncode == 1
    assert "error: could not read or write a file while rendering the site: No space left on device" in run.stderr
    assert "hint: check that the disk has room" in run.stderr and "Traceback" not in run.stderr
    assert digest(output) == before
    assert sorted(p.name for p in sample_copy.iterdir() if p.name.startswith(".output")) == []
