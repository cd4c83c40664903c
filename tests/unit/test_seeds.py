"""The sample articles `make run` opens: one of each kind a newcomer should try, each with its
source in seeds/SOURCES.md (itself an article), and each reading as promised there."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article import Article, load_article
from reader.core.corpus import scan
from tests.conftest import SEED, SEEDS
from tests.unit.pages import shown

NOTE = SEEDS / "SOURCES.md"


def sample(name: str) -> Article:
    article = load_article(SEEDS / name)
    assert article.error is None
    return article


def test_every_sample_is_an_article_and_its_source_is_noted() -> None:
    files = [Path(f.path) for f in scan(SEEDS)]
    assert len(files) >= 5 and SEED in files and NOTE in files
    note = NOTE.read_text(encoding="utf-8")
    for path in files:
        assert f"`{path.name}`" in note, f"{path.name} has no source in SOURCES.md"
        assert sample(path.name).word_count > 100


def test_the_note_reads_as_an_article() -> None:
    note = sample("SOURCES.md")
    assert note.title == "About the sample articles, and what to try on each"
    assert note.date_stated
    assert [b.text for b in note.blocks if b.kind == "heading"] == [
        "The articles and where they come from",
        "What to try",
    ]


def test_a_long_sample_has_headings_to_walk() -> None:
    pep = sample("pep-0008.txt")
    assert pep.word_count > 5000
    assert sum(b.kind == "heading" for b in pep.blocks) >= 20
    assert "public domain" in pep.blocks[-1].text


def test_a_markdown_sample_has_code_and_headings() -> None:
    md = sample("searching-from-the-shell.md")
    assert md.markdown is not None
    kinds = [b.kind for b in md.blocks]
    assert kinds.count("code") >= 5 and kinds.count("heading") >= 4


def test_the_scraped_sample_reads_clean() -> None:
    page = sample("library-repair-cafe.txt")
    assert page.source == "The Example Valley Courier"
    assert page.byline == "Marta Ilves" and page.date_stated
    text = shown(page)
    for debris in (
        "Listen to this article",
        "Skip to content",
        "Advertisement",
        "Read the original",
        "Share this",
        "Opens in new window",
        "Like Loading",
        "Related",
        "Tool library adds",
        "All rights reserved",
    ):
        assert debris not in text, debris
    assert "EASTBROOK — On the second Saturday" in text
    assert "must be unplugged and cool." in text
    assert page.captions and "Lee Park" in page.captions[0]


@pytest.mark.parametrize("word", ["quit", "kursk"])
def test_words_the_seed_tests_search_for_stay_in_the_seed_alone(word: str) -> None:
    # tests/e2e/test_keys_tmux.py searches a copy of seeds/: "quit" finds nothing, "Kursk"
    # opens the seed.
    having = [f.path for f in scan(SEEDS) if word in Path(f.path).read_text("utf-8").lower()]
    assert having == ([str(SEED)] if word == "kursk" else [])
