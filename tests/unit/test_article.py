"""Unit tests for reader.core.article: decoding, cleaning, parsing, loading, summaries."""

from __future__ import annotations

import os
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.article import (
    Article,
    Block,
    is_markdown,
    load_article,
    parse_text,
    read_summary,
    reading_minutes,
)
from reader.core.debris import debris_patterns
from reader.core.decoding import UnreadableError, clean, decode_bytes
from tests.conftest import SHARED

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_8e15eb84c1c1c791.txt"
SEED_TITLE = "Biden authorized Ukraine to strike Russia with U.S.-supplied long-range missiles"
BIDI_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def bad_chars(text: str) -> list[str]:
    """Control characters (other than LF and TAB) and bidi overrides found in text."""
    return [
        c
        for c in text
        if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t") or c in BIDI_OVERRIDES
    ]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the seed article ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(SEED)


def test_reading_minutes() -> None:
    assert [reading_minutes(n) for n in (0, -3, 1, 230, 460, 2300)] == [0, 0, 1, 1, 2, 10]


def test_seed_title(seed: Article) -> None:
    assert seed.title == SEED_TITLE
    assert seed.error is None


def test_seed_paragraphs_in_order(seed: Article) -> None:
    paragraphs = seed.paragraphs
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("President Joe Biden has authorized Ukraine")
    assert paragraphs[1].startswith("The easing of longtime restrictions")
    assert paragraphs[2].startswith("The new authority applies to Army Tactical Missile Systems")
    assert paragraphs[3].startswith("But the change comes after Biden officials")
    assert paragraphs[4] == "The Pentagon and White House both declined to comment."
    assert paragraphs[5].startswith("In May, Biden secretly gave Ukraine")
    assert paragraphs[6].startswith("This marks a U.S. policy shift")
    assert paragraphs[7].startswith("The U.S. has provided $175 billion")
    assert paragraphs[8].startswith("On Sunday, Russia unleashed a barrage")


def test_seed_captions_in_place(seed: Article) -> None:
    assert seed.captions == (
        "Joe Biden. (Andrew Harnik / Getty Images)",
        "Joe Biden at the White House on Oct. 4.",
    )
    kinds = [b.kind for b in seed.blocks]
    assert kinds == ["paragraph"] * 3 + ["caption"] * 2 + ["paragraph"] * 6


def test_seed_source_and_no_trailer(seed: Article) -> None:
    assert seed.source == "NBCNews.com"
    everything = "\n".join(b.text for b in seed.blocks).lower()
    for debris in ("source link", "about the author", "scroll to top", "originally published"):
        assert debris not in everything


def test_seed_text_details(seed: Article) -> None:
    body = "\n".join(b.text for b in seed.blocks)
    assert "\u00a0" not in body
    assert "range and because Ukraine" in body  # the NBSP became a plain space
    assert "Biden’s time in office" in body  # typographic apostrophe kept
    assert "Ukraine — more than any other country —" in body
    assert seed.markdown is None


def test_seed_date_falls_back_to_mtime(seed: Article) -> None:
    assert seed.date_stated is False
    assert seed.date == datetime.fromtimestamp(SEED.stat().st_mtime)


def test_seed_counts(seed: Article) -> None:
    expected = sum(len(p.split()) for p in seed.paragraphs)
    assert seed.word_count == expected
    assert 250 < seed.word_count < 320
    assert seed.size == SEED.stat().st_size
    assert reading_minutes(seed.word_count) == 1
    assert seed.body_text == "\n\n".join(seed.paragraphs)


def test_seed_summary(seed: Article) -> None:
    st_ = SEED.stat()
    summary = read_summary(str(SEED), st_.st_size, st_.st_mtime)
    assert summary.title == SEED_TITLE
    assert summary.source == "NBCNews.com"
    assert summary.words == seed.word_count
    assert summary.date == st_.st_mtime
    assert summary.error is None


