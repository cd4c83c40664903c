"""Bytes -> text: which encoding a file is in, whether it is binary, and cleaning the text.

Owns the decoding of any bytes (UTF-8, UTF-16/32 by BOM or NUL pattern, cp1252 and latin-1
for the rest), the binary sniffing (signatures, NUL bytes, control characters), and `clean`:
the removal of control characters, terminal escape sequences and bidi overrides that every
string shown or indexed goes through.
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 8192  # how much of a file the binary checks look at


class UnreadableError(Exception):
    """A file that cannot be shown as text; str(exc) is the reason, for the user."""


# ---------------------------------------------------------------------------------------
# Decoding

# Leading bytes of common binary formats. A signature with a non-text byte decides alone;
# a text-like one ("GIF89a", "%PDF-") only names the reason once the file proves binary.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "Matroska video"),
    (b"wOFF", "web font"),
)


_UTF32_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"))
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# cp1252 as a charmap; the five bytes it leaves undefined decode as latin-1 (C1 controls).
_CP1252_CHARS = "".join(
    bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in range(256)
)
# Control characters that do not occur in text (TAB, LF, VT, FF, CR, BS, BEL, ESC do).
_BINARY_CONTROL = re.compile("[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f\x80-\x9f]")
_SURROGATE_RUN = re.compile("[\udc80-\udcff]+")


def decode_bytes(data: bytes) -> str:
    """Bytes of a text file in any common encoding -> str with LF line ends, or UnreadableError."""
    if not data:
        return ""
    kind = _signature(data)
    if kind is not None and _decisive(kind):
        raise UnreadableError(f"binary file ({kind[1]})")
    codec = _unicode_codec(data)
    if codec is not None:
        name, skip = codec
        text = data[skip:].decode(name, errors="replace")
    elif b"\x00" in data[:SNIFF_BYTES]:
        raise UnreadableError(f"binary file ({kind[1] if kind else 'contains NUL bytes'})")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
        if text.startswith("\ufeff"):
            text = text[1:]
    sample = text[:SNIFF_BYTES]
    controls = len(_BINARY_CONTROL.findall(sample))
    if controls > max(3, len(sample) // 10):
        raise UnreadableError(f"binary file ({kind[1] if kind else 'control characters'})")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _signature(data: bytes) -> tuple[bytes, str] | None:
    for signature in BINARY_SIGNATURES:
        if data.startswith(signature[0]):
            return signature
    return None


def _decisive(kind: tuple[bytes, str]) -> bool:
    return any(b < 0x20 or b > 0x7E for b in kind[0])


def _unicode_codec(data: bytes) -> tuple[str, int] | None:
    """The UTF-16/32 codec of data (by BOM, or by NUL pattern for UTF-16) and the BOM length."""
    for bom, name in _UTF32_BOMS + _UTF16_BOMS:
        if data.startswith(bom):
            return name, len(bom)
    sample = data[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs == 0:
        return None
    even_nuls = sample[0 : 2 * pairs : 2].count(0)
    odd_nuls = sample[1 : 2 * pairs : 2].count(0)
    # ASCII in UTF-16: every other byte is NUL, the others almost never are.
    if odd_nuls * 2 > pairs and even_nuls * 10 <= odd_nuls:
        return "utf-16-le", 0
    if even_nuls * 2 > pairs and odd_nuls * 10 <= even_nuls:
        return "utf-16-be", 0
    return None


def _decode_legacy(data: bytes) -> str:
    """Invalid UTF-8: cp1252 (latin-1 where cp1252 is undefined), per byte or for the file."""
    mixed = data.decode("utf-8", errors="surrogateescape")
    valid = mixed.encode("utf-8", errors="ignore").decode("utf-8")
    invalid_bytes = len(mixed) - len(valid)
    valid_non_ascii = len(valid) - len(valid.encode("ascii", errors="ignore"))
    if invalid_bytes > valid_non_ascii:
        return codecs.charmap_decode(data, "strict", _CP1252_CHARS)[0]
    # Mostly UTF-8 with a few stray legacy bytes: decode only those bytes as cp1252.
    return _SURROGATE_RUN.sub(
        lambda m: codecs.charmap_decode(
            m.group().encode("utf-8", "surrogateescape"), "strict", _CP1252_CHARS
        )[0],
        mixed,
    )


def trim_utf8_end(data: bytes) -> bytes:
    """Drop a UTF-8 sequence cut off at the end of data."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0xC0:  # lead byte: is its sequence complete?
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if back < needed else data
        if byte & 0xC0 != 0x80:  # ASCII
            return data
    return data


# ---------------------------------------------------------------------------------------
# Cleaning

_NEWLINE_CHARS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # treated as line ends
_ESCAPE_SEQUENCE = re.compile(
    "\x1b\\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erase
    "|\x9b[0-?]*[ -/]*[@-~]"  # CSI, 8-bit form
    # OSC / DCS / SOS / PM / APC with their payload, up to BEL or ST
    # (the payload stops at the next introducer too, so a run of introducers is read once: a
    # scan ahead from each of 500,000 U+009D took 43 s)
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])"
    "[^\x07\x1b\x9c\n\x90\x98\x9d\x9e\x9f]{0,4096}(?:\x07|\x1b\\\\|\x9c)"
    "|\x1b[ -/]*[0-~]"  # any other ESC sequence: ESC 7, ESC ( B, ESC c
)
_ASCII_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # C0 but TAB and LF, and DEL
_REMOVED_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but TAB and LF, DEL, C1
    "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, stray BOM
    "\u202a-\u202e\u2066-\u2069]"  # bidi embeddings, overrides and isolates (spoofing)
)
_SURROGATES = re.compile("[\ud800-\udfff]")  # lone surrogates: not encodable, crash a write
ODD_SPACES = ("\u00a0", "\u2007", "\u202f")  # no-break spaces, shown as plain spaces


def clean(text: str) -> str:
    """Remove control characters, escape sequences and bidi overrides; NBSP -> space."""
    # Fast paths matter: every article passes through here when listed and indexed.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    if text.isascii():
        if _ASCII_CONTROLS.search(text) is None:
            return text
        return _ASCII_CONTROLS.sub("", _NEWLINE_CHARS.sub("\n", text))
    text = _NEWLINE_CHARS.sub("\n", text)
    text = _REMOVED_CHARS.sub("", text)
    text = _SURROGATES.sub("", text)
    for space in ODD_SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text
