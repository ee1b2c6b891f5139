"""Derived figures: shares, changes and ranks, computed from counts and never stored.

What these return is for reading on a page: a fall is written with the minus sign (U+2212), which
screen readers say as "minus" and which never breaks from its number. Downloads never use them: they
keep the figures as published, written with ASCII digits and hyphen-minus.
"""

from __future__ import annotations

MINUS = "\u2212"


def share(part: int, whole: int) -> float | None:
    """Part as a percentage of whole, or None when whole is zero."""
    return None if whole == 0 else 100 * part / whole


def share_text(part: int, whole: int) -> str:
    """A share to one decimal place, e.g. '2.2%'; 'n/a' when the whole is zero."""
    value = share(part, whole)
    return "n/a" if value is None else f"{value:.1f}%"


def signed(text: str) -> str:
    """A number already written with a sign ('+1,234', '-5.7'), its hyphen-minus made a true minus sign."""
    return MINUS + text[1:] if text.startswith("-") else text


def change_text(new: int, old: int) -> str:
    """The change from old to new as a signed count and percentage, e.g. '+1,234 (+3.4%)' or '−2,113 (−5.7%)';
    no change is '0 (0.0%)'."""
    diff = new - old
    if diff == 0:
        return "0" if old == 0 else "0 (0.0%)"
    pct = share(diff, old)
    pct_text = "" if pct is None else f" ({signed(f'{pct:+.1f}')}%)"
    return f"{signed(f'{diff:+,}')}{pct_text}"


def points_text(new_share: float, old_share: float) -> str:
    """A change between two shares in percentage points, e.g. '+0.4 points' or '−0.3 points'."""
    diff = new_share - old_share
    return "0.0 points" if abs(diff) < 1e-9 else f"{signed(f'{diff:+.1f}')} points"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th."""
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