# --- decode_bytes --------------------------------------------------------------------------


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode_bytes("héllo ✓".encode()) == "héllo ✓"
    assert decode_bytes(b"\xef\xbb\xbf" + "héllo".encode()) == "héllo"
    assert decode_bytes(b"") == ""


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    text = "Title\r\n\r\nCafé ☕ 日本語 text."
    assert decode_bytes(bom + text.encode(codec)) == "Title\n\nCafé ☕ 日本語 text."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(codec: str) -> None:
    text = "A plain title\n\nSome ASCII body text, with an é.\n"
    assert decode_bytes(text.encode(codec)) == text


def test_decode_cp1252_smart_quotes_and_euro() -> None:
    data = b"\x93Quoted\x94 costs \x80 5 \x96 it\x92s fine"
    assert decode_bytes(data) == "“Quoted” costs € 5 – it’s fine"


def test_decode_latin1() -> None:
    assert decode_bytes("Café au lait, naïve".encode("latin-1")) == "Café au lait, naïve"


def test_decode_mostly_utf8_with_a_stray_legacy_byte() -> None:
    data = "Café ✓ ".encode() + b"\x93odd\x94"
    assert decode_bytes(data) == "Café ✓ “odd”"


def test_decode_invalid_utf8_never_raises() -> None:
    text = decode_bytes(b"abc \xc3\x28 \xa0\xa1 \xe2\x82 \xf0\x28\x8c\x28 end")
    assert text.startswith("abc ")
    assert text.endswith(" end")


def test_decode_line_ends() -> None:
    assert decode_bytes(b"a\r\nb\rc\n\rd") == "a\nb\nc\n\nd"


def test_decode_nul_bytes_is_binary() -> None:
    with pytest.raises(UnreadableError, match=r"binary file \(contains NUL bytes\)"):
        decode_bytes(b"hello\x00\x01\x02world" * 3 + b"\x00\x00\x00")


def test_decode_png_is_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    with pytest.raises(UnreadableError, match=r"binary file \(PNG image\)"):
        decode_bytes(png)


def test_decode_many_control_characters_is_binary() -> None:
    data = bytes(range(1, 7)) * 50 + b"some text"
    with pytest.raises(UnreadableError, match="binary file"):
        decode_bytes(data)


def test_decode_text_that_starts_like_a_gif_header_is_still_text() -> None:
    assert decode_bytes(b"GIF89a was a format.") == "GIF89a was a format."


def test_decode_ansi_coloured_text_is_not_binary() -> None:
    assert decode_bytes(b"\x1b[31mred\x1b[0m") == "\x1b[31mred\x1b[0m"


# --- clean --------------------------------------------------------------------------------


def test_clean_ansi_sequences_removed_entirely() -> None:
    assert clean("\x1b[31mred\x1b[0m") == "red"
    assert clean("a\x1b[2J\x1b[1;1Hb\x1b[?25lc") == "abc"  # erase, cursor move, hide cursor
    assert clean("x\x1b]0;evil title\x07y") == "xy"  # OSC title, BEL-terminated
    assert clean("x\x1b]2;evil\x1b\\y") == "xy"  # OSC title, ST-terminated
    assert clean("x\x1b]8;;http://e.com\x1b\\link\x1b]8;;\x1b\\y") == "xlinky"  # hyperlink
    assert clean("a\x1b7b\x1b(Bc\x1bcd") == "abcd"  # other ESC sequences
    assert clean("ding\x07 dong") == "ding dong"
    assert clean("\x9b31mx") == "x"  # 8-bit CSI


def test_clean_control_characters() -> None:
    raw = "a\x00b\x01c\x08d\x7fe\x80f\x9fg\th\ni"
    assert clean(raw) == "abcdefg\th\ni"
    assert clean("a\r\nb\rc") == "a\nb\nc"
    assert clean("page\fbreak") == "page\nbreak"


