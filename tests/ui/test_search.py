"""Pilot tests for searching: type, see results, open, walk the matches, back out."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from reader.search.service import SearchIndex
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.search_bar import SearchBar
from tests.clock import SlowClock
from tests.conftest import SEED_TITLE, write_article
from tests.ui.conftest import (
    HANG_GUARD,
    main,
    screen_text,
    settle,
    started,
    status,
    titles,
    type_query,
    until,
)


async def test_results_follow_typing_and_esc_restores(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        await pilot.press("j", "j")
        chosen = lst.current
        assert chosen is not None
        all_titles = titles(app)
        await type_query(pilot, "missiles")
        assert app.query_one(SearchBar).has_focus
        found = titles(app)
        assert SEED_TITLE in found and "Ukraine receives long-range missiles" in found
        assert "Storms sweep across the plains" not in found
        assert found[0] == "Ukraine receives long-range missiles"  # the title match ranks first
        assert "3 articles match" in status(app)
        await pilot.press("space", *"storm")
        await settle(pilot)
        assert "No article has all" in status(app) or titles(app) != found
        await pilot.press("escape")
        await settle(pilot)
        assert titles(app) == all_titles
        assert lst.current == chosen  # the selection the user had
        assert lst.has_focus
        assert app.query_one(SearchBar).value == ""


async def test_prefix_while_typing_and_snippets_marked(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await type_query(pilot, "ukr")
        assert titles(app) == [SEED_TITLE]
        text = screen_text(app)
        assert "1 article match" in text


async def test_enter_opens_best_hit_and_n_walks_matches(seed_corpus: Path) -> None:
    async with started(seed_corpus, size=(120, 30)) as (app, pilot):
        await type_query(pilot, "atacms")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.has_focus
        assert view.article is not None and view.article.title == SEED_TITLE
        count = len(view.matches)
        assert count == 4  # ATACMS appears four times in the body
        assert view.border_subtitle == f"match 1/{count}"
        lines_seen = set()
        for n in range(2, count + 1):
            await pilot.press("n")
            assert view.border_subtitle == f"match {n}/{count}"
            match = view.matches[view.match_index]
            height = view.scrollable_content_region.height
            assert view.scroll_y <= match.line < view.scroll_y + height
            lines_seen.add(match.line)
        assert len(lines_seen) > 1
        await pilot.press("n")
        assert view.border_subtitle == f"match 1/{count}"  # wraps around
        await pilot.press("N")
        assert view.border_subtitle == f"match {count}/{count}"
        await pilot.press("escape")
        assert app.query_one(ArticleList).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert app.query_one(SearchBar).value == ""
        assert view.border_subtitle == ""
        assert view.matches == []


async def test_stemmed_variants_are_marked(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await type_query(pilot, "strike ")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        marked = {view._lines[m.line].text[m.start - 0 : m.end].lower() for m in view.matches}
        assert {"strike", "strikes"} <= marked


async def test_down_moves_into_results(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "missiles")
        await pilot.press("down")
        lst = app.query_one(ArticleList)
        assert lst.has_focus
        await pilot.press("j", "enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == lst.summaries[1].title
        assert view.matches  # opened from results: its matches are marked


async def test_did_you_mean_and_ctrl_y(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        await type_query(pilot, "ukrane ")
        assert "Did you mean: ukraine" in status(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "ukraine "
        assert "Ukraine receives long-range missiles" in titles(app)
        assert "Did you mean" not in status(app)


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "*", "title:", "x" * 2000, "(((", "-"])
async def test_any_query_is_harmless(seed_corpus: Path, query: str) -> None:
    async with started(seed_corpus) as (app, pilot):
        app.query_one(SearchBar).value = query
        await settle(pilot)
        assert app.is_running
        await pilot.press("escape")
        await settle(pilot)
        assert titles(app) == [SEED_TITLE]


async def test_stale_results_never_win(small_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_search = SearchIndex.search
    release = threading.Event()

    def slow_for_missiles(self, query, **kwargs):
        if query.text.strip().startswith("missiles"):  # the app asks with the query parsed
            release.wait(timeout=30)  # this answer arrives after the newer query was asked
        return real_search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", slow_for_missiles)
    async with started(small_corpus) as (app, pilot):
        bar = app.query_one(SearchBar)
        bar.focus()
        bar.value = "missiles"
        await pilot.pause()
        bar.value = "storms"
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert titles(app) == ["Storms sweep across the plains"]


async def test_keys_typed_during_a_search_are_coalesced(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_search = SearchIndex.search
    release = threading.Event()
    asked: list[str] = []

    def held_search(self, query, **kwargs):
        asked.append(query.text)  # the app asks with the query parsed
        release.wait(timeout=30)
        return real_search(self, query, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", held_search)
    async with started(small_corpus) as (app, pilot):
        await pilot.press("slash", "s")
        await pilot.pause()
        await pilot.press(*"torms")  # typed while the search for "s" runs
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert asked == ["s", "storms"]  # one search at a time, always on the newest query
        assert titles(app) == ["Storms sweep across the plains"]


async def test_search_answers_while_indexing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search made while the index is built answers from what is indexed so far, and says
    so. The update is held after its first commit until the test has searched: the index is
    still being built however fast the machine is."""
    folder = tmp_path / "many"
    folder.mkdir()
    words = "harbour lantern meadow copper violin glacier orchard falcon".split()
    for n in range(600):  # two commits: the first batch (400 articles), then the rest
        body = [f"Report {n} on the {words[n % 8]} and the {words[(n + 3) % 8]} today."] * 12
        write_article(folder, f"a{n:04}.txt", f"Story {n} about the {words[n % 8]}", *body)
    update = SearchIndex.update
    committed, release = threading.Event(), threading.Event()

    def held_update(self: SearchIndex, files: Any, *, progress: Any = None, **kwargs: Any) -> Any:
        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if 0 < done < total and not committed.is_set() and self.doc_count() > 0:
                committed.set()
                release.wait(HANG_GUARD)  # until the test has searched

        return update(self, files, progress=report, **kwargs)

    monkeypatch.setattr(SearchIndex, "update", held_update)
    app = ReaderApp(folder)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            library = main(app).library
            await until(pilot, lambda: committed.is_set() and library.index is not None)
            assert library.indexing
            bar = app.query_one(SearchBar)
            bar.focus()
            bar.value = "glacier"
            await until(pilot, lambda: main(app).session.results is not None, "an answer")
            results = main(app).session.results
            assert results is not None
            assert results.hits
            assert "indexing" in status(app)
            assert library.indexing
            release.set()
            await settle(pilot)
            assert not library.indexing
    finally:
        release.set()


