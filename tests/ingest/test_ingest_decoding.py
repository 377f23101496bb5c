"""decode_bytes / read_text_file: bytes -> text, or an error that says what to do."""

from __future__ import annotations

import random

import pytest

from qawl.errors import BinaryInputError, EmptyInputError, EncodingError, InputError, InputTooLargeError
from qawl.text.reading import decode_bytes, read_text_file

ARABIC = "قال الرئيس الفرنسي إيمانويل ماكرون إن فرنسا «ستدعم التحالف» الجديد.\nوأضاف أن الخطة جاهزة."
ENGLISH = "The French president said on Tuesday that France would support the coalition."


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n", "  \n".encode("utf-16")]
)
def test_empty(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty; give an article's text"):
        decode_bytes(data, "a.txt")


@pytest.mark.parametrize(
    ("data", "kind", "advice"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF", "pdftotext"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP", "unzip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG", "OCR"),
        (b"\x7fELF\x02\x01\x01", "ELF", "text file"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip", "gunzip"),
    ],
)
def test_binary_magic_says_what_it_is(data: bytes, kind: str, advice: str) -> None:
    with pytest.raises(BinaryInputError, match=kind) as info:
        decode_bytes(data, "paper.bin")
    assert advice in str(info.value)
    assert str(info.value).startswith("paper.bin: ")


def test_binary_random_bytes_with_nuls() -> None:
    rng = random.Random(5)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    with pytest.raises(BinaryInputError, match="NUL"):
        decode_bytes(data)


def test_binary_control_characters_without_nuls() -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(1, 256) for _ in range(4096))
    with pytest.raises(BinaryInputError):
        decode_bytes(data)


def test_utf8_untouched() -> None:
    text = "سطر أول\r\nسطر ثان\n\n  Mixed «quote» “quote” \u200f\u00a0end\n"
    assert decode_bytes(text.encode()) == text  # no newline or character normalisation


def test_utf8_bom_is_stripped() -> None:
    assert decode_bytes(b"\xef\xbb\xbf" + ARABIC.encode()) == ARABIC


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    data = ARABIC.encode(codec)
    if codec != "utf-16":  # the explicit-endian codecs write no BOM: add it
        data = ("\ufeff" + ARABIC).encode(codec)
    assert decode_bytes(data) == ARABIC


def test_utf32_with_bom() -> None:
    assert decode_bytes(ARABIC.encode("utf-32")) == ARABIC


def test_utf16_without_bom_is_reported_with_advice() -> None:
    with pytest.raises(BinaryInputError, match="UTF-16"):
        decode_bytes(ENGLISH.encode("utf-16-le"))


def test_windows_1256_arabic() -> None:
    assert decode_bytes(ARABIC.encode("cp1256")) == ARABIC


def test_windows_1252_latin() -> None:
    text = "Le président a déclaré mardi que la France soutiendrait la coalition « dès maintenant »."
    assert decode_bytes(text.encode("cp1252")) == text


def test_damaged_utf8_is_not_mistaken_for_windows_1256() -> None:
    data = ARABIC.encode()
    data = data[:30] + b"\xff" + data[30:]
    with pytest.raises(EncodingError, match="mostly UTF-8 but damaged") as info:
        decode_bytes(data, "x.txt")
    assert "byte 30" in str(info.value) and "iconv" in str(info.value)


def test_undecodable_names_encodings_and_iconv() -> None:
    # Cyrillic in KOI8-R: not UTF-8, not Arabic in cp1256, not plausible cp1252.
    data = ("Президент Франции заявил во вторник, что страна поддержит коалицию. " * 3).encode("koi8-r")
    with pytest.raises(EncodingError) as info:
        decode_bytes(data, "ru.txt")
    message = str(info.value)
    for word in ("UTF-8", "UTF-16", "Windows-1256", "Windows-1252", "iconv -f ENCODING -t UTF-8"):
        assert word in message


def test_too_large() -> None:
    with pytest.raises(InputTooLargeError, match=r"2,001 bytes .* limit of 2,000 bytes; split"):
        decode_bytes(b"a" * 2001, "big.txt", max_bytes=2000)


def test_read_text_file(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "article.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    assert read_text_file(path) == ARABIC
    path.write_bytes(b"a" * 100)
    with pytest.raises(InputTooLargeError):
        read_text_file(path, max_bytes=10)
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text_file(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"empty\.txt: the file is empty"):
        read_text_file(tmp_path / "empty.txt")