def test_clean_bidi_and_invisible_characters() -> None:
    assert clean("abc\u202edcb\u202c") == "abcdcb"
    assert clean("\u2066x\u2069") == "x"
    assert clean("\u200ertl\u200f") == "\u200ertl\u200f"  # LRM/RLM are kept
    assert clean("zero\u200bwidth\ufeff") == "zerowidth"
    assert clean("emoji 👩\u200d💻") == "emoji 👩\u200d💻"  # ZWJ is part of the emoji


def test_clean_nbsp_and_unicode_preserved() -> None:
    assert clean("a\u00a0b") == "a b"
    text = "e\u0301 שָׁלוֹם مرحبا 中文 👍🏽"
    assert clean(text) == text


def test_clean_leaves_rich_markup_literal() -> None:
    assert clean("[bold]x[/] [@click=app.quit]y[/]") == "[bold]x[/] [@click=app.quit]y[/]"


def test_clean_removes_lone_surrogates() -> None:
    assert clean("a\udc80b\ud800") == "ab"


# --- parse_text ---------------------------------------------------------------------------


def test_parse_reflows_paragraphs() -> None:
    article = parse_text("Title\n\nline one\nline   two\n\n\n\nnext\tparagraph  here\n")
    assert article.title == "Title"
    assert article.paragraphs == ("line one line two", "next paragraph here")
    assert article.word_count == 7


def test_parse_empty_and_whitespace_only() -> None:
    for text in ("", "   \n\n\t \n"):
        article = parse_text(text, path=Path("/x/my-notes.txt"))
        assert article.title == "my-notes"
        assert article.blocks == ()
        assert article.word_count == 0
    assert parse_text("").title == "Untitled"


def test_parse_title_only() -> None:
    article = parse_text("  Just a title  \n")
    assert article.title == "Just a title"
    assert article.blocks == ()
    assert article.word_count == 0


def test_parse_leading_blank_lines() -> None:
    article = parse_text("\n\n   \nThe title\n\nBody text.")
    assert article.title == "The title"
    assert article.paragraphs == ("Body text.",)


def test_parse_crlf_and_cr() -> None:
    for sep in ("\r\n", "\r"):
        article = parse_text(sep.join(["Title", "", "one", "two", "", "three"]))
        assert article.title == "Title"
        assert article.paragraphs == ("one two", "three")


def test_parse_rich_markup_kept_literally() -> None:
    article = parse_text("[bold]Title[/]\n\nClick [@click=app.quit]here[/] now.")
    assert article.title == "[bold]Title[/]"
    assert article.paragraphs == ("Click [@click=app.quit]here[/] now.",)


def test_parse_escape_sequences_removed() -> None:
    text = "\x1b]0;pwned\x07Ti\x1b[1mtle\x1b[0m\n\nBo\x1b[2Jdy\x07 te\x1b[10;1Hxt"
    article = parse_text(text)
    assert article.title == "Title"
    assert article.paragraphs == ("Body text",)


def test_parse_unicode_preserved() -> None:
    text = "日本語のタイトル 🎉\n\nשלום עולם \u200fمرحبا\n\nCafe\u0301 👩\u200d👩\u200d👧"
    article = parse_text(text)
    assert article.title == "日本語のタイトル 🎉"
    assert article.paragraphs == ("שלום עולם \u200fمرحبا", "Cafe\u0301 👩\u200d👩\u200d👧")


@pytest.mark.parametrize(
    "line",
    [
        "Source link",
        "About The Author",
        "Scroll to Top",
        "Back to top ↑",
        "Share this article",
        "Sign up for our newsletter",
        "Subscribe to the Morning Brief newsletter!",
        "Click here to subscribe.",
        "Advertisement",
        "Related: Ukraine strikes deep into Russia",
        "Follow us on Twitter and Facebook",
        "© 2024 NBC Universal",
        "Copyright 2023 The Associated Press. All rights reserved.",
        "NBC Universal. All rights reserved.",
        "Read more",
        "Read more: How ATACMS work",
        "Photo",
        "Tags: Ukraine, Russia",
    ],
)
def test_debris_line_removed(line: str) -> None:
    article = parse_text(f"Title\n\nFirst paragraph here.\n\n{line}\n\nLast paragraph here.")
    assert article.paragraphs == ("First paragraph here.", "Last paragraph here.")
    assert article.captions == ()


