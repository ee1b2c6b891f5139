"""Stage 6, write: each file into a temporary folder as it is made, then that folder swapped in for the output
folder in one rename; a build that stops on the way removes it and leaves the output folder as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from ..whole_files import READABLE, write_whole
from .file_threads import FileThreads, file_threads
from .output_folder import MARKER, MARKER_TEXT, remove_in_background


class Staging:
    """The folder beside the output folder that a build fills, a few files at a time (`written` waits for them)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}-new-", dir=self.out_dir.parent))
        self.names: list[str] = []
        self.threads = FileThreads()

    def write(self, name: str, content: bytes) -> None:
        """One file of the site, at its path within the output folder."""
        target = self.folder / name
        self.threads.make(target, partial(target.write_bytes, content))
        self.names.append(name)

    def written(self) -> None:
        """Wait until every file handed to `write` is in the folder; raises the first failure."""
        self.threads.wait()

    def carry(self, source: Path, files: Iterable[str], folders: Iterable[str] = ()) -> None:
        """The `files` and `folders` of the folder `source` put in this one as they are: linked, not copied, where
        the file system allows (every build writes new files, never into old ones)."""
        link_files(source, self.folder, files)
        for name in folders:
            shutil.copytree(source / name, self.folder / name, copy_function=_link)

    def swap(self) -> None:
        """Mark the complete folder as built and put it in the output folder's place."""
        self.written()
        (self.folder / MARKER).write_bytes(MARKER_TEXT)
        os.chmod(self.folder, 0o755)
        _swap(self.folder, self.out_dir)


def link_files(source: Path, target: Path, files: Iterable[str]) -> None:
    """The `files` of the folder `source` (paths within it) put at the same paths in `target`: linked, or copied
    where the file system has no links."""
    with file_threads() as threads:
        for name in files:
            threads.make(target / name, partial(_link, source / name, target / name))


def _link(origin: str | Path, target: str | Path) -> None:
    try:
        os.link(origin, target)
    except OSError:
        shutil.copy2(origin, target)


@contextmanager
def staged_output(out_dir: Path) -> Iterator[Staging]:
    """A staging folder for `out_dir`, removed if the block raises before it is swapped in."""
    staging = Staging(out_dir)
    try:
        yield staging
    except BaseException:
        staging.threads.close()  # before the folder goes: no thread writes into it afterwards
        shutil.rmtree(staging.folder, ignore_errors=True)
        raise
    staging.threads.close()


def _swap(staging: Path, out_dir: Path) -> None:
    """Two renames; if the process stops between them, `recover_interrupted_swap` puts the old folder back. The old
    folder is then removed in the background."""
    old = out_dir.with_name(f".{out_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    if old.exists():
        remove_in_background(old, out_dir)


def replace_files(out_dir: Path, files: dict[str, bytes]) -> dict[str, bytes | None]:
    """Each file of `out_dir` named in `files` replaced in one rename; returns what each held before (None where
    it did not exist), for `restore_files`."""
    before = {name: (out_dir / name).read_bytes() if (out_dir / name).is_file() else None for name in files}
    for name, content in files.items():
        write_whole(out_dir / name, content, READABLE)
    return before


def restore_files(out_dir: Path, before: dict[str, bytes | None]) -> None:
    """Put back what `replace_files` replaced."""
    for name, content in before.items():
        if content is None:
            (out_dir / name).unlink(missing_ok=True)
        else:
            write_whole(out_dir / name, content, READABLE)


