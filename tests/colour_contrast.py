"""WCAG 2 relative luminance and contrast ratio of CSS colours (#rgb, #rrggbb, rgb(), rgba())."""

from __future__ import annotations

import re

TEXT_MINIMUM = 4.5
GRAPHICS_MINIMUM = 3.0


def parse_colour(text: str) -> tuple[float, float, float]:
    """Red, green and blue in 0..255 from a CSS hex or rgb()/rgba() colour."""
    text = text.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    numbers = re.findall(r"[\d.]+", text)
    if not text.startswith("rgb") or len(numbers) < 3:
        raise ValueError(f"not a colour this test understands: {text!r}")
    return float(numbers[0]), float(numbers[1]), float(numbers[2])


def luminance(colour: str) -> float:
    """Relative luminance as WCAG 2 defines it."""
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in parse_colour(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
