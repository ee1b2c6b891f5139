"""What the last successful build read and wrote, so that the next does only what changed.

A build's inputs are the bytes of every file of the site (site.yaml, data/, content/, templates/), the engine's
own files, the versions of the libraries that draw its pages, and the settings it was run with. After a build
the record keeps a digest of each beside a listing of what it wrote (path, size and modification time of every
file), and the state its pages were made from (a pickle beside the record, in the site's own cache folder). The
next build of the same output folder that finds the same digests and the same listing has nothing to do; one
that finds only content pages changed makes just those pages (edits.py); anything else builds in full.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..whole_files import write_whole, written_whole
from .output_folder import INPUTS

ENGINE = Path(__file__).resolve().parent.parent
# The libraries whose versions change what a build writes.
LIBRARIES = ("jinja2", "markdown", "altair", "pyyaml", "vl-convert-python", "nh3", "jsonschema", "pycountry",
             "pagefind")


def _walk(path: str) -> Iterator[os.DirEntry[str]]:
    """Every file under the folder `path`, in a fixed order, caches left out."""
    try:
        entries = sorted(os.scandir(path), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _walk(entry.path)
        else:
            yield entry


def _files(base: Path, name: str) -> Iterator[tuple[str, os.stat_result, str]]:
    """(path within `base`, status, full path) of every file of `base/name`, itself when it is a file."""
    top = base / name
    if top.is_file():
        yield name, top.stat(), str(top)
        return
    start = len(str(base)) + 1
    for entry in _walk(str(top)):
        yield entry.path[start:].replace(os.sep, "/"), entry.stat(), entry.path


# Digests this process has taken, by full path, with the size and modification time they were taken at: serve,
# which builds again and again, hashes only the files that changed.
_digests: dict[str, tuple[int, int, str]] = {}


def _digest(path: str, info: os.stat_result) -> str:
    known = _digests.get(path)
    if known is not None and known[:2] == (info.st_size, info.st_mtime_ns):
        return known[2]
    with open(path, "rb") as stream:
        digest = hashlib.sha256(stream.read()).hexdigest()
    _digests[path] = (info.st_size, info.st_mtime_ns, digest)
    return digest


def _library_versions() -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    return " ".join(versions)


SETTINGS = "(settings)"
LIBRARIES_KEY = "(libraries)"
ENGINE_PREFIX = "(engine)/"


def input_files(root: Path, settings: str) -> dict[str, str]:
    """The digest of everything a build of the site in `root` with `settings` reads, by name: the site's files by
    their paths within it (`content/about.md`), the engine's under ENGINE_PREFIX, the settings and library
    versions under their own keys."""
    files = {SETTINGS: settings, LIBRARIES_KEY: _library_versions()}
    for base, names, prefix in ((root, INPUTS, ""), (ENGINE.parent, (ENGINE.name,), ENGINE_PREFIX)):
        for name in names:
            for relative, info, path in _files(base, name):
                files[prefix + relative] = _digest(path, info)
    return files


def input_digest(files: dict[str, str]) -> str:
    """One digest of all of `input_files`."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()


def engine_digest(files: dict[str, str]) -> str:
    """One digest of the engine's own files and the libraries' versions among `input_files`."""
    return input_digest({name: digest for name, digest in files.items()
                         if name.startswith(ENGINE_PREFIX) or name == LIBRARIES_KEY})


def changed_inputs(before: dict[str, str], now: dict[str, str]) -> set[str]:
    """The names whose digest differs, or that one side lacks."""
    return {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}


def output_listing(out_dir: Path) -> list[list[object]]:
    """[path, size, modification time] of every file in the output folder."""
    start = len(str(out_dir)) + 1
    return [[entry.path[start:], (info := entry.stat()).st_size, info.st_mtime_ns] for entry in _walk(str(out_dir))]


@dataclass(frozen=True)
class LastBuild:
    """The last successful build into one output folder: the digest of each input, and its summary line."""

    files: dict[str, str]
    summary: str
    search_stale: bool = False  # pages were edited in place and the search index not yet made again
    search_edits: tuple[str, ...] = ()  # the edited pages the search index's edits bundle holds (or is to hold)
    outputs: dict[str, str] = field(default_factory=dict)  # the key of each file it wrote (render/output_keys.py)

    def same_build(self, files: dict[str, str]) -> bool:
        """Whether `files` differ from this build's inputs only in the site's own files (data, content, templates):
        the same engine, libraries and settings, so that its files whose keys are unchanged can be taken as they
        are."""
        built_by = (SETTINGS, LIBRARIES_KEY, ENGINE_PREFIX)
        return all(not name.startswith(built_by) for name in changed_inputs(self.files, files))


