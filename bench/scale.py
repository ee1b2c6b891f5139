"""Goal 9: cold build time and peak memory as a site grows, and the least-squares line through them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from statistics import linear_regression, median

from report import figure
from sites import OurSite
from timing import RunFailed

PAGES = (100, 1000, 3000, 10000)
PERIODS = (200, 1000)
PERIOD_JURISDICTIONS = 20


def scale_table(sizes: tuple[int, ...], make: Callable[[int], OurSite], what: str, repeat: int,
                timeout: float) -> str:
    """A Markdown table of cold builds at each size (median of `repeat`) and the fitted lines, per `what`."""
    lines = [f"| {what.capitalize()}s | Cold build | Peak memory |", "| ---: | ---: | ---: |"]
    done: list[tuple[int, float, float]] = []
    for size in sizes:
        try:
            seconds, peak = _cold(make(size), repeat, timeout)
        except RunFailed as failed:
            lines.append(f"| {size:,} | not measured: {failed.reason} | |")
            continue
        done.append((size, seconds, peak))
        lines.append(f"| {size:,} | {figure(seconds, 's')} | {figure(peak, 'MiB')} |")
        print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join([*lines, "", _fitted(done, what)])


def _cold(site: OurSite, repeat: int, timeout: float) -> tuple[float, float]:
    """Median seconds and peak MiB of cold builds (output and cache emptied first)."""
    seconds, peaks = [], []
    for _ in range(repeat):
        site.empty()
        finished = site.build(timeout)
        seconds.append(finished.seconds)
        peaks.append(finished.peak_mib)
    return median(seconds), median(peaks)


def _fitted(done: list[tuple[int, float, float]], what: str) -> str:
    """The least-squares lines: seconds and MiB per `what`, plus a fixed cost."""
    if len(done) < 2:
        return "Fitted line: needs two sizes measured."
    sizes = [size for size, _, _ in done]
    time_slope, time_fixed = linear_regression(sizes, [seconds for _, seconds, _ in done])
    peak_slope, peak_fixed = linear_regression(sizes, [peak for _, _, peak in done])
    return (f"Fitted line: {time_slope * 1000:.2f} ms per {what} + {time_fixed:.2f} s fixed; "
            f"peak memory {peak_slope * 1024:.1f} KiB per {what} + {peak_fixed:.0f} MiB.")
