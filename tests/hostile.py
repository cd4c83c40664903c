"""A corpus of every kind of hostile article file, written by code (no binary blobs checked in).

`build_hostile_corpus(folder)` writes the files and returns name -> what a user should see:
"listed" (the file lists, opens, is indexed and searchable) or "unreadable: <reason>" (it is
listed by name with that reason). Names are the file names as `os.fsdecode` gives them (a name
that is not UTF-8 carries surrogate escapes), so `os.path.join(folder, name)` finds the file.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

LISTED = "listed"
FULL_BIG_BYTES = 20 * 1024 * 1024
LONG_LINE_BYTES = 2 * 1024 * 1024

PARAGRAPH = (
    "The committee met on Tuesday to discuss the harbour project, the budget for the "
    "coming year and the plans for a new library near the station. "
)


def running_as_root() -> bool:
    """Root reads a chmod 0 file anyway, so permission tests cannot make it unreadable."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _png() -> bytes:
    """A real, tiny PNG image (1x1 pixel), built from its chunks."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
        + bytes(range(256)) * 8
    )


def _big_text(size: int, marker: str) -> bytes:
    para = (PARAGRAPH * 6).encode() + b"\n\n"
    head = f"A very long report {marker}\n\n".encode()
    count = max(1, (size - len(head)) // len(para))
    return head + para * count + f"The end of the report {marker}.\n".encode()


def _contents(big_bytes: int) -> dict[str, tuple[bytes, str]]:
    """file name -> (bytes, expectation) for the regular files."""
    png = _png()
    files: dict[str, tuple[bytes, str]] = {
        **_pages(png),  # written first, the oldest: the list shows the text files' rows first
        "empty.txt": (b"", LISTED),
        "whitespace_only.txt": (b"  \n\t\n\r\n   \n\n", LISTED),
        "title_only.txt": (b"Just a title zephyrtitle", LISTED),
        "no_title_line.txt": (
            (("nottitleword " + PARAGRAPH * 4).strip() + "\n\n" + PARAGRAPH).encode(),
            LISTED,
        ),
        "big_20mb.txt": (_big_text(big_bytes, "bigreportword"), LISTED),
        "one_long_line.txt": (
            (b"longlineword " + (PARAGRAPH.encode() * (LONG_LINE_BYTES // len(PARAGRAPH)))).rstrip()
            + b"\n",
            LISTED,
        ),
        "nul_bytes.txt": (
            b"Title nulword\n\n" + b"some text\x00\x00\x00 and more\x00" * 50,
            "unreadable: binary file (contains NUL bytes)",
        ),
        "image.txt": (png, "unreadable: binary file (PNG image)"),
        "invalid_utf8.txt": (
            b"Broken bytes invalidword\n\nStray \xff\xfe bytes \xc3\x28 and \xa0\xa1 "
            b"truncated \xe2\x82 sequences \xf0\x28\x8c\x28 everywhere.\n",
            LISTED,
        ),
        "cp1252.txt": (
            (
                "Smart quotes cpwordone\n\n\u201cQuoted\u201d \u2013 dash, \u20ac5, caf\u00e9.\n"
            ).encode("cp1252"),
            LISTED,
        ),
        "latin1.txt": (
            (
                "Latin one latinword\n\n"
                "Na\u00efve fa\u00e7ade, \u00bfqu\u00e9? \u00a9 \u00e6\u00f8\u00e5.\n"
            ).encode("latin-1"),
            LISTED,
        ),
        "utf16_bom.txt": (
            "\ufeffUTF sixteen bomword\n\nWide text \u00e9\u4e2d\u6587 here.\n".encode("utf-16-le"),
            LISTED,
        ),
        "utf16_no_bom.txt": (
            "UTF sixteen nobomword\n\nWide text without a mark.\n".encode("utf-16-le"),
            LISTED,
        ),
        "utf16be_no_bom.txt": (
            "UTF sixteen bigendword\n\nBig endian text without a mark.\n".encode("utf-16-be"),
            LISTED,
        ),
        "utf8_bom.txt": ("\ufeffUTF eight bomeightword\n\nText after a BOM.\n".encode(), LISTED),
        "crlf.txt": (b"Windows lines crlfword\r\n\r\nFirst paragraph.\r\n\r\nSecond.\r\n", LISTED),
        "lone_cr.txt": (b"Old Mac lines lonecrword\r\rFirst paragraph.\r\rSecond.\r", LISTED),
        "rich_markup.txt": (
            b"[bold]Markup[/] title [@click=app.quit]quit me[/] markupword\n\n"
            b"A [link=file:///etc/passwd]link to passwd[/link] and [/] a closing tag, "
            b"[bold red]styled[/bold red], [@click=app.bell]bell[/] and [b]bold[/b].\n\n"
            b"[/]\n",
            LISTED,
        ),
        "escapes.txt": (
            b"\x1b]0;PWNED-TITLE\x07\x1b[31mRed title escword\x1b[0m\n\n"
            b"Cursor \x1b[2J\x1b[H\x1b[10;10Hmoves and \x1b[1Abell\x07 here, "
            b"\x1b]2;PWNED-AGAIN\x1b\\ again, \x1b[?1049h alternate screen, \x1bc reset, "
            b"\x9b31m eight-bit CSI, \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\.\n",
            LISTED,
        ),
        "unicode.txt": (
            (
                "Wide \u4e2d\u6587\u6807\u9898 \U0001f600 unicodeword\n\n"
                "Combining: e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353\u0354\u0355\u0356 "
                "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 RTL \u05e2\u05d1\u05e8\u05d9\u05ea "
                "\u202eoverride\u202c \u2067isolate\u2069 CJK \u65e5\u672c\u8a9e\u306e\u6587\u7ae0 "
                "emoji \U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f1fa\U0001f1e6 "
                "\U0001f44d\U0001f3fd zero\u200bwidth.\n"
            ).encode(),
            LISTED,
        ),
        "name with spaces.txt": (b"Spaces in the name spaceword\n\nBody.\n", LISTED),
        "new\nline.txt": (b"Newline in the name newlineword\n\nBody.\n", LISTED),
        "esc\x1b[31m\x1b]0;NAME-PWNED\x07ape.txt": (
            b"Escape in the name escnameword\n\nBody.\n",
            LISTED,
        ),
        "[bold]markup[-] [@click=app.quit]name.md": (
            b"# Markup in the name mdnameword\n\nBody *here*.\n",
            LISTED,
        ),
        os.fsdecode(b"latin1-caf\xe9-\xff.txt"): (
            b"Bytes in the name bytenameword\n\nBody.\n",
            LISTED,
        ),
    }
    return files


# Past the depth a page is cut to (1,500); test_html_hostile has the 100,000 of issue 28.
NESTED_DIVS = 20_000


def _pages(png: bytes) -> dict[str, tuple[bytes, str]]:
    """Saved web pages that try to break the reader: escapes, nesting, lies about charset."""
    esc = "\x1b]0;PWNED-TITLE\x07\x1b[31m"
    return {
        "escapes.html": (
            (
                f"<html><head><title>{esc}Page title htmlescword</title>"
                f"<meta name='author' content='{esc}Ann\x1b[2J'></head><body><p>Red "
                f"{esc}text\x1b[0m and \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ "
                f"<a href='http://x.example/\x1b[2J'>a link{esc}</a>, <img alt='{esc}an image "
                "described'> &#27;[31m as an entity &#x9b;31m too.</p></body></html>"
            ).encode(),
            LISTED,
        ),
        "not_html.html": (png, "unreadable: binary file (PNG image)"),
        "text_only.html": (b"Not markup at all plainhtmlword\n\nJust words.\n", LISTED),
        "nested_divs.html": (
            b"<title>Nested nestedtitle</title>"
            + b"<div>" * NESTED_DIVS
            + b"<p>nestedword deep inside</p>"
            + b"</div>" * NESTED_DIVS,
            LISTED,
        ),
        "wrong_charset.html": (
            "<html><head><meta charset='windows-1252'><title>Caf\u00e9 charsetword</title></head>"
            "<body><p>Un caf\u00e9 cr\u00e8me, \u201cquoted\u201d \u2013 \u20ac5.</p></body>"
            "</html>".encode(),
            LISTED,
        ),
        "broken.htm": (
            b"<html><body><div><p>Broken brokenword <b>bold <i>both</b> markup</p></div></table>"
            b"</span><p>unclosed <a href='x'>link <td>cell <!-- comment never closed",
            LISTED,
        ),
    }


def build_hostile_corpus(folder: Path, *, big_bytes: int = 256 * 1024) -> dict[str, str]:
    """Write every hostile file into folder; return name -> "listed" or "unreadable: reason".

    big_bytes sizes the "20 MB" file: small by default for fast tests, FULL_BIG_BYTES for the
    one slow test that wants the real thing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = os.fsencode(folder)
    expected: dict[str, str] = {}
    for name, (data, expect) in _contents(big_bytes).items():
        with open(os.path.join(base, os.fsencode(name)), "wb") as fh:
            fh.write(data)
        expected[name] = expect
    # Symlinks: a loop between two names, a link to itself, a dangling link, a folder loop.
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    os.symlink("self_loop.txt", folder / "self_loop.txt")
    os.symlink("does-not-exist.txt", folder / "dangling.txt")
    os.symlink(".", folder / "loop_dir")  # a folder that contains itself: scanned once
    for name in ("loop_a.txt", "loop_b.txt", "self_loop.txt"):
        expected[name] = "unreadable: symlink loop"
    expected["dangling.txt"] = "unreadable: broken link (its target is missing)"
    # A file without read permission. Root reads it anyway: then it simply lists.
    locked = folder / "no_permission.txt"
    locked.write_bytes(b"Locked away permword\n\nSecret body.\n")
    locked.chmod(0)
    expected["no_permission.txt"] = LISTED if running_as_root() else "unreadable: permission denied"
    return expected