# The records kept in a cache folder: those of the output folders built most recently. Each holds its build's state
# (a 77-page site's is 16 MB), and every folder a site is ever built into has its own, so the rest are removed: a
# folder whose record is gone is built in full next time.
RECORDS_KEPT = 32

# The state a process last saved or read, as (inputs digest, state), by the path of its pickle: a process that
# builds again, as serve does, need not read it back. One only, so that a process building many sites stays small.
_kept: dict[Path, tuple[str, Any]] = {}


@dataclass(frozen=True)
class BuildRecord:
    """Where the record of builds into one output folder is kept, and what the last one said."""

    path: Path

    @classmethod
    def of(cls, cache: Path, out_dir: Path) -> BuildRecord:
        """The record of builds into `out_dir`, kept in the cache folder."""
        key = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
        return cls(cache / "builds" / f"{key}.json")

    @property
    def state_path(self) -> Path:
        return self.path.with_suffix(".pickle")

    def last(self, out_dir: Path) -> LastBuild | None:
        """The last build, when its output folder is still as it left it."""
        try:
            last = json.loads(self.path.read_text(encoding="utf-8"))
            if last["output"] == output_listing(out_dir):
                return LastBuild(dict(last["files"]), str(last["summary"]), bool(last.get("search_stale")),
                                 tuple(map(str, last.get("search_edits", ()))), dict(last.get("outputs", {})))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def state(self, last: LastBuild) -> Any:
        """The state kept with `last`, or None when it is missing or belongs to another build."""
        digest, kept = input_digest(last.files), _kept.get(self.state_path)
        if kept is None or kept[0] != digest:
            try:
                with self.state_path.open("rb") as stream:
                    kept = pickle.load(stream)
            except Exception:  # a state that cannot be read, for any reason, only means a full build
                return None
            _keep(self.state_path, kept)
        return kept[1] if kept[0] == digest else None

    def save(self, files: dict[str, str], out_dir: Path, summary: str, state: Any = None,
             search_stale: bool = False, search_edits: tuple[str, ...] = (), outputs: dict[str, str] | None = None
             ) -> None:
        """Record a successful build; a record that cannot be written only means the next build does the work."""
        _kept.pop(self.state_path, None)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.unlink(missing_ok=True)  # never a record beside another build's state
            if state is not None:
                kept = (input_digest(files), state)
                with written_whole(self.state_path) as stream:  # streamed: never a second copy in memory
                    pickle.dump(kept, stream, pickle.HIGHEST_PROTOCOL)
                _keep(self.state_path, kept)
            self._write({"files": files, "output": output_listing(out_dir), "summary": summary,
                         "search_stale": search_stale, "search_edits": list(search_edits), "outputs": outputs or {}})
            self._forget_older()
        except (OSError, pickle.PicklingError):
            pass

    def _forget_older(self) -> None:
        """Remove the records (and states) of all but the RECORDS_KEPT output folders built most recently."""
        records = sorted(self.path.parent.glob("*.json"), key=_modified, reverse=True)
        for old in records[RECORDS_KEPT:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".pickle").unlink(missing_ok=True)

    def relist(self, out_dir: Path, search_edits: tuple[str, ...]) -> None:
        """Record the output folder as it is now, after its search index was brought up to the recorded build, its
        edits bundle holding the pages `search_edits`."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            self._write(record | {"output": output_listing(out_dir), "search_stale": False,
                                  "search_edits": list(search_edits)})
        except (OSError, ValueError, TypeError):
            pass

    def _write(self, record: dict[str, Any]) -> None:
        write_whole(self.path, json.dumps(record).encode("utf-8"))


def _modified(path: Path) -> int:
    """When the file at `path` was last written; 0 when another build has just removed it."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _keep(path: Path, kept: tuple[str, Any]) -> None:
    _kept.clear()
    _kept[path] = kept
