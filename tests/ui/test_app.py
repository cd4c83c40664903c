"""Pilot tests: the reader driven by real key presses and clicks."""

from __future__ import annotations

import contextlib
from pathlib import Path

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.help_screen import HelpScreen
from tests.conftest import SEED_TITLE, write_article
from tests.ui.conftest import many_articles, screen_text, settle, started, unwrapped


async def test_launch_lists_and_shows_seed(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        assert [s.title for s in lst.summaries] == [SEED_TITLE]
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == SEED_TITLE
        text = screen_text(app)
        assert "1 article" in text
        assert "President Joe Biden has authorized Ukraine" in text
        assert "NBCNews.com" in text
        assert "Scroll to Top" not in text
        assert "Source link" not in text


async def test_cursor_keys_move_through_list(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 30)
    async with started(corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        assert lst.has_focus
        assert lst.current is not None and lst.current.title == "Article 029"  # newest first
        await pilot.press("j")
        assert lst.cursor == 1
        await pilot.press("down", "down")
        assert lst.cursor == 3
        await pilot.press("k")
        assert lst.cursor == 2
        await pilot.press("up")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == 29
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("end")
        assert lst.cursor == 29
        assert lst.scroll_y > 0  # the cursor row was scrolled into view
        await pilot.press("home")
        assert lst.cursor == 0
        await pilot.press("pagedown")
        assert lst.cursor > 5
        await pilot.press("pageup")
        assert lst.cursor == 0
        await settle(pilot)
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == "Article 029"


async def test_open_scroll_and_back(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 3)
    async with started(corpus, size=(100, 20)) as (app, pilot):
        lst = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        await pilot.press("enter")
        await settle(pilot)
        assert view.has_focus
        assert view.scroll_y == 0
        await pilot.press("space")
        first_page = view.scroll_y
        assert first_page > 0
        await pilot.press("pagedown")
        assert view.scroll_y > first_page
        await pilot.press("b")
        assert view.scroll_y == first_page
        await pilot.press("pageup")
        assert view.scroll_y == 0
        await pilot.press("j")
        assert view.scroll_y == 1
        await pilot.press("k")
        assert view.scroll_y == 0
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("escape")
        assert lst.has_focus
        await pilot.press("j", "l")
        await settle(pilot)
        assert view.has_focus
        assert view.article is not None and view.article.title == "Article 001"


async def test_tab_switches_panes(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        assert lst.has_focus
        await pilot.press("tab")
        assert view.has_focus
        await pilot.press("shift+tab")
        assert lst.has_focus


async def test_help_lists_every_key_and_closes(seed_corpus: Path) -> None:
    async with started(seed_corpus, size=(120, 50)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        await pilot.press("end")  # the keys of highlights (issue 27) took it past a screen
        await pilot.pause()
        text += screen_text(app)
        keys = ("Quit", "Search", "Next match", "Page down", "Open", "Clear search")
        keys += ("Command palette",)
        for words in keys:
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_mouse_click_selects_row(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 10)
    async with started(corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        # rows are two lines high; the list has a one-line border
        await pilot.click(ArticleList, offset=(5, 1 + 2 * 3))
        await settle(pilot)
        assert lst.cursor == 3
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == lst.summaries[3].title
        await pilot.click(ArticleList, offset=(5, 1 + 2 * 3), times=2)
        await settle(pilot)
        assert view.has_focus


async def test_small_terminal_keeps_layout(seed_corpus: Path) -> None:
    async with started(seed_corpus, size=(40, 10)) as (app, pilot):
        await pilot.press("enter", "space", "escape", "j")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        text = screen_text(app)
        assert len(text.splitlines()) == 10
        assert all(len(line) <= 40 for line in text.splitlines())


async def test_markup_and_escapes_are_shown_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    write_article(
        folder,
        "[bold]name[-] \x1b[31m.txt",
        "[@click=app.quit]Click[/] me \x1b]0;pwned\x07title",
        "Body with [link=file:///etc/passwd]a link[/link] and \x1b[31mred\x1b[0m text.",
    )
    async with started(folder) as (app, pilot):
        text = screen_text(app)
        assert "[@click=app.quit]Click[/] me" in text
        assert "[link=file:///etc/passwd]a link[/link]" in text
        assert "pwned" not in text
        await pilot.click(ArticleView)
        await pilot.pause()
        assert app.is_running


async def test_unexpected_error_is_logged_and_told_in_one_line(
    seed_corpus: Path, xdg_dirs: Path, monkeypatch, capsys
) -> None:
    def broken(self) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(ArticleList, "action_cursor_down", broken)
    app = ReaderApp(seed_corpus)
    with contextlib.suppress(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("j")
            await pilot.pause()
    log = xdg_dirs / "state" / "reader" / "reader.log"
    text = log.read_text()
    assert "CRITICAL reader.tui.app" in text and "Traceback" in text
    assert "ZeroDivisionError: boom" in text
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    line = unwrapped(err)
    assert line.startswith(unwrapped("reader stopped on an unexpected error (ZeroDivisionError)"))
    assert line.endswith(unwrapped(f"details are in {log}"))
    assert app.return_code == 1


async def test_ctrl_c_quits(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, pilot):
        await pilot.press("slash", "x", "ctrl+c")
        await pilot.pause()
    assert app.return_code == 0


async def test_o_cycles_the_order_and_keeps_the_selection(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "many", 5)
    async with started(corpus) as (app, pilot):
        lst = app.query_one(ArticleList)
        await pilot.press("j")
        chosen = lst.current
        assert "newest first" in screen_text(app)
        for label in ("title A–Z", "source A–Z", "longest first", "newest first"):
            await pilot.press("o")
            await pilot.pause()
            assert label in screen_text(app)
            assert lst.current == chosen
        await pilot.press("o")  # by title
        assert [s.title for s in lst.summaries] == sorted(s.title for s in lst.summaries)


async def test_a_keymap_from_the_settings_moves_keys_and_help_shows_them(tmp_path: Path) -> None:
    from reader.core.settings import Settings

    corpus = many_articles(tmp_path / "many", 5)
    keymap = (("list.down", "ctrl+n"), ("list.nothing", "x"))
    async with started(corpus, size=(120, 50), settings=Settings(keymap=keymap)) as (app, pilot):
        lst = app.query_one(ArticleList)
        first = lst.current
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert lst.current != first  # the new key moves down
        await pilot.press("j")
        await pilot.pause()
        assert lst.current != first and lst.cursor == 1  # and j no longer does
        assert "[keys]: no key binding list.nothing" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "list.down" in text and "^n" in text
