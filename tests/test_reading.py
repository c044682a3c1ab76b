"""Decoding: the encodings people's files come in, and what is not text."""

import codecs

import pytest

from indexer.corpus.decode import NotText, decode

TEXT = "Zelenskyy said “troops” café — 10 000 €"


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),                      # with BOM
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("utf-16-le"),                   # without BOM, recognised by its zero bytes
    TEXT.encode("utf-32"),
])
def test_unicode_encodings_decode(data):
    assert decode(data) == TEXT


def test_cp1252_quotes_and_euro():
    assert decode("“troops” café 10 €".encode("cp1252")) == "“troops” café 10 €"


def test_latin1_with_bytes_undefined_in_cp1252():
    assert decode(b"caf\xe9 \x81") == "café \x81"


def test_line_endings_are_normalised():
    assert decode(b"a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 4,                      # NUL bytes
    b"\x89PNG\r\n\x1a\n" + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 200,
])
def test_binary_is_not_text(data):
    with pytest.raises(NotText):
        decode(data)


def test_invalid_utf16_after_bom_is_reported():
    with pytest.raises(NotText, match="UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone surrogate
