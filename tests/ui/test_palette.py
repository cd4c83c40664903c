"""The command palette offers every action by name, and each works."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from reader.core.article import parse_text
from reader.tui.app import ReaderApp
from reader.tui.commands import palette_commands
from reader.tui.external import source_link
from reader.tui.main_screen import MainScreen
from tests.conftest import SEED_TITLE, write_article
from tests.ui.conftest import (
    main,
    run_command,
    settle,
    started,
    status,
    titles,
    type_query,
    until,
)


def test_every_palette_command_names_an_action() -> None:
    commands = palette_commands([*MainScreen.BINDINGS, *ReaderApp.BINDINGS])
    assert {"Search", "Related", "Help", "Sort by title", "Copy title"} <= {
        c.name for c in commands
    }
    for command in commands:
        namespace, _, method = command.action.split("(")[0].rpartition(".")
        owner = ReaderApp if namespace == "app" else MainScreen
        assert hasattr(owner, f"action_{method}"), command.action


async def test_sort_filter_and_copy_from_the_palette(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(ReaderApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    async with started(small_corpus) as (app, pilot):
        await run_command(pilot, "Sort by title")
        screen = main(app)
        assert screen.order.browse_sort == "title"
        await run_command(pilot, "Filter: starred only")
        assert screen.order.list_filter.starred
        await run_command(pilot, "Filter: all articles")
        assert not screen.order.list_filter.active
        await run_command(pilot, "Copy title")
        assert copied and copied[-1] == app.query_one("ArticleView").article.title
        await run_command(pilot, "Mark all results read")
        assert screen.state is not None and screen.state.read_count == 4


async def test_open_in_pager_suspends_and_runs_it(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[list[str]] = []
    monkeypatch.setenv("PAGER", "mypager --flag")
    monkeypatch.setattr("reader.tui.external.subprocess.run", lambda cmd, check: ran.append(cmd))
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: contextlib.nullcontext())
    async with started(seed_corpus) as (app, pilot):
        await run_command(pilot, "Open in $PAGER")
    assert ran and ran[0][:2] == ["mypager", "--flag"] and ran[0][2].endswith(".txt")


async def test_rebuild_from_the_palette(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await run_command(pilot, "Rebuild the search index")
        await settle(pilot)
        index = main(app).library.index
        assert index is not None and index.doc_count() == 1
        await pilot.press("slash", *"kursk")
        await settle(pilot)
        assert app.query_one("ArticleList").summaries[0].title == SEED_TITLE


def test_source_link() -> None:
    with_url = parse_text("T\n\nRead it at https://example.org/story?id=3.\n")
    assert source_link(with_url) == "https://example.org/story?id=3"
    seed_like = parse_text("T\n\nBody.\n\nThis article was originally published on NBCNews.com\n")
    assert source_link(seed_like) == "https://NBCNews.com"
    assert source_link(parse_text("T\n\nBody.\n")) is None


async def test_r_lists_related_articles_and_esc_returns(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        everything = titles(app)
        lst = app.query_one("ArticleList")
        lst.cursor = everything.index("Ukraine receives long-range missiles")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        related = titles(app)
        assert "Ukraine receives long-range missiles" not in related
        assert related[0] in (SEED_TITLE, "Markets rally as inflation cools")  # share words
        assert "Articles like" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert titles(app) == everything
        assert lst.current.title == "Ukraine receives long-range missiles"


async def test_snippets_fill_in_for_every_hit(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        write_article(folder, f"a{n:02}.txt", f"Story {n}", f"The lighthouse keeper {n} wrote.")
    async with started(folder) as (app, pilot):
        await type_query(pilot, "lighthouse")

        def every_snippet() -> bool:  # the rest are made once the results stayed put a moment
            results = main(app).session.results
            return results is not None and all(hit.snippet for hit in results.hits)

        await until(pilot, every_snippet, "a snippet for every hit")
        results = main(app).session.results
        assert results is not None and len(results.hits) == 40
        assert all(hit.snippet for hit in results.hits)