async def test_one_megabyte_article_opens_without_freezing(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    paragraph = "Plain words about ordinary things fill this long paragraph again. " * 12
    paragraphs = [paragraph] * 1300
    paragraphs[900] = "Here the rare word zanzibar appears, far down the article."
    write_article(folder, "big.txt", "A very long article", *paragraphs)
    assert (folder / "big.txt").stat().st_size > 1_000_000
    async with started(folder) as (app, pilot):
        await type_query(pilot, "zanzibar")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.border_subtitle == "match 1/1"
        match = view.matches[0]
        assert match.line > 1000
        assert view.scroll_y <= match.line < view.scroll_y + view.scrollable_content_region.height
        await pilot.press("n")
        assert view.border_subtitle == "match 1/1"
        await pilot.resize_terminal(90, 30)  # relaid out at the new width, still at the match
        await settle(pilot)
        match = view.matches[0]
        assert view.scroll_y <= match.line < view.scroll_y + view.scrollable_content_region.height


async def test_a_search_cut_short_while_typing_is_replaced_by_the_complete_one(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import ranking, service
    from reader.tui import search_session

    query = "storms missiles inflation rally"
    answers: list[tuple[bool, bool]] = []  # (asked complete, came back cut short)
    run = search_session.Search.run

    def spy(
        self: search_session.Search,
        index: SearchIndex,
        scope: search_session.Scope | None,
        snippets: int | None = None,
    ) -> object:
        results = run(self, index, scope, snippets)
        if self.text == query:
            answers.append((self.complete, results.cut_short))
        return results

    monkeypatch.setattr(search_session.Search, "run", spy)
    async with started(small_corpus) as (app, pilot):
        complete = [h.path for h in main(app).library.index.search(query).hits]
        monkeypatch.setattr(ranking, "time", SlowClock())
        monkeypatch.setattr(service, "time", SlowClock())
        await pilot.press("slash", *query)
        await settle(pilot)
        assert answers and answers[0] == (False, True)  # the keystroke search: cut short
        # asked again, complete, once typing paused (SETTLE_SECONDS after the last key)
        await until(pilot, lambda: answers[-1] == (True, False), "the complete search")
        await settle(pilot)
        session = main(app).session
        assert session.results is not None and not session.results.cut_short
        assert [h.path for h in session.results.hits] == complete
        assert "so far" not in status(app)


async def test_the_open_article_marks_the_words_typed_next(seed_corpus: Path) -> None:
    """Back in the box with the article open, the words typed on are marked in it too, once
    the results settle (not laid out anew at each keystroke)."""
    async with started(seed_corpus, size=(120, 30)) as (app, pilot):
        await type_query(pilot, "atacms")
        await pilot.press("enter")
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert len(view.matches) == 4
        await pilot.press("slash", "end", *" kursk")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "atacms kursk"
        # the matches are marked SETTLE_SECONDS after the answer
        await until(pilot, lambda: len(view.matches) > 4, "the new word marked")
        assert view.article is not None and view.article.title == SEED_TITLE
        marked = {view._lines[m.line].text[m.start : m.end].lower() for m in view.matches}
        assert marked == {"atacms", "kursk"}
