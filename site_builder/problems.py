"""Problems found in a site's files: values collected by every stage, reported once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    """The problems collected during one build."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str = "") -> None:
        self.items.append(Problem(location, message, hint, "error"))

    def warning(self, location: Location, message: str, hint: str = "") -> None:
        self.items.append(Problem(location, message, hint, "warning"))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

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


class SiteError(Exception):
    """Raised by a stage that cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} error(s)")
        self.problems = problems
