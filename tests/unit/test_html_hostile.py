"""Hostile saved pages (issue 28): each is read (in bounded work, no timing asserted), shown
as well as it can be or named unreadable, and nothing it holds reaches a terminal as an
escape. The pages are made here; tests/hostile.py has smaller ones that go through the whole
app (list, index, search, reading view)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from reader.core.article import load_article, quick_summary
from reader.core.files import MAX_FILE_BYTES
from reader.core.html import MAX_MARKUP, extract
from reader.core.html.tree import KEPT_NESTING, MAX_ELEMENTS, bound_nesting
from reader.core.showing import as_text, record

PROSE = "The harbour committee met on Tuesday evening and agreed to rebuild the old pier. " * 3


def controls(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cs") and c != "\n"]


def test_a_50_mb_inline_image_is_read_past(tmp_path: Path) -> None:
    image = b"data:image/png;base64," + b"A" * 50_000_000
    path = tmp_path / "big.html"
    path.write_bytes(
        b"<title>Pier</title><p>" + PROSE.encode() + b"</p><img src='" + image + b"' alt="
        b"'the old pier'><p>afterword " + PROSE.encode() + b"</p>"
    )
    assert path.stat().st_size <= MAX_FILE_BYTES
    article = load_article(path)
    assert article.error is None
    text = str(record(article)["text"])
    assert "afterword" in text and "AAAA" not in text and "the old pier" in text


def test_a_page_of_more_than_is_read_says_so(tmp_path: Path) -> None:
    paragraph = b"<p>word, another word here</p>"
    many = tmp_path / "many.html"
    many.write_bytes(b"<title>Many</title>" + paragraph * (MAX_ELEMENTS + 10))
    article = load_article(many)
    assert article.cut == f"its first {MAX_ELEMENTS:,} elements"
    assert len(article.blocks) == MAX_ELEMENTS
    long = tmp_path / "long.html"
    long.write_bytes(b"<title>Long</title><pre>" + b"word " * (MAX_MARKUP // 5 + 10) + b"</pre>")
    article = load_article(long)
    assert article.cut == f"its first {MAX_MARKUP:,} characters of markup"
    assert len(article.blocks[0].text) < MAX_MARKUP


def test_a_page_over_the_size_limit_is_named_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with open(path, "wb") as out:
        out.write(b"<p>" + b"x" * (MAX_FILE_BYTES + 10))
    assert (load_article(path).error or "").startswith("file too large")


def test_a_million_entities(tmp_path: Path) -> None:
    path = tmp_path / "amp.html"
    path.write_bytes(b"<title>Amps</title><p>" + b"&amp;" * 1_000_000 + b" ampword</p>")
    article = load_article(path)
    assert article.error is None
    assert article.blocks[0].text == "&" * 1_000_000 + " ampword"


def test_100000_nested_divs_keep_their_text() -> None:
    deep = "<div>" * 100_000 + "<p>deepword</p>" + "</div>" * 100_000
    bounded = bound_nesting(deep)
    assert bounded.count("<div>") == KEPT_NESTING == bounded.count("</div>")
    page = extract(f"<title>Deep</title><p>{PROSE}</p>{deep}<p>lastword</p>".encode())
    text = " ".join(t for _, t, _ in page.blocks)
    assert "deepword" in text and "lastword" in text
    shallow = "<div><p>" + PROSE + "</p></div>" * 3
    assert bound_nesting(shallow) is shallow  # an ordinary page is not rewritten


def test_a_declared_charset_that_is_wrong(tmp_path: Path) -> None:
    body = "<p>Un caf\u00e9 cr\u00e8me, \u201cquoted\u201d \u2013 \u20ac5.</p>"
    utf8 = tmp_path / "utf8.html"
    utf8.write_bytes(f"<meta charset='iso-8859-1'><title>x</title>{body}".encode())
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes(f"<meta charset='utf-8'><title>x</title>{body}".encode("cp1252"))
    declared = tmp_path / "declared.html"
    declared.write_bytes(
        "<meta charset='koi8-r'><title>x</title><p>Привет, мир</p>".encode("koi8-r")
    )
    expected = "Un caf\u00e9 cr\u00e8me, \u201cquoted\u201d \u2013 \u20ac5."
    assert load_article(utf8).blocks[0].text == expected
    assert load_article(legacy).blocks[0].text == expected
    assert load_article(declared).blocks[0].text == "Привет, мир"


def test_broken_markup_is_shown_as_a_browser_would(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(
        b"<html><body><div><p>Broken <b>bold <i>both</b> markup</p></div></table></span>"
        b"<p>unclosed <a href='x'>link <td>cell <!-- a comment never closed"
    )
    article = load_article(path)
    assert [b.text for b in article.blocks[:2]] == ["Broken bold both markup", "unclosed link cell"]


def test_an_html_file_that_is_not_html(tmp_path: Path) -> None:
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert load_article(binary).error == "binary file (PNG image)"
    text = tmp_path / "notes.htm"
    text.write_bytes(b"Just some notes\n\nwritten as plain text, 3 < 4 & 5 > 2.\n")
    article = load_article(text)
    assert article.error is None and article.title == "notes"
    assert article.blocks[0].text == "Just some notes written as plain text, 3 < 4 & 5 > 2."
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert (load_article(empty).error, load_article(empty).blocks) == (None, ())


def test_no_escape_reaches_the_terminal(tmp_path: Path) -> None:
    esc = "\x1b]0;PWNED\x07\x1b[31m"
    path = tmp_path / "esc.html"
    path.write_bytes(
        (
            f"<html><head><title>{esc}Title &#27;[2J</title><meta name='author' content='{esc}Ann'>"
            f"<meta property='og:site_name' content='Site&#x9b;31m'>"
            f"<link rel='canonical' href='https://x.example/{esc}'></head><body><p>Red {esc}"
            f"text &#27;]0;PWNED&#7; <a href='https://x.example/a{esc}'>a link{esc}</a> and "
            f"<img alt='{esc}described image'> {PROSE}</p><pre>\x1b[2Jcode&#27;c</pre></body>"
        ).encode()
    )
    article = load_article(path)
    shown = record(article)
    strings = [article.title, article.byline or "", article.source or "", as_text(shown)]
    strings += [v for _, v in article.header] + [b.text for b in article.blocks]
    for text in strings:
        assert controls(text) == [], text
        assert "PWNED" not in text
    stat = path.stat()
    assert controls(quick_summary(str(path), stat.st_size, stat.st_mtime).title) == []