@pytest.mark.parametrize(
    "paragraph",
    [
        "The source of the leak, according to about the author of the memo, was never named.",
        "About the author: she has covered the war since 2014 and lives in Kyiv with her family.",
        "Read more books, the campaign urged, and fewer headlines.",
        "Source link rot is a problem for archivists who study the web, experts said this week.",
        "Officials said the missiles came via Poland, which declined to comment on the shipment.",
        "The band's new album, titled All Rights Reserved, is out Friday.",
        "Click here, he said, was the worst advice he ever got.",
    ],
)
def test_real_paragraph_mentioning_debris_words_stays(paragraph: str) -> None:
    article = parse_text(f"Title\n\n{paragraph}\n\nSource link")
    assert article.paragraphs == (paragraph,)
    assert article.source is None


def test_debris_patterns_are_compiled_data() -> None:
    assert len(debris_patterns()) >= 10
    assert all(hasattr(p, "fullmatch") for p in debris_patterns())


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("This article was originally published on NBCNews.com", "NBCNews.com"),
        ("Originally published at The Conversation.", "The Conversation"),
        ("Originally published in The Atlantic", "The Atlantic"),
        ("This story first appeared on ProPublica.", "ProPublica"),
        ("Source: Reuters", "Reuters"),
        ("via Associated Press", "Associated Press"),
    ],
)
def test_source_line(line: str, source: str) -> None:
    article = parse_text(f"Title\n\nA paragraph of the article.\n\n{line}\n\nScroll to Top")
    assert article.source == source
    assert article.paragraphs == ("A paragraph of the article.",)


@pytest.mark.parametrize(
    "caption",
    [
        "Joe Biden. (Andrew Harnik / Getty Images)",
        "Rescue workers in Kyiv. (AP Photo/Efrem Lukatsky)",
        "Smoke over the city (Reuters)",
        "The launch site. Photo by Jane Doe",
        "The launch pad at dawn. Image: NASA",
        "A crowd outside the court. Credit: John Smith",
        "Kherson, Ukraine / Getty Images",
    ],
)
def test_credit_caption(caption: str) -> None:
    # Neighbours longer than 15 words: a shorter one beside a credit would count as a caption.
    body = "A long enough first paragraph of ordinary prose, which is plainly not a caption at all."
    after = (
        "Another ordinary paragraph follows the photo, and it is long enough to read as prose here."
    )
    article = parse_text(f"Title\n\n{body}\n\n{caption}\n\n{after}")
    assert article.captions == (caption,)
    assert article.paragraphs == (body, after)


def test_short_fragment_next_to_credit_is_caption_but_not_further() -> None:
    text = (
        "Title\n\nPhoto one. (Jane Doe / Reuters)\n\nMourners in Kyiv on Oct. 4.\n\n"
        "The ministry did not respond.\n\nThe end."
    )
    article = parse_text(text)
    assert article.captions == ("Photo one. (Jane Doe / Reuters)", "Mourners in Kyiv on Oct. 4.")
    assert article.paragraphs == ("The ministry did not respond.", "The end.")


def test_long_paragraph_with_credit_is_not_caption() -> None:
    long = " ".join(["word"] * 40) + " (Jane Doe / Reuters)"
    assert parse_text(f"T\n\n{long}").captions == ()


