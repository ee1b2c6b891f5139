"""One measured goal as a Markdown table row: our figure, the peer's figure or the target, the ratio, the verdict."""

from __future__ import annotations

from dataclasses import dataclass

HEADER = "| Goal | Ours | Peer or target | Ratio | Result |\n| --- | ---: | --- | ---: | --- |"


@dataclass(frozen=True)
class Row:
    """Ours against a reference: a peer's figure (goal: `factor` times it) or a target (`factor` 1)."""

    goal: str
    ours: float
    unit: str
    reference: str
    value: float
    factor: float = 1.0

    def markdown(self) -> str:
        cells = [self.goal, figure(self.ours, self.unit), self._reference(), self._ratio(), self._verdict()]
        return "| " + " | ".join(cells) + " |"

    def _reference(self) -> str:
        if self.reference == "target":
            return f"target ≤ {figure(self.value, self.unit)}"
        return f"{self.reference} {figure(self.value, self.unit)} (goal ≤ {self.factor:g}×)"

    def _ratio(self) -> str:
        return f"{self.ours / self.value:.2f}×" if self.value else "—"

    def _verdict(self) -> str:
        allowed = self.factor * self.value
        if self.ours <= allowed:
            return "meets"
        return f"misses by {(self.ours / allowed - 1) * 100:.0f}%" if allowed else "misses"


def figure(value: float, unit: str) -> str:
    """Seconds to the millisecond below one second, else to the hundredth; MiB whole."""
    if unit == "s":
        return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"
