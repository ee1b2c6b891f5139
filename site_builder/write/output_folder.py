"""The output folder is the builder's alone: it is marked as built, and no other folder is ever replaced.

A folder is replaced only when it is empty, missing, or carries the marker a build writes into it (or, for
folders built before the marker existed, holds a built site's index, assets and search index). The site's own
folder, anything that holds or lies inside its inputs, a file and the root of the file system are refused.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
from pathlib import Path

MARKER = ".site-builder-output"
MARKER_TEXT = (b"This folder was made by the transparency report site builder and is replaced by every build.\n"
               b"Do not keep files of your own here: they would be lost.\n")
INPUTS = ("site.yaml", "data", "content", "templates")
_EARLIER_BUILD = ("index.html", "assets", "pagefind/pagefind.js")


class OutputRefused(Exception):
    """The output folder asked for is not the builder's to replace; the message says why, `hint` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def check_output_folder(out_dir: Path, site_root: Path) -> None:
    """Raise OutputRefused unless `out_dir` may be replaced by a build of the site in `site_root`."""
    out, root = out_dir.resolve(), site_root.resolve()
    choose = "choose another folder with --out, or leave --out out to build into the site's output/ folder"
    if out == Path(out.anchor):
        raise OutputRefused(f"{out} is the root of the file system", choose)
    if out == root or out in root.parents:
        raise OutputRefused(f"{out} holds the site itself: building there would replace its files", choose)
    for name in INPUTS:
        source = (root / name).resolve()
        if out == source or source in out.parents:
            raise OutputRefused(f"{out} is inside the site's {name}: the next build would read what this one wrote",
                                choose)
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is a file, not a folder", choose)
    if out.is_dir() and any(out.iterdir()) and not is_built(out):
        raise OutputRefused(f"{out} holds files the builder did not make: a build would replace them",
                            "move your files elsewhere and build again, or choose another folder with --out")


def is_built(folder: Path) -> bool:
    """True when `folder` holds a build: the marker, or (an earlier build) an index, assets and a search index."""
    return (folder / MARKER).is_file() or all((folder / part).exists() for part in _EARLIER_BUILD)


def recover_interrupted_swap(out_dir: Path) -> None:
    """Put back an output folder an interrupted build left aside, and remove (in the background) half-written
    staging folders and search indexes, and folders an earlier build left to be removed."""
    out = out_dir.resolve()
    old = out.with_name(f".{out.name}-old")
    if old.is_dir() and not out.exists() and is_built(old):
        old.rename(out)
    for pattern in (f".{out.name}-new-*", f".{out.name}-search-*"):
        for left in out.parent.glob(pattern):
            if left.is_dir():
                remove_in_background(left, out)
    for left in out.parent.glob(f".{out.name}-trash-*"):
        remove_in_background(left, out)  # its own removal may have been stopped


def remove_in_background(folder: Path, out_dir: Path) -> None:
    """Remove a folder no build of `out_dir` uses any more, in a process of its own: removing thousands of folders
    can take seconds, and nobody need wait for it. It is first moved beside `out_dir` under a name of its own
    (`.OUT-trash-…`), so that nothing else is ever removed in its place."""
    trash = folder if folder.name.startswith(f".{out_dir.name}-trash-") else \
        out_dir.with_name(f".{out_dir.name}-trash-{secrets.token_hex(4)}")
    try:
        if trash != folder:
            folder.rename(trash)
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(trash)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(trash if trash.exists() else folder, ignore_errors=True)
