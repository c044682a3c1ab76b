"""Decode a file's bytes to text, or say clearly why it is not text."""

from __future__ import annotations

import codecs
import re


class NotText(ValueError):
    """The bytes are not a text document we can read."""


# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
#: A file with at most one NUL byte in this many bytes is text with stray NULs, not binary.
STRAY_NUL_RATIO = 2000


def decode(data: bytes) -> str:
    """Return the text of ``data``.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as
    such; UTF-16 without a BOM is recognised by its zero bytes.  Bytes that
    are not valid UTF-8 are read in the charset the file declares
    (``<meta charset>``, ``http-equiv`` or an XML declaration, as saved web
    pages do) when it decodes them; else as UTF-8 with the few bad bytes
    replaced when most of the non-ASCII text is valid UTF-8 (a page with a
    stray byte); else as cp1252 (a superset of the printable part of
    latin-1).  Raises :class:`NotText` for binary data.
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
        if data.count(b"\x00") * STRAY_NUL_RATIO > len(data):
            raise NotText("binary data (contains NUL bytes)")
        data = data.replace(b"\x00", b"")  # a few stray NUL bytes in a text file (a saved web page)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared is not None:
        try:
            return _checked(data.decode(declared))
        except UnicodeDecodeError:
            pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _checked(mostly)
    if any(b in _CP1252_UNDEFINED for b in data):
        text = data.decode("latin-1")
    else:
        text = data.decode("cp1252")
    return _checked(text)


# A charset declared in the first bytes: <meta charset=...>, <meta http-equiv=... content="...; charset=...">,
# <?xml ... encoding="..."?>.
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{2,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]{2,40})""",
                       re.IGNORECASE)
# What browsers do with some labels (WHATWG Encoding Standard): latin-1 and ASCII
# mean windows-1252, GB2312 means GBK (read with its superset GB18030).
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
                  "us-ascii": "cp1252", "iso_8859-1": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}


def declared_charset(data: bytes, scan: int = 8192) -> str | None:
    """The Python codec of the first charset the first ``scan`` bytes declare, unless it is a
    UTF-8/16/32 one or unknown (a page's declaration is only a fallback for bytes that are not UTF-8)."""
    for match in _DECLARED.finditer(data[:scan]):
        label = (match.group(1) or match.group(2)).decode("ascii", "replace").lower()
        label = _LABEL_ALIASES.get(label, label)
        try:
            name = codecs.lookup(label).name
        except LookupError:
            continue
        return None if name.startswith(("utf-8", "utf-16", "utf-32", "utf_")) else name
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with replacement characters when invalid bytes are rare among the non-ASCII text."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ch > "\x7f") - bad
    return text if wide >= 4 * bad else None


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
