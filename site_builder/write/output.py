"""Stage 6, write: all files into a temporary folder, then swapped in for the output folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .output_folder import MARKER, MARKER_TEXT


def write_output(files: dict[str, bytes], out_dir: Path, finish: Callable[[Path], None] | None = None) -> None:
    """Write every file beside `out_dir`, then replace `out_dir` with it in one rename.

    `finish` runs on the complete staging folder before the swap (the search index is made there);
    if it raises, the staging folder is removed and `out_dir` is left as it was."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for name in sorted(files):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish is not None:
            finish(staging)
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    """Two renames; if the process stops between them, `recover_interrupted_swap` puts the old folder back."""
    old = out_dir.with_name(f".{out_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