def readable(expected: dict[str, str]) -> list[str]:
    """The names expected to list as readable articles."""
    return sorted(name for name, what in expected.items() if what == LISTED)


# A distinctive word in each readable file, so a test can search for it and find that file.
WORDS: dict[str, str] = {
    "title_only.txt": "zephyrtitle",
    "no_title_line.txt": "nottitleword",
    "big_20mb.txt": "bigreportword",
    "one_long_line.txt": "longlineword",
    "invalid_utf8.txt": "invalidword",
    "cp1252.txt": "cpwordone",
    "latin1.txt": "latinword",
    "utf16_bom.txt": "bomword",
    "utf16_no_bom.txt": "nobomword",
    "utf16be_no_bom.txt": "bigendword",
    "utf8_bom.txt": "bomeightword",
    "crlf.txt": "crlfword",
    "lone_cr.txt": "lonecrword",
    "rich_markup.txt": "markupword",
    "escapes.txt": "escword",
    "unicode.txt": "unicodeword",
    "name with spaces.txt": "spaceword",
    "new\nline.txt": "newlineword",
    "esc\x1b[31m\x1b]0;NAME-PWNED\x07ape.txt": "escnameword",
    "[bold]markup[-] [@click=app.quit]name.md": "mdnameword",
    os.fsdecode(b"latin1-caf\xe9-\xff.txt"): "bytenameword",
    "no_permission.txt": "permword",
    "escapes.html": "htmlescword",
    "text_only.html": "plainhtmlword",
    "nested_divs.html": "nestedword",
    "wrong_charset.html": "charsetword",
    "broken.htm": "brokenword",
}
