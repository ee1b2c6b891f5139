"""Read one figure, from a CSV cell or a YAML value, into an Observation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Observation:
    """One figure: a count, a percentage, a band, or a reason there is no figure."""

    state: str  # number | band | suppressed | not_reported | not_applicable | withheld
    value: int | Decimal | None = None
    low: int | None = None
    high: int | None = None
    percent: bool = False  # a percentage from 0 to 100, as published (decimals kept)

    @property
    def is_number(self) -> bool:
        return self.state == "number"


NOT_REPORTED = Observation("not_reported")


WORD_STATES = {"not reported": "not_reported", "not applicable": "not_applicable", "withheld": "withheld"}
_BAND = re.compile(r"^(\d+)\s*[-\u2013]\s*(\d+)$")
_FEWER = re.compile(r"^(?:fewer than|<)\s*(\d+)$")
_WORDS = "or one of: not reported, not applicable, withheld, fewer than 10"
_BAND_FORMS = {"csv": "0-999", "yaml": "[0, 999]"}


def figure_hint(form: str) -> str:
    """What a figure may be, with bands written as CSV cells or YAML values write them."""
    return f"write a whole number such as 1234, a band such as {_BAND_FORMS[form]}, {_WORDS}"


class FigureError(ValueError):
    """A figure that cannot be read; the message says why, the hint (if any) how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def parse_figure(raw: Any, percentage: bool = False) -> Observation:
    """An Observation from a YAML value or CSV text (a count, or a percentage when `percentage`); raises FigureError."""
    if percentage:
        return _parse_percentage(raw)
    if isinstance(raw, bool) or raw is None:
        raise FigureError(f"expected a figure, got {_describe(raw)}",
                          "write 0 if there were none, or 'not reported' if the figure was not published")
    if isinstance(raw, int):
        return _count(raw)
    if isinstance(raw, float):
        raise FigureError(f"'{raw}' is not a whole number", "counts are whole numbers: remove the decimals")
    if isinstance(raw, list):
        return _band(*raw) if len(raw) == 2 and all(isinstance(v, int) for v in raw) else _bad(raw)
    return _parse_text(str(raw).strip())


def _parse_text(text: str) -> Observation:
    lowered = text.casefold()
    if not text:
        raise FigureError("the cell is empty",
                          "write 0 if there were none, or 'not reported' if the figure was not published")
    if text.isdigit():
        return _count(int(text))
    if lowered in WORD_STATES:
        return Observation(WORD_STATES[lowered])
    if band := _BAND.match(text):
        return _band(int(band.group(1)), int(band.group(2)))
    if fewer := _FEWER.match(lowered):
        return Observation("suppressed", high=int(fewer.group(1)) - 1, low=0)
    if re.fullmatch(r"-\s*\d+", text):
        return _count(int(text.replace(" ", "")))
    if re.fullmatch(r"\d{1,3}([,.\s]\d{3})+", text):
        digits = re.sub(r"\D", "", text)
        raise FigureError(f"'{text}' has a thousands separator", f"write the digits only: {digits}")
    if re.fullmatch(r"\d*[.,]\d+", text):
        raise FigureError(f"'{text}' is not a whole number", "counts are whole numbers: remove the decimals")
    return _bad(text)


_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%?$")


def _parse_percentage(raw: Any) -> Observation:
    """A percentage from 0 to 100, decimals allowed ('48.5', '48.5%', 48.5), or a word state."""
    if isinstance(raw, bool) or raw is None:
        raise FigureError(f"expected a percentage, got {_describe(raw)}",
                          "write the percentage, e.g. 48.5, or 'not reported' if it was not published")
    text = str(raw).strip()
    if text.casefold() in WORD_STATES:
        return Observation(WORD_STATES[text.casefold()])
    match = _PERCENT.match(text)
    if match is None:
        hint = ("write the decimal point as a full stop: " + text.replace(",", ".")
                if re.fullmatch(r"\d+,\d+\s*%?", text) else PERCENT_HINT)
        raise FigureError(f"'{text}' is not a percentage", hint)
    value = Decimal(match.group(1))
    if value > 100:
        raise FigureError(f"'{text}' is over 100: a percentage lies between 0 and 100",
                          "write the percentage itself, e.g. 48.5 for 48.5%; check that it is not a count")
    return Observation("number", value=value, percent=True)


PERCENT_HINT = "write a number from 0 to 100 such as 48.5 (a % sign is allowed), or 'not reported'"


def _count(value: int) -> Observation:
    if value < 0:
        raise FigureError(f"'{value}' is negative: counts cannot be below zero",
                          "write the count without a minus sign, or 'not reported' if it is unknown")
    return Observation("number", value=value)


def _band(low: int, high: int) -> Observation:
    if low < 0 or high < 0:
        raise FigureError(f"band {low} to {high} has a negative end: counts cannot be below zero")
    if low > high:
        raise FigureError(f"band {low} to {high} has its low end above its high end",
                          f"put the smaller number first: {high}, then {low}")
    return Observation("band", low=low, high=high)


def _bad(raw: Any) -> Observation:
    raise FigureError(f"'{raw}' is not a figure")


def _describe(raw: Any) -> str:
    return "nothing (a blank value)" if raw is None else f"'{str(raw).lower()}' (a yes/no value)"


def figure_text(obs: Observation) -> str:
    """How a figure reads in text and tables: 1,234; 0 to 999 with an en dash; fewer than 10; not reported."""
    if obs.state == "number":
        return f"{obs.value}%" if obs.percent else f"{obs.value:,}"
    if obs.state == "band":
        return f"{obs.low:,}\u2013{obs.high:,}"
    if obs.state == "suppressed":
        return f"fewer than {obs.high + 1:,}"
    return obs.state.replace("_", " ")


def figure_record(obs: Observation) -> dict[str, Any]:
    """A figure as plain data for downloads."""
    return {"value": plain_number(obs.value), "low": obs.low, "high": obs.high, "state": obs.state}


def plain_number(value: int | Decimal | None) -> int | float | None:
    """A figure's value as JSON can hold it: percentages with decimals as floats, everything else unchanged."""
    return float(value) if isinstance(value, Decimal) else value
