"""Every pattern that sees article text runs in linear time. No clock here: each input is sized
so that a pattern scanning ahead from every position (quadratic) would take minutes to hours,
so a regression shows as a suite that stalls on it, never as a flaky timing."""

from __future__ import annotations

from pathlib import Path

from reader.core.article import load_article, parse_text
from reader.core.decoding import clean


def test_a_run_of_c1_introducers_is_cleaned_once() -> None:
    # 500,000 U+009D (OSC) with no terminator: scanning 4 KB ahead of each took 43 s.
    assert clean("\x9d" * 500_000 + "after") == "after"
    assert clean("\x1b]" * 200_000 + "after") == "after"


def test_an_article_of_c1_bytes_loads(tmp_path: Path) -> None:
    path = tmp_path / "c1.txt"
    path.write_text("Control\n\n" + "\x9d" * 500_000 + " word\n", encoding="utf-8")
    article = load_article(path)  # so many controls read as binary: listed as unreadable
    assert article.title in ("Control", "c1.txt")
    assert "\x9d" not in article.title + article.body_text


def test_a_line_of_open_brackets_parses() -> None:
    # 100,000 "[" after a "]": the link pattern scanned from each to the line's end.
    text = (
        "# Brackets\n\n]" + "[" * 100_000 + "\n\n" + "](" * 50_000 + "\n\n" + "![" * 50_000 + "\n"
    )
    article = parse_text(text, markdown=True)
    assert article.title == "Brackets"
    link = parse_text(
        "# L\n\nSee [the docs](https://example.org/a_(b)) and ![a cat](c.png).\n", markdown=True
    )
    assert "the docs" in link.body_text and "https" not in link.body_text
