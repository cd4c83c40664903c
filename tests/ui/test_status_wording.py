"""The status line says what is true of what the screen shows, plainly."""

from __future__ import annotations

from pathlib import Path

from reader.core.settings import Settings
from reader.tui.library import IndexProgressed
from reader.tui.widgets.search_bar import SearchBar
from tests.conftest import write_article
from tests.ui.conftest import main, settle, started, status, titles, type_query


async def test_one_article_matches(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await type_query(pilot, "kursk")
        assert status(app).startswith("1 article matches")


def both_and_one(folder: Path, both: int, one: int) -> Path:
    folder.mkdir()
    for n in range(both):
        write_article(folder, f"both{n:03}.txt", f"Both {n}", f"alpha beta gamma{n}.")
    for n in range(one):
        write_article(folder, f"one{n:03}.txt", f"One {n}", f"alpha delta{n}.")
    return folder


async def test_closest_matches_are_announced_only_when_the_list_has_some(
    tmp_path: Path,
) -> None:
    async with started(both_and_one(tmp_path / "many", 60, 3)) as (app, pilot):
        await type_query(pilot, "alpha beta ")
        assert len(titles(app)) == 50 and all(t.startswith("Both") for t in titles(app))
        assert status(app) == "60 articles match"  # the 3 closest matches are not listed


async def test_the_count_is_said_once_when_closest_matches_follow(tmp_path: Path) -> None:
    async with started(both_and_one(tmp_path / "few", 2, 3)) as (app, pilot):
        await type_query(pilot, "alpha beta ")
        assert len(titles(app)) == 5
        assert status(app) == "2 articles have all 2 words; closest matches follow"


async def test_an_accepted_suggestion_is_searched_as_the_whole_word(tmp_path: Path) -> None:
    folder = tmp_path / "python"
    folder.mkdir()
    longer = " ".join(f"pythonq{a}{b}" for a in "abcdefghijkl" for b in "abcdefghijkl")
    write_article(folder, "words.txt", "Words", longer)  # 144 words start with "python"
    for n in range(3):
        write_article(folder, f"py{n}.txt", f"Python {n}", "The python language is fun.")
    async with started(folder) as (app, pilot):
        await type_query(pilot, "pyhton ")
        assert "Did you mean: python" in status(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.query_one(SearchBar).value.strip() == "python"
        assert status(app) == "3 articles match"  # not "python* matches 145 words; …"


async def test_indexing_says_how_many_articles(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        main(app).post_message(IndexProgressed(0, 1))
        await pilot.pause()
        assert status(app) == "Indexing 1 article…"
        main(app).post_message(IndexProgressed(2_000, 10_000))
        await pilot.pause()
        assert status(app) == "Indexing 10,000 articles…"


async def test_marking_one_article_read_says_one(seed_corpus: Path) -> None:
    async with started(seed_corpus, settings=Settings(mark_read_on_open=False)) as (app, pilot):
        main(app).action_mark_all("read")
        await settle(pilot)
        assert status(app) == "Marked 1 article read · u to undo"