def test_parenthesis_without_credit_is_not_caption() -> None:
    article = parse_text("T\n\nThe bill passed (narrowly).\n\nOne may say yes (and/or no).")
    assert article.captions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n\nPublished November 17, 2024\n\nBody.", datetime(2024, 11, 17)),
        ("Title\n\nUpdated: Nov. 17, 2024, 3:05 PM EST\n\nBody.", datetime(2024, 11, 17)),
        ("Title\n\n17 November 2024\n\nBody.", datetime(2024, 11, 17)),
        ("Title\n\n2024-11-17\n\nBody.", datetime(2024, 11, 17)),
        ("Title\n\nBody.\n\nPosted on Sept. 3rd, 2023\n\nSource link", datetime(2023, 9, 3)),
    ],
)
def test_stated_dateline(text: str, expected: datetime) -> None:
    article = parse_text(text, mtime=0.0)
    assert article.date == expected
    assert article.date_stated is True
    assert article.paragraphs == ("Body.",)


def test_date_in_first_paragraph_dateline_kept_as_text() -> None:
    text = "Title\n\nKYIV, Nov. 17, 2024 — Ukraine said on Sunday that it was ready.\n\nMore."
    article = parse_text(text)
    assert article.date == datetime(2024, 11, 17)
    assert article.date_stated
    assert article.paragraphs[0].startswith("KYIV, Nov. 17, 2024")


def test_month_day_without_year_is_not_a_date() -> None:
    article = parse_text("Title\n\nJoe Biden at the White House on Oct. 4.\n\nBody.", mtime=0.0)
    assert article.date_stated is False
    assert article.date == datetime.fromtimestamp(0.0)


def test_date_deep_in_a_paragraph_is_not_the_publication_date() -> None:
    filler = "Officials spoke at length about the matter and its history. " * 3
    text = f"Title\n\n{filler}The war began on February 24, 2022.\n\nBody."
    article = parse_text(text)
    assert article.date is None
    assert article.date_stated is False


def test_invalid_date_is_ignored() -> None:
    assert parse_text("Title\n\n2024-13-45\n\nBody.").date is None


def test_no_date_no_mtime() -> None:
    article = parse_text("Title\n\nBody.")
    assert article.date is None
    assert article.date_stated is False


def test_huge_single_line_parses() -> None:
    # 2 MB on one line: a pattern quadratic in the line's length would take hours here.
    line = ("lorem ipsum dolor sit amet " * 80_000)[:2_000_000]
    article = parse_text(line)
    assert article.title.startswith("lorem ipsum")
    assert article.title.endswith("…")
    assert len(article.title) <= 81
    assert len(article.paragraphs) == 1
    assert article.word_count == len(line.split())


def test_markdown_article() -> None:
    text = (
        "# The *Trojan Source* attack\n\n"
        "Some **bold** and _emphasis_ with a [link](https://example.com) and `code`.\n"
        "Second line of the paragraph, snake_case kept.\n\n"
        "## A section\n\n"
        "![A diagram of the attack](diagram.png)\n\n"
        "```python\nx = 1\n\ny = 2\n```\n\n"
        "- item one\n- item two\n\n"
        "> quoted text\n\n"
        "Source link\n\n"
        "Originally published on [Example News](https://example.com).\n"
    )
    article = parse_text(text, markdown=True)
    assert article.title == "The Trojan Source attack"
    assert [(b.kind, b.level, b.text) for b in article.blocks] == [
        (
            "paragraph",
            0,
            "Some bold and emphasis with a link and code. Second line of the paragraph, "
            "snake_case kept.",
        ),
        ("heading", 2, "A section"),
        ("caption", 0, "A diagram of the attack"),
        ("code", 0, "x = 1\n\ny = 2"),
        ("paragraph", 0, "item one item two"),
        ("paragraph", 0, "quoted text"),
    ]
    assert article.source == "Example News"
    assert article.markdown is not None
    assert article.markdown.startswith("Some **bold** and _emphasis_")
    assert "```python\nx = 1\n\ny = 2\n```" in article.markdown
    assert "Source link" not in article.markdown
    assert "Originally published" not in article.markdown
    assert "## A section" in article.markdown


