"""Raw bytes of an article -> text, robustly, with errors that say what to do.

Decoding is the only change made to the text: newlines, spaces and characters stay as they are,
so that every offset computed later refers to the decoded text exactly (a UTF-8 BOM is dropped).
"""

from __future__ import annotations

import codecs
import os
import re

from qawl.errors import BinaryInputError, EmptyInputError, EncodingError, InputError, InputTooLargeError

DEFAULT_MAX_BYTES = 50_000_000

# Magic numbers of the binary files people most often pass by mistake, with what to do instead.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "extract its text first, e.g. `pdftotext FILE.pdf FILE.txt`"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or a .docx/.odt/.epub document)",
        "unzip it, or save the document as plain text (.txt) first",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office document (.doc/.xls)",
        "save it as plain text (.txt) first",
    ),
    (b"{\\rtf", "an RTF document", "save it as plain text (.txt) first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "give the article's text, not an image of it (OCR it first)"),
    (b"\xff\xd8\xff", "a JPEG image", "give the article's text, not an image of it (OCR it first)"),
    (b"GIF87a", "a GIF image", "give the article's text, not an image of it"),
    (b"GIF89a", "a GIF image", "give the article's text, not an image of it"),
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first, e.g. `gunzip FILE.gz`"),
    (b"BZh91AY&SY", "bzip2-compressed data", "decompress it first, e.g. `bunzip2 FILE.bz2`"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "decompress it first, e.g. `unxz FILE.xz`"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
    (b"\x7fELF", "an ELF executable", "give a text file"),
    (b"SQLite format 3\x00", "an SQLite database", "give a text file"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; plus DEL and C1.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_SAMPLE = 1 << 20  # heuristics look at the first MiB: enough to judge, cheap on 50 MB inputs


def sniff_binary(data: bytes) -> str | None:
    """A sentence saying why `data` is binary and what to do, or None when it may be text.

    Byte-order-marked UTF-16/32 is text, even though it contains NUL bytes.
    """
    for magic, kind, advice in _MAGIC:
        if data.startswith(magic):
            return f"looks like {kind}, not text: {advice}"
    if _bom_codec(data):
        return None
    head = data[:_SAMPLE]
    if b"\x00" in head:
        return (
            "contains NUL bytes, so it is binary, not text (if it is UTF-16 text without a "
            "byte-order mark, convert it: `iconv -f UTF-16LE -t UTF-8 FILE > FILE.txt`)"
        )
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > 0.02 * len(head):
        return f"{controls} control bytes in the first {len(head)}: binary data, not text; give a text file"
    return None


def _bom_codec(data: bytes) -> str | None:
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return None


def check_bytes(data: bytes, origin: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Raise the InputError that `data` deserves before any decoding: too large, empty, binary."""
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{origin}: {len(data):,} bytes is larger than the limit of {max_bytes:,} bytes; split it into "
            "one file per article (or one article per line of a .jsonl file), or raise the limit"
        )
    if not data.strip():
        raise EmptyInputError(f"{origin}: the file is empty; give an article's text")
    why = sniff_binary(data)
    if why:
        raise BinaryInputError(f"{origin}: {why}")


def decode_bytes(data: bytes, origin: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode an article's raw bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, else Windows-1256
    (or ISO-8859-6) when that yields Arabic, else Windows-1252 when that yields plausible Latin text.

    Raises EmptyInputError, BinaryInputError, EncodingError or InputTooLargeError with a message
    that says what to do. Nothing but decoding is done: offsets refer to the returned text as-is.
    """
    check_bytes(data, origin, max_bytes)
    bom = _bom_codec(data)
    if bom:
        try:
            text = data.decode(bom)  # these codecs drop the BOM
        except UnicodeDecodeError as e:
            raise EncodingError(
                f"{origin}: starts with a {bom.upper().replace('-SIG', '')} byte-order mark but is not valid "
                f"{bom.upper().replace('-SIG', '')} ({e.reason} at byte {e.start}); "
                f"re-save it as UTF-8, e.g. `iconv -f {bom.upper().replace('-SIG', '')} -t UTF-8 FILE > FILE.txt`"
            ) from None
    else:
        text = _decode_without_bom(data, origin)
    if not text.strip():
        raise EmptyInputError(f"{origin}: the file is empty; give an article's text")
    if "\x00" in text:
        raise BinaryInputError(f"{origin}: the decoded text contains NUL characters: binary data, not text")
    sample = text[:_SAMPLE]
    controls = len(_CONTROL_RE.findall(sample))
    if controls > 0.02 * len(sample):
        raise BinaryInputError(
            f"{origin}: {controls} control characters in the first {len(sample)}: binary data, not text"
        )
    return text


def _decode_without_bom(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    # Mostly valid UTF-8 with a few bad bytes is a damaged UTF-8 file, not Windows-1256: decoding it
    # as cp1256 would turn every Arabic letter into two (ط§ظ„...) and look Arabic all the same.
    sample = data[:_SAMPLE]
    lenient = sample.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 0x7F) - bad
    if good >= 10 * bad:
        line = data.count(b"\n", 0, first_error.start) + 1
        raise EncodingError(
            f"{origin}: mostly UTF-8 but damaged: invalid byte(s) at byte {first_error.start} (line {line}); "
            "repair the file, or drop the invalid bytes with `iconv -c -f UTF-8 -t UTF-8 FILE > FILE.txt`"
        )
    text = data.decode("cp1256")  # every byte maps to a character
    if _plausible_arabic(text[:_SAMPLE]):
        return text
    try:  # the older ISO standard for Arabic, rarer than Windows-1256
        text = data.decode("iso8859-6")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible_arabic(text[:_SAMPLE]):
            return text
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible_latin(text[:_SAMPLE]):
            return text
    raise EncodingError(
        f"{origin}: cannot tell the text encoding: not UTF-8 ({first_error.reason} at byte {first_error.start}), "
        "no UTF-16 byte-order mark, not Arabic in Windows-1256 or ISO-8859-6, not plausible Windows-1252/ISO-8859-1; "
        "convert it to UTF-8 first, e.g. `iconv -f ENCODING -t UTF-8 FILE > FILE.txt` "
        "(ENCODING such as WINDOWS-1256, ISO-8859-6, CP720)"
    )


def _plausible_arabic(text: str) -> bool:
    """Arabic prose: mostly Arabic letters, words separated by spaces (random bytes have neither),
    and the article «ال» about every 10-20 letters (Cyrillic or Greek bytes read as Windows-1256
    also give Arabic letters, but hardly ever «ال»)."""
    letters = _LETTER_RE.findall(text)
    arabic = sum(1 for ch in letters if _ARABIC_LETTER_RE.match(ch))
    visible = sum(1 for ch in text if not ch.isspace())
    if arabic >= 60 and text.count("\u0627\u0644") * 60 < arabic:
        return False
    return (
        bool(letters)
        and arabic >= 0.5 * len(letters)
        and len(letters) >= 0.5 * visible
        and visible < len(text)
    )


def _plausible_latin(text: str) -> bool:
    """Latin-script prose is mostly ASCII letters with a few accented ones (é, ü, ñ)."""
    if _CONTROL_RE.search(text):
        return False
    letters = _LETTER_RE.findall(text)
    if not letters:
        return False
    non_ascii = sum(1 for ch in letters if ord(ch) > 0x7F)
    visible = sum(1 for ch in text if not ch.isspace())
    return non_ascii <= 0.25 * len(letters) and len(letters) >= 0.5 * visible


def read_text_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file's bytes and decode them with decode_bytes (origin = the path)."""
    origin = os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > max_bytes:  # refuse before reading 50 MB+ into memory
            raise InputTooLargeError(
                f"{origin}: {size:,} bytes is larger than the limit of {max_bytes:,} bytes; split it into "
                "one file per article (or one article per line of a .jsonl file), or raise the limit"
            )
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise InputError(
            f"{origin}: is a directory; give a file (or use `qawl ingest` for a directory)"
        ) from None
    except FileNotFoundError:
        raise InputError(f"{origin}: no such file") from None
    except PermissionError:
        raise InputError(f"{origin}: permission denied; check the file's permissions") from None
    return decode_bytes(data, origin, max_bytes)
