"""Derived figures: shares and changes, computed from counts and never stored."""

from __future__ import annotations


def share(part: int, whole: int) -> float | None:
    """Part as a percentage of whole, or None when whole is zero."""
    return None if whole == 0 else 100 * part / whole


def share_text(part: int, whole: int) -> str:
    """A share to one decimal place, e.g. '2.2%'; 'n/a' when the whole is zero."""
    value = share(part, whole)
    return "n/a" if value is None else f"{value:.1f}%"


def change_text(new: int, old: int) -> str:
    """The change from old to new as a signed count and percentage, e.g. '+1,234 (+3.4%)'."""
    diff = new - old
    pct = share(diff, old)
    pct_text = "" if pct is None else f" ({pct:+.1f}%)"
    return f"{diff:+,}{pct_text}"


def points_text(new_share: float, old_share: float) -> str:
    """A change between two shares in percentage points, e.g. '+0.4 points'."""
    return f"{new_share - old_share:+.1f} points"