def test_markdown_setext_title() -> None:
    article = parse_text("The title\n=========\n\nBody.", markdown=True)
    assert article.title == "The title"
    assert article.paragraphs == ("Body.",)
    assert parse_text("#\n\nBody.", markdown=True, path=Path("note.md")).title == "note"


def test_is_markdown() -> None:
    assert is_markdown(Path("a.md"))
    assert is_markdown("b.MARKDOWN")
    assert not is_markdown(Path("a.txt"))


# --- load_article --------------------------------------------------------------------------


def test_load_missing_file(tmp_path: Path) -> None:
    article = load_article(tmp_path / "gone.txt")
    assert article.error == "file not found"
    assert article.title == "gone.txt"
    assert article.blocks == ()


def test_load_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    article = load_article(folder)
    assert article.error == "is a directory"
    assert article.title == "folder.txt"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_load_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"Title\n\nBody")
    path.chmod(0)
    try:
        article = load_article(path)
    finally:
        path.chmod(0o600)
    assert article.error == "permission denied"
    assert article.title == "secret.txt"


def test_load_fifo_is_refused(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert load_article(fifo).error == "not a regular file"


def test_load_png_renamed_txt(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    article = load_article(path)
    assert article.error == "binary file (PNG image)"
    assert article.title == "photo.txt"
    assert article.blocks == ()


def test_load_nul_bytes(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "nul.txt", b"abc\x00\x00\x00\x01def"))
    assert article.error == "binary file (contains NUL bytes)"


def test_load_control_characters_in_file_name(tmp_path: Path) -> None:
    article = load_article(tmp_path / "bad\x1b]0;x\x07name.txt")
    assert article.error == "file not found"
    assert bad_chars(article.title) == []


@pytest.mark.parametrize(
    "data",
    [
        "Título\r\n\r\nCafé com pão.\r\n".encode("cp1252"),
        b"\xef\xbb\xbfT\xc3\xadtulo\r\n\r\nCaf\xc3\xa9 com p\xc3\xa3o.\r\n",
        b"\xff\xfe" + "Título\r\n\r\nCafé com pão.\r\n".encode("utf-16-le"),
        b"\xfe\xff" + "Título\r\n\r\nCafé com pão.\r\n".encode("utf-16-be"),
        "Título\r\n\r\nCafé com pão.\r\n".encode("utf-16-le"),
        "Título\r\r\rCafé com pão.\r".encode("latin-1"),
    ],
)
def test_load_encodings(tmp_path: Path, data: bytes) -> None:
    article = load_article(write(tmp_path, "enc.txt", data))
    assert article.error is None
    assert article.title == "Título"
    assert article.paragraphs == ("Café com pão.",)
    assert article.size == len(data)


def test_load_cp1252_quotes(tmp_path: Path) -> None:
    data = b"Prices\r\n\r\nHe said \x93it costs \x80 5\x94.\r\n"
    article = load_article(write(tmp_path, "quotes.txt", data))
    assert article.paragraphs == ("He said “it costs € 5”.",)


def test_load_markdown_by_suffix(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "note.md", b"# Heading\n\nSome **text**.\n"))
    assert article.title == "Heading"
    assert article.paragraphs == ("Some text.",)
    assert article.markdown == "Some **text**."


def test_load_sets_mtime_date(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Title\n\nBody.")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    article = load_article(path)
    assert article.date == datetime.fromtimestamp(1_700_000_000)
    assert article.date_stated is False


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600))
def test_load_any_bytes_never_raises_nor_leaks_controls(tmp_path: Path, data: bytes) -> None:
    for name in ("any.txt", "any.md"):
        article = load_article(write(tmp_path, name, data))
        assert isinstance(article, Article)
        assert article.title
        assert bad_chars(article.title) == []
        for block in article.blocks:
            assert isinstance(block, Block)
            assert bad_chars(block.text) == []
            assert "\n" not in block.text or block.kind in ("code", "list")
        assert bad_chars(article.source or "") == []
        assert bad_chars(article.markdown or "") == []
        if article.error is not None:
            assert article.blocks == ()


