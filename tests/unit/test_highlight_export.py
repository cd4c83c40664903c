"""Highlights taken elsewhere: `reader highlights` as Markdown grouped by article (markup in
a quote or a note escaped) and as JSON; a highlight its article no longer holds is listed as
such, never dropped; one placed again after the file was edited above it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.anchoring import article_text, make_anchor
from reader.core.article import load_article
from reader.core.highlight_export import NOT_PLACED, escape
from reader.core.highlights import Highlights
from reader.core.state import state_file
from reader.core.tag_names import HIGHLIGHTED, normalize_tag
from reader.search.parsed import parse_query

BODY = (
    "Bridges\n\nThe bridge was built in 1931. It carried *trains* [until] the war.\n\n"
    "Nobody remembers it now.\n"
)


def highlight(root: Path, name: str, quote: str, note: str = "") -> None:
    """Highlight the quote in the article as the app does, in root's reading state."""
    article = load_article(root / name)
    text = article_text(article)
    start = text.index(quote)
    with Highlights(state_file(Path(os.path.abspath(root)))) as store:
        store.add(str(root / name), make_anchor(text, start, start + len(quote)), note)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "bridges.txt").write_text(BODY)
    (root / "other.txt").write_text("Other\n\nNothing kept here.\n")
    return root


def test_markdown_is_grouped_by_article_with_quotes_and_notes(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highlight(corpus, "bridges.txt", "Nobody remembers it now.", "sad, *really*")
    highlight(corpus, "bridges.txt", "It carried *trains* [until] the war.")
    assert main(["highlights", str(corpus)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "# Highlights"
    assert "## Bridges" in lines
    about = lines[lines.index("## Bridges") + 2]
    assert about.endswith(escape(str(corpus / "bridges.txt")))
    # in the order they stand in the article, each passage a quote, its note under it
    first = lines.index("> It carried \\*trains\\* \\[until\\] the war.")
    second = lines.index("> Nobody remembers it now.")
    assert first < second
    assert lines[second + 2] == "sad, \\*really\\*"
    assert "other.txt" not in out


def test_json_lists_each_article_and_its_highlights(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highlight(corpus, "bridges.txt", "The bridge was built in 1931.", "when")
    assert main(["highlights", str(corpus), "--json"]) == 0
    (group,) = json.loads(capsys.readouterr().out)
    assert group["title"] == "Bridges" and group["path"] == str(corpus / "bridges.txt")
    (item,) = group["highlights"]
    assert item["quote"] == "The bridge was built in 1931." and item["note"] == "when"
    assert item["placed"] is True


def test_an_edit_above_the_passage_keeps_it_placed(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highlight(corpus, "bridges.txt", "Nobody remembers it now.")
    (corpus / "bridges.txt").write_text(BODY.replace("Bridges\n\n", "Bridges\n\nA new start.\n\n"))
    assert main(["highlights", str(corpus), "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)[0]["highlights"]
    assert item["placed"] is True and item["quote"] == "Nobody remembers it now."


def test_a_passage_gone_from_its_article_is_listed_as_such(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highlight(corpus, "bridges.txt", "Nobody remembers it now.", "kept")
    (corpus / "bridges.txt").write_text("Bridges\n\nAll rewritten.\n")
    assert main(["highlights", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "> Nobody remembers it now." in out and NOT_PLACED in out and "kept" in out


def test_the_highlights_of_one_article_inside_a_folder(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highlight(corpus, "bridges.txt", "Nobody remembers it now.")
    highlight(corpus, "other.txt", "Nothing kept here.")
    assert main(["highlights", str(corpus / "other.txt")]) == 0
    out = capsys.readouterr().out
    assert "Nothing kept here." in out and "Bridges" not in out


def test_no_highlights_says_so_on_stderr(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["highlights", str(corpus)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "No highlights" in captured.err


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a *b* _c_ `d`", "a \\*b\\* \\_c\\_ \\`d\\`"),
        ("[link](http://x) <b>", "\\[link\\](http://x) \\<b\\>"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("esc\x1b[31mred", "escred"),
        ("a & b | c", "a \\& b \\| c"),
    ],
)
def test_markdown_reads_the_quoted_text_as_text(text: str, escaped: str) -> None:
    assert escape(text) == escaped


# -- has:highlights ---------------------------------------------------------------------------


def test_has_highlights_is_read_as_a_tag_no_article_can_be_given() -> None:
    query = parse_query("bridge has:highlights -tag:old")
    assert query.include == (HIGHLIGHTED,) and query.exclude == ("old",)
    assert query.inner.words == "bridge"
    assert query.describe() == "not tagged old, with highlights"
    assert parse_query("-has:Highlights").describe() == "without highlights"
    assert parse_query("has:nothing").include == ()  # not a word reader knows: searched as one
    assert normalize_tag(HIGHLIGHTED) != HIGHLIGHTED


def test_reader_search_keeps_to_the_articles_with_highlights(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    highlight(corpus, "bridges.txt", "Nobody remembers it now.")
    assert main(["search", "has:highlights", "-C", str(corpus), "--json"]) == 0
    assert [Path(hit["path"]).name for hit in json.loads(capsys.readouterr().out)] == [
        "bridges.txt"
    ]
    assert main(["search", "nothing -has:highlights", "-C", str(corpus), "--json"]) == 0
    assert [Path(hit["path"]).name for hit in json.loads(capsys.readouterr().out)] == ["other.txt"]
