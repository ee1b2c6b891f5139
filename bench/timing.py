"""Time one command in a fresh process: wall seconds from start to exit and its peak memory."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One finished run: wall seconds, peak resident set in MiB (as `/usr/bin/time -f %M`) and what it printed."""

    seconds: float
    peak_mib: float
    output: str


class RunFailed(Exception):
    """A timed command exited with an error or was killed at its timeout: `reason` says which."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}\n{detail}")
        self.reason = reason


def run(command: Sequence[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 3600, expect: int = 0) -> Run:
    """Run `command` once and time it; raise RunFailed unless it exits with `expect` before `timeout`."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen([str(part) for part in command], cwd=cwd, stdout=out, stderr=out,
                                 env={**_as_installed(), **(env or {})}, start_new_session=True)
        try:
            code, usage = _wait(child, timeout)
        except BaseException:  # Ctrl-C reaches this process only: end the run's whole group too
            _kill(child)
            raise
        seconds = time.perf_counter() - started
        out.seek(0)
        printed = out.read().decode("utf-8", "replace")
    if code != expect:
        ending = f"killed after {timeout:g} s" if code is None else f"exit {code}"
        raise RunFailed(ending, f"{' '.join(map(str, command))}\n{printed[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, printed)


def _as_installed() -> dict[str, str]:
    """This process's environment, but with Python keeping the bytecode it compiles, as it does by default. A
    machine that turns that off (PYTHONDONTWRITEBYTECODE) makes every run compile our editable install's modules
    again, while the peers' were compiled when pip installed them."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _wait(child: subprocess.Popen[bytes], timeout: float) -> tuple[int | None, os.struct_rusage]:
    """Exit code (None when killed at the timeout) and resource use of `child` and the processes it waited for."""
    killed = threading.Event()
    killer = threading.Timer(timeout, lambda: (killed.set(), _kill(child)))
    killer.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        killer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    return (None if killed.is_set() else child.returncode), usage


def _kill(child: subprocess.Popen[bytes]) -> None:
    """End the run and every process it started (they share its process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