@given(text=st.text(max_size=300))
def test_clean_is_idempotent_and_safe(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert bad_chars(once) == []


# --- read_summary --------------------------------------------------------------------------


def test_summary_small_file(tmp_path: Path) -> None:
    path = write(tmp_path, "s.txt", b"Small title\n\nPublished 2024-11-17\n\none two three\n")
    st_ = path.stat()
    summary = read_summary(str(path), st_.st_size, st_.st_mtime)
    assert summary.title == "Small title"
    assert summary.words == 3
    assert summary.date == datetime(2024, 11, 17).timestamp()
    assert summary.size == st_.st_size
    assert summary.mtime == st_.st_mtime
    assert summary.error is None


def test_summary_big_file(tmp_path: Path) -> None:
    middle = ("Paragraph of filler text that goes on. " * 20 + "\n\n") * 200
    text = (
        "Big article title\n\nUpdated: Nov. 17, 2024\n\n"
        + middle
        + "Last words. \u00e9\n\nThis article was originally published on Example.org\n\n"
        + "Source link"
    )
    data = text.encode()
    path = write(tmp_path, "big.txt", data)
    assert len(data) > 64 * 1024
    summary = read_summary(str(path), len(data), 123.0)
    assert summary.title == "Big article title"
    assert summary.source == "Example.org"
    assert summary.date == datetime(2024, 11, 17).timestamp()
    assert summary.words == load_article(path).word_count
    assert summary.error is None


def _indented_report(paragraphs: int) -> str:
    """A PEP-like text: prose, and code indented deep (many bytes, few words)."""
    prose = "Words of an ordinary paragraph, some of them long-winded. " * 6
    code = "\n".join(f"{' ' * 16}x{n} = compute({n})" for n in range(12))
    return "Report\n\n" + "".join(f"{prose}\n\n{code}\n\n" for _ in range(paragraphs))


@pytest.mark.parametrize("paragraphs", [5, 150, 400])  # 4 KB, 110 KB, 300 KB
def test_summary_counts_words_as_the_article_does_at_any_size(
    tmp_path: Path, paragraphs: int
) -> None:
    # One word-count rule: the list's number is the article's, a big file's too (PEP 817 showed
    # 20,243 words in the list, from its bytes, and 15,845 in the article).
    path = write(tmp_path, "report.txt", _indented_report(paragraphs).encode())
    st_ = path.stat()
    article = load_article(path)
    assert read_summary(str(path), st_.st_size, st_.st_mtime).words == article.word_count
    assert article.word_count == sum(len(b.text.split()) for b in article.blocks)


def test_longest_first_sorts_by_the_words_shown(tmp_path: Path) -> None:
    from reader.core.ordering import sort_summaries

    sparse = write(tmp_path, "sparse.txt", _indented_report(150).encode())  # 110 KB
    dense = write(tmp_path, "dense.txt", ("Dense\n\n" + "a bb cc " * 11_000).encode())  # 88 KB
    summaries = [read_summary(str(p), p.stat().st_size, 1.0) for p in (sparse, dense)]
    longest = sort_summaries(summaries, "length")
    assert [s.path for s in longest] == [str(dense), str(sparse)]
    assert [s.words for s in longest] == [
        load_article(dense).word_count,
        load_article(sparse).word_count,
    ]


def test_summary_big_utf16_file(tmp_path: Path) -> None:
    text = "Wide title\n\n" + "Some words here. " * 5000 + "\n\nSource: Example Wire"
    data = b"\xff\xfe" + text.encode("utf-16-le")
    path = write(tmp_path, "wide.txt", data)
    summary = read_summary(str(path), len(data), 5.0)
    assert summary.title == "Wide title"
    assert summary.source == "Example Wire"
    assert summary.date == 5.0


def test_summary_unreadable(tmp_path: Path) -> None:
    summary = read_summary(str(tmp_path / "missing.txt"), 10, 7.0)
    assert summary.error == "file not found"
    assert summary.title == "missing.txt"
    assert summary.date == 7.0
    path = write(tmp_path, "bin.txt", b"\x00" * 100_000)
    summary = read_summary(str(path), 100_000, 7.0)
    assert summary.error == "binary file (contains NUL bytes)"
    assert summary.title == "bin.txt"


def test_summary_file_shrank_since_scan(tmp_path: Path) -> None:
    path = write(tmp_path, "shrunk.txt", b"Now short\n\nbody")
    summary = read_summary(str(path), 10_000_000, 1.0)
    assert summary.error is None
    assert summary.title == "Now short"


# --- dates stated in the header --------------------------------------------------------


def test_header_date_wins_over_a_date_in_the_body() -> None:
    # PEP 398 showed 2017-09-29, from "As of 2017-09-29, ..." in its body, not its Created.
    text = (
        "PEP 398 – Python 3.3 Release Schedule\n\n"
        "PEP: 398\nAuthor: Georg Brandl <georg@python.org>\nStatus: Final\n"
        "Created: 23-Mar-2011\nPython-Version: 3.3\n\n"
        "Abstract\n========\n\nThis document describes the schedule.\n\n"
        "As of 2017-09-29, Python 3.3.x reached end-of-life status.\n"
    )
    article = parse_text(text, mtime=0.0)
    assert article.date == datetime(2011, 3, 23)
    assert article.date_stated is True
    assert ("Created", "23-Mar-2011") not in article.header  # shown in the metadata line


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Date: 2024-11-17\nAuthor: Jane Roe", datetime(2024, 11, 17)),
        ("Last-Modified: 2020-01-02\nCreated: 5-Jan-2019", datetime(2019, 1, 5)),
        ("Updated: Nov. 18, 2024\nPublished: November 17, 2024", datetime(2024, 11, 17)),
        ("Last-Modified: 2020-01-02\nStatus: Draft", datetime(2020, 1, 2)),
    ],
)
def test_header_date_fields(header: str, expected: datetime) -> None:
    article = parse_text(f"Title\n\n{header}\n\nBody.", mtime=0.0)
    assert article.date == expected
    assert article.date_stated


