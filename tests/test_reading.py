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


@pytest.mark.parametrize("charset, text", [
    ("windows-1250", "Sejm zagłosował: żółć"),
    ("iso-8859-2", "Ziemniaki na szóstej, surówka"),
    ("gb2312", "一个约定，信守15年"),
    ("koi8-r", "Сказал президент"),
])
def test_non_utf8_page_is_read_in_its_declared_charset(charset, text):
    page = f'<html><head><meta charset="{charset}"><title>x</title></head><body><p>{text}</p></body></html>'
    assert text in decode(page.encode(charset))


def test_charset_in_http_equiv_and_xml_declaration():
    body = "<p>Sejm zagłosował</p>"
    equiv = f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">{body}'
    xml = f'<?xml version="1.0" encoding="ISO-8859-2"?><html>{body}</html>'
    assert "zagłosował" in decode(equiv.encode("cp1250"))
    assert "zagłosował" in decode(xml.encode("iso-8859-2"))


def test_declared_latin1_is_read_as_cp1252_like_browsers():
    page = '<meta charset="iso-8859-1"><p>“troops” café 10 €</p>'
    assert "“troops” café 10 €" in decode(page.encode("cp1252"))


def test_utf8_page_with_a_stray_byte_stays_utf8():
    data = ("<p>Grüße aus Köln, schöne Straße, ärgerlich, Öl " * 3 + "</p>").encode("utf-8") + b"\xe9 end"
    text = decode(data)
    assert "Grüße aus Köln" in text and text.endswith("\ufffd end")


def test_wrong_utf8_declaration_on_cp1252_bytes_falls_back_to_cp1252():
    assert decode('<meta charset="utf-8"><p>café, Grüße</p>'.encode("cp1252")) == \
        '<meta charset="utf-8"><p>café, Grüße</p>'


def test_a_few_stray_nul_bytes_in_a_large_text_file_are_dropped():
    page = ("<html><body>" + "<p>The council voted on Tuesday to expand the bus network.</p>" * 200
            + "</body></html>").encode("utf-8")
    data = page[:5000] + b"\x00" * 3 + page[5000:]
    assert decode(data) == page.decode("utf-8")


def test_many_nul_bytes_are_binary():
    with pytest.raises(NotText, match="NUL"):
        decode(b"text" * 100 + b"\x00" * 10)
