"""Build progress on stderr: a live line on a terminal, silent otherwise, or every stage and file."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .reporter import display_path

STAGES = ("load", "validate", "model", "plan", "render", "write", "search index")


class Progress:
    """The interface the pipeline reports to; this base class shows nothing."""

    def stage(self, name: str) -> None:
        """A stage of STAGES begins (and the one before it ends)."""

    def advance(self, kind: str, done: int, total: int) -> None:
        """During a stage: `done` of `total` items of one kind (e.g. "charts") are finished."""

    def made(self, pages: int, charts: int) -> None:
        """Rendering has produced this many pages and charts."""

    def wrote(self, out_dir: Path, names: Iterable[str]) -> None:
        """These files were written into `out_dir`."""

    def close(self) -> None:
        """The build has ended, well or not; safe to call more than once."""


SILENT = Progress()


class _Timed(Progress):
    """Keeps the current stage and when it began."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.perf_counter()
        self.current = ""
        self.stage_started = self.started

    def stage(self, name: str) -> None:
        self._end_stage()
        self.current, self.stage_started = name, time.perf_counter()

    def _end_stage(self) -> None:
        """Hook for subclasses: the current stage has ended."""


class VerboseProgress(_Timed):
    """Each stage with its timing, then each file written."""

    def _end_stage(self) -> None:
        if self.current:
            self.stream.write(f"  {self.current:<12} {time.perf_counter() - self.stage_started:6.2f} s\n")
            self.current = ""

    def made(self, pages: int, charts: int) -> None:
        self._end_stage()
        self.stream.write(f"  made {pages} pages, {charts} charts\n")

    def wrote(self, out_dir: Path, names: Iterable[str]) -> None:
        self._end_stage()
        for name in sorted(names):
            self.stream.write(f"  wrote {display_path(out_dir / name)}\n")

    def close(self) -> None:
        self._end_stage()
        self.stream.flush()


class LiveProgress(_Timed):
    """One line rewritten in place while the build runs, shown only once it takes a while."""

    def __init__(self, stream: TextIO, delay: float = 0.5, tick: float = 0.1) -> None:
        super().__init__(stream)
        self.delay, self.tick = delay, tick
        self.done_text = ""
        self.counts: dict[str, str] = {}
        self.shown = False
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.ticker = threading.Thread(target=self._run, daemon=True)
        self.ticker.start()

    def stage(self, name: str) -> None:
        with self.lock:
            super().stage(name)
            self.counts = {}

    def advance(self, kind: str, done: int, total: int) -> None:
        with self.lock:
            self.counts[kind] = f"{done}/{total} {kind}"

    def made(self, pages: int, charts: int) -> None:
        with self.lock:
            self.done_text = f" · {pages} pages, {charts} charts done"

    def line(self) -> str:
        """The text of the progress line as it stands."""
        number = STAGES.index(self.current) + 1 if self.current in STAGES else 0
        elapsed = time.perf_counter() - self.stage_started
        counts = "".join(f" · {text}" for text in self.counts.values())
        return f"Building [{number}/{len(STAGES)}] {self.current} {elapsed:.1f} s{counts}{self.done_text}"

    def _run(self) -> None:
        while not self.stopped.wait(self.tick):
            if time.perf_counter() - self.started >= self.delay:
                with self.lock:
                    self.stream.write("\r\x1b[K" + self.line())
                    self.stream.flush()
                    self.shown = True

    def close(self) -> None:
        self.stopped.set()
        if self.ticker.is_alive():
            self.ticker.join()
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def choose_progress(quiet: bool, verbose: bool, stream: TextIO | None = None) -> Progress:
    """Verbose when asked, a live line on a terminal, otherwise (or when quiet) nothing."""
    stream = stream or sys.stderr
    if verbose:
        return VerboseProgress(stream)
    if not quiet and stream.isatty():
        return LiveProgress(stream)
    return SILENT