def test_header_date_in_markdown_front_matter() -> None:
    text = "---\ntitle: A note\ndate: 2023-09-03\n---\n\nBody.\n"
    article = parse_text(text, markdown=True, mtime=0.0)
    assert article.date == datetime(2023, 9, 3)


def test_published_dateline_wins_over_updated() -> None:
    text = "Title\n\nUpdated Nov. 18, 2024 7:45 PM EST\n\nPublished November 17, 2024\n\nBody."
    assert parse_text(text, mtime=0.0).date == datetime(2024, 11, 17)


def test_an_unlabelled_date_late_in_the_body_is_not_the_date() -> None:
    text = "Title\n\nFirst.\n\nSecond.\n\n2017-09-29: the release reached its end of life."
    article = parse_text(text, mtime=0.0)
    assert article.date_stated is False
    assert article.date == datetime.fromtimestamp(0.0)


def test_summary_date_is_the_header_date(tmp_path: Path) -> None:
    path = write(tmp_path, "pep.txt", b"PEP 1\n\nPEP: 1\nCreated: 13-Jun-2000\n\nBody.\n")
    st_ = path.stat()
    assert (
        read_summary(str(path), st_.st_size, st_.st_mtime).date == datetime(2000, 6, 13).timestamp()
    )


def test_pep_398_shows_its_created_date() -> None:
    path = SHARED / "corpora" / "peps" / "pep-0398.txt"
    if not path.exists():
        pytest.skip("the shared PEP corpus is not here")
    article = load_article(path)
    assert article.date == datetime(2011, 3, 23)
