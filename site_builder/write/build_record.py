"""What the last successful build read and wrote, so that a build with nothing changed does nothing.

A build's inputs are the bytes of every file of the site (site.yaml, data/, content/, templates/), the engine's
own files, the versions of the libraries that draw its pages, and the settings it was run with. After a build
the record keeps their digest beside a listing of what it wrote (path, size and modification time of every
file). The next build of the same output folder that finds the same digest and the same listing has nothing to
do; a changed file, template, setting or engine, or a touched output folder, builds again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .output_folder import INPUTS

ENGINE = Path(__file__).resolve().parent.parent
# The libraries whose versions change what a build writes.
LIBRARIES = ("jinja2", "markdown", "altair", "pyyaml", "vl-convert-python", "nh3", "jsonschema", "pycountry",
             "pagefind")


def _files(folder: Path) -> Iterator[Path]:
    """Every file under `folder` (or `folder` itself when it is a file), in a fixed order, caches left out."""
    if folder.is_file():
        yield folder
        return
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        yield from (Path(parent) / name for name in sorted(names))


def _library_versions() -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return " ".join(versions)


def input_digest(root: Path, settings: str) -> str:
    """One digest of everything a build of the site in `root` with `settings` reads."""
    digest = hashlib.sha256(f"{settings}\0{_library_versions()}\0".encode())
    for base, folders in ((root, INPUTS), (ENGINE, (".",))):
        for name in folders:
            for path in _files(base / name):
                digest.update(f"{path.relative_to(base)}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def output_listing(out_dir: Path) -> list[list[object]]:
    """[path, size, modification time] of every file in the output folder."""
    listing: list[list[object]] = []
    for path in _files(out_dir):
        info = path.stat()
        listing.append([str(path.relative_to(out_dir)), info.st_size, info.st_mtime_ns])
    return listing


@dataclass(frozen=True)
class BuildRecord:
    """Where the record of builds into one output folder is kept, and what the last one said."""

    path: Path

    @classmethod
    def of(cls, cache: Path, out_dir: Path) -> BuildRecord:
        """The record of builds into `out_dir`, kept in the cache folder."""
        key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        return cls(cache / "builds" / f"{key}.json")

    def unchanged(self, digest: str, out_dir: Path) -> str | None:
        """The summary line of the last build when it read the same inputs and its output is as it left it."""
        try:
            last = json.loads(self.path.read_text(encoding="utf-8"))
            if last["inputs"] == digest and last["output"] == output_listing(out_dir):
                return str(last["summary"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def save(self, digest: str, out_dir: Path, summary: str) -> None:
        """Record a successful build; a record that cannot be written only means the next build does the work."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            record = {"inputs": digest, "output": output_listing(out_dir), "summary": summary}
            self.path.write_text(json.dumps(record), encoding="utf-8")
        except OSError:
            pass
