"""Problems found in a site's files: values collected by every stage, reported once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DEBUG_VARIABLE = "SITE_BUILDER_DEBUG"
# The largest source file (YAML, CSV or Markdown) the builder reads, in bytes: a report's files are far smaller,
# so a bigger one is a mistake (a wrong file, an export gone wrong), refused before it is read any further.
MAX_SOURCE_BYTES = 20_000_000


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    path: Path
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Problem:
    """One error or warning, with where it is and how to fix it."""

    location: Location
    message: str
    hint: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Problems:
    """The problems collected during one build, in the order found; the same problem is kept once."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def error(self, location: Location, message: str, hint: str = "") -> None:
        self.add(Problem(location, message, hint, "error"))

    def warning(self, location: Location, message: str, hint: str = "") -> None:
        self.add(Problem(location, message, hint, "warning"))

    def add(self, problem: Problem) -> None:
        """Record `problem` unless the same one was recorded before (a set lookup, not a scan)."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    def extend(self, other: Problems) -> None:
        for problem in other.items:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (str(p.location.path), p.location.line, p.location.col))

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def count_since(self, mark: int) -> int:
        """How many errors were recorded after `len(items)` was `mark`."""
        return sum(p.is_error for p in self.items[mark:])

    @contextmanager
    def guard(self, location: Location, doing: str) -> Iterator[None]:
        """Turn an unexpected exception while `doing` something with a file into an error: the machine's (a full
        disk, a folder it may not write to) as such, any other as the builder's fault.

        Editors never see a traceback; with SITE_BUILDER_DEBUG set (as the tests do) a fault is raised.
        """
        try:
            yield
        except SiteError:
            raise
        except OSError as exc:
            self.error(location, f"could not read or write {exc.filename or 'a file'} while {doing}: "
                       f"{exc.strerror or exc}", "check that the disk has room, and that you may read the site's "
                       "folders and write to the output folder")
        except Exception as exc:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            self.error(location, f"the builder failed while {doing} ({type(exc).__name__}: {exc})",
                       "this is a fault in the site builder, not necessarily in your file: "
                       "please report it with this message")


class SiteError(Exception):
    """Raised by a stage that cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} error(s)")
        self.problems = problems
