"""The seed article as saved from ten other kinds of page: what must and must not show.

Walks ../shared/corpora/scraped/ against its expected.tsv (skipped when the folder is not
there, as in a user's clone). What "shows" is what the article view lays out: the title, the
metadata lines and every block, so a phrase wrapped over two lines is still found.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reader.core.article import load_article
from tests.conftest import SHARED
from tests.unit.pages import shown

SCRAPED = SHARED / "corpora" / "scraped"
EXPECTED = SCRAPED / "expected.tsv"


def _rows() -> list[dict[str, str]]:
    if not EXPECTED.exists():
        return []
    with open(EXPECTED, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _rows()


@pytest.mark.skipif(not ROWS, reason="the shared scraped corpus is not here")
@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_scraped_page_reads_clean(row: dict[str, str]) -> None:
    article = load_article(SCRAPED / row["file"])
    assert article.error is None
    assert article.title == row["title"]
    assert article.source == (None if row["source"] == "-" else row["source"])
    text = shown(article)
    for phrase in filter(None, row["must_not_show"].split("|")):
        assert phrase not in text, f"{row['file']} shows {phrase!r}"
    for phrase in filter(None, row["must_show"].split("|")):
        assert phrase in text, f"{row['file']} lost {phrase!r}"


@pytest.mark.skipif(not ROWS, reason="the shared scraped corpus is not here")
def test_every_scraped_page_has_the_seed_body() -> None:
    # The same body under ten trims: every page keeps the seed's nine paragraphs, whole.
    seed = load_article(Path(__file__).resolve().parents[2] / "seeds" / "000_8e15eb84c1c1c791.txt")
    for row in ROWS:
        article = load_article(SCRAPED / row["file"])
        assert article.paragraphs == seed.paragraphs, row["file"]
        assert article.word_count == seed.word_count, row["file"]
