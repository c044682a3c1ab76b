"""Decode a file's bytes to text, or say clearly why it is not text."""

from __future__ import annotations

import codecs
import re


class NotText(ValueError):
    """The bytes are not a text document we can read."""


# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode(data: bytes) -> str:
    """Return the text of ``data``.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as
    such; UTF-16 without a BOM is recognised by its zero bytes; anything
    else that is not valid UTF-8 is read as cp1252 (a superset of the
    printable part of latin-1).  Raises :class:`NotText` for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="replace"))
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise NotText(f"invalid {encoding.upper()} after a byte-order mark: {exc.reason}") from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _checked(utf16)
    if b"\x00" in data:
        raise NotText("binary data (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if any(b in _CP1252_UNDEFINED for b in data):
        text = data.decode("latin-1")
    else:
        text = data.decode("cp1252")
    return _checked(text)


def _bomless_utf16(data: bytes) -> str | None:
    """Decode UTF-16 without a BOM when every other byte is zero (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.4 and even_zero < 0.05:
        encoding = "utf-16-le"
    elif even_zero > 0.4 and odd_zero < 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked(text: str) -> str:
    """Reject decoded text that is mostly control characters (binary in disguise)."""
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise NotText("binary data (too many control characters)")
    return _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
