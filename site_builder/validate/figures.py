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
MAX_DIGITS = 15  # a count or a band's end has at most this many digits (and stays exact in JSON and charts)
_TOO_LARGE = 10**MAX_DIGITS
TOO_LARGE_HINT = f"counts have at most {MAX_DIGITS} digits: check the figure and its column"


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
    if type(raw) is str and len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
        return Observation("number", value=int(raw))  # a plain count, as most cells are: what the checks below give
    if isinstance(raw, bool) or raw is None:
        raise FigureError(f"expected a figure, got {_describe(raw)}",
                          "write 0 if there were none, or 'not reported' if the figure was not published")
    if isinstance(raw, int):
        return _count(raw)
    if isinstance(raw, float):
        raise FigureError(f"'{raw}' is not a whole number", "counts are whole numbers: remove the decimals")
    if isinstance(raw, list):
        return _band(*raw) if len(raw) == 2 and all(_is_int(v) for v in raw) else _bad(raw)
    return _parse_text(_text(raw).strip())


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_text(text: str) -> Observation:
    lowered = text.casefold()
    if not text:
        raise FigureError("the cell is empty",
                          "write 0 if there were none, or 'not reported' if the figure was not published")
    if text.isdecimal():
        return _count(_whole(text))
    if lowered in WORD_STATES:
        return Observation(WORD_STATES[lowered])
    if band := _BAND.match(text):
        return _band(_whole(band.group(1)), _whole(band.group(2)))
    if fewer := _FEWER.match(lowered):
        return _fewer_than(_whole(fewer.group(1)))
    if negative := re.fullmatch(r"-\s*(\d+)", text):
        return _count(-_whole(negative.group(1)))
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
    text = _text(raw).strip()
    if text.casefold() in WORD_STATES:
        return Observation(WORD_STATES[text.casefold()])
    match = _PERCENT.match(text)
    if match is None:
        hint = ("write the decimal point as a full stop: " + text.replace(",", ".")
                if re.fullmatch(r"\d+,\d+\s*%?", text) else PERCENT_HINT)
        raise FigureError(f"'{_shorten(text)}' is not a percentage", hint)
    value = Decimal(match.group(1))
    if value > 100:
        raise FigureError(f"'{_shorten(text)}' is over 100: a percentage lies between 0 and 100",
                          "write the percentage itself, e.g. 48.5 for 48.5%; check that it is not a count")
    return Observation("number", value=value, percent=True)


PERCENT_HINT = "write a number from 0 to 100 such as 48.5 (a % sign is allowed), or 'not reported'"


def _text(raw: Any) -> str:
    """`raw` as text; Python refuses to write a number of thousands of digits, which is no figure either."""
    try:
        return str(raw)
    except ValueError:
        raise FigureError("a number of thousands of digits is not a figure", TOO_LARGE_HINT) from None


def _whole(digits: str) -> int:
    """The whole number written with `digits` (any decimal digits), when it is not too long to be a count."""
    if len(digits.lstrip("0")) > MAX_DIGITS:
        raise FigureError(f"'{_shorten(digits)}' is too large for a count", TOO_LARGE_HINT)
    return int(digits)


def _shorten(text: str) -> str:
    return text if len(text) <= 30 else f"{text[:12]}…{text[-12:]}"


def _fewer_than(limit: int) -> Observation:
    if limit < 1:
        raise FigureError(f"'fewer than {limit}' is no figure: a count cannot be below zero",
                          "write 0 if there were none, or the band the report gives, e.g. fewer than 10")
    return Observation("suppressed", high=limit - 1, low=0)


def _not_too_large(*values: int) -> None:
    for value in values:
        if abs(value) >= _TOO_LARGE:
            raise FigureError(f"'{_shorten(_text(value))}' is too large for a count", TOO_LARGE_HINT)


def _count(value: int) -> Observation:
    if value < 0:
        raise FigureError(f"'{_shorten(_text(value))}' is negative: counts cannot be below zero",
                          "write the count without a minus sign, or 'not reported' if it is unknown")
    _not_too_large(value)
    return Observation("number", value=value)


def _band(low: int, high: int) -> Observation:
    _not_too_large(low, high)
    if low < 0 or high < 0:
        raise FigureError(f"band {low} to {high} has a negative end: counts cannot be below zero")
    if low > high:
        raise FigureError(f"band {low} to {high} has its low end above its high end",
                          f"put the smaller number first: {high}, then {low}")
    return Observation("band", low=low, high=high)


def _bad(raw: Any) -> Observation:
    raise FigureError(f"'{_shorten(_text(raw))}' is not a figure")


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
