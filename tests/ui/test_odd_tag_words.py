"""Odd `tag:` words (issue 23, "not tried yet"), in the search box and in `reader search`: a
quoted tag with a space, typographic quotes, `*`, markup, a tag as long as a tag can be, `-tag:`
alone; each finds what a tag so named holds, and says it as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main as cli
from reader.core.state import ReadingState, state_file
from reader.core.tags import Tags
from reader.tui.widgets.search_bar import SearchBar
from tests.conftest import SEED_TITLE
from tests.ui.conftest import settle, started, status, titles, type_query

UKRAINE = "Ukraine receives long-range missiles"
STORMS = "Storms sweep across the plains"
MARKETS = "Markets rally as inflation cools"
ODD = ["long-reads", "[bold]", "*", "über", "x" * 40]


def tag_folder(folder: Path) -> None:
    """Ukraine tagged with the odd tags, Storms with `war`, through the store the app reads."""
    path = state_file(folder.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    with ReadingState(path):
        pass
    with Tags(path) as tags:
        tags.set_many(
            {
                str(folder.resolve() / "a_ukraine.txt"): ODD,
                str(folder.resolve() / "b_weather.txt"): ["war"],
            }
        )


@pytest.mark.parametrize(
    ("typed", "found", "said"),
    [
        ('tag:"long reads"', [UKRAINE], "tagged long-reads"),
        ("tag:\u201clong reads\u201d", [UKRAINE], "tagged long-reads"),
        ("tag:[bold]", [UKRAINE], "tagged [bold]"),  # as written, never markup
        ("tag:*", [UKRAINE], "tagged *"),  # a tag so named, not "any tag"
        ("tag:\u00dcBER", [UKRAINE], "tagged über"),
        ("tag:" + "x" * 60, [UKRAINE], "tagged " + "x" * 40),  # cut as a tag is kept
    ],
)
async def test_odd_tag_words_in_the_search_box(
    small_corpus: Path, typed: str, found: list[str], said: str
) -> None:
    tag_folder(small_corpus)
    async with started(small_corpus) as (app, pilot):
        await pilot.press("slash")
        app.query_one(SearchBar).value = typed  # as pasted: “ is no key of a US keyboard
        await settle(pilot)
        assert titles(app) == found
        assert status(app).startswith(f"1 article matches · {said}")


async def test_an_excluded_quoted_tag_and_an_empty_tag_word(small_corpus: Path) -> None:
    tag_folder(small_corpus)
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, 'missiles -tag:"long reads"')
        assert sorted(titles(app)) == sorted([MARKETS, SEED_TITLE])
        await pilot.press("escape", "escape")
        await settle(pilot)
        await type_query(pilot, "-tag:")  # nothing to search for, nothing kept out
        assert status(app).startswith("0 articles match · Nothing to search for")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('tag:"long reads"', ["a_ukraine.txt"]),
        ("tag:[bold]", ["a_ukraine.txt"]),
        ('missiles -tag:"long reads"', ["c_markets.txt", "seed"]),
        ("missiles -tag:war -tag:*", ["c_markets.txt", "seed"]),
    ],
)
def test_odd_tag_words_in_reader_search(
    small_corpus: Path, capsys: pytest.CaptureFixture[str], query: str, found: list[str]
) -> None:
    tag_folder(small_corpus)
    assert cli(["search", query, "-C", str(small_corpus), "--json"]) == 0
    names = [Path(hit["path"]).name for hit in json.loads(capsys.readouterr().out)]
    assert (
        sorted(n if n.endswith(("ukraine.txt", "markets.txt")) else "seed" for n in names) == found
    )
