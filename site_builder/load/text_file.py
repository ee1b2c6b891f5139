"""One source file's text: UTF-8, and never more than MAX_SOURCE_BYTES read into memory."""

from __future__ import annotations

from pathlib import Path

from ..problems import MAX_SOURCE_BYTES, Location, Problems

ENCODING_HINT = ("in your editor choose Save with Encoding (or Save As) and pick UTF-8; "
                 "spreadsheet programs call it 'CSV UTF-8'")


def read_text(path: Path, problems: Problems) -> str | None:
    """A file's text as UTF-8, or None after reporting why it cannot be read."""
    raw = _read_bounded(path, problems)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(Location(path, line, col),
                       f"file is not UTF-8 text (byte 0x{raw[exc.start]:02X} here cannot be read)", ENCODING_HINT)
        return None


def _read_bounded(path: Path, problems: Problems) -> bytes | None:
    """The file's bytes, or None after reporting that it is missing, unreadable or over the size limit."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        problems.error(Location(path), "file not found", "check the file name and folder")
        return None
    except OSError as exc:
        problems.error(Location(path), f"cannot read file: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_SOURCE_BYTES:
        problems.error(Location(path), f"file is larger than {_size(MAX_SOURCE_BYTES)}, "
                       "the most the builder reads from one file",
                       "check that this is the file you meant; split a large table into one file per section "
                       "or period, and a long page into several pages")
        return None
    return raw


def _size(n: int) -> str:
    """A number of bytes as editors read it: 20 MB, or 1,000 bytes."""
    return f"{n // 1_000_000} MB" if n % 1_000_000 == 0 else f"{n:,} bytes"
