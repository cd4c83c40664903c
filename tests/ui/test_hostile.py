"""Pilot walks the hostile corpus: every file listed, every article opened, hostile queries."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from reader.tui.app import ReaderApp
from reader.tui.terminal_input import HANGUP_STATUS, PasteParser, ReaderDriver
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.help_screen import HelpScreen
from tests.hostile import LISTED, build_hostile_corpus
from tests.ui.conftest import main, screen_text, settle, started, unwrapped

HOSTILE_QUERIES = [
    '"unbalanced quote',
    "(unbalanced (parens",
    "closing))",
    "AND",
    "OR",
    "NOT",
    "-",
    "*",
    "?",
    "~",
    "foo:",
    "title:",
    "source:",
    "foo:bar title: report",
    "x" * 10_000,
    "zephyrtitle\x00\x07\x01\x7f",
    "\U0001f600 \u4e2d\u6587",
    "'; DROP TABLE x; --",
    "[@click=app.quit]quit[/]",
    "markupword",
]
OPENED_QUERIES = {
    '"unbalanced quote',
    "foo:bar title: report",
    "\U0001f600 \u4e2d\u6587",
    "markupword",
}


async def quiet(pilot) -> None:  # type: ignore[no-untyped-def]
    """settle(), once: enough for one key's work, and a third of the wait."""
    with contextlib.suppress(WorkerCancelled):
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def assert_clean_screen(app: ReaderApp) -> str:
    text = screen_text(app)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "PWNED" not in text
    return text


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "hostile"
    return root, build_hostile_corpus(root)


async def test_the_list_shows_every_hostile_file(hostile: tuple[Path, dict[str, str]]) -> None:
    root, expected = hostile
    async with started(root) as (app, pilot):
        rows = app.query_one(ArticleList).summaries
        got = {
            os.path.relpath(s.path, root): LISTED if s.error is None else f"unreadable: {s.error}"
            for s in rows
        }
        assert got == expected
        assert f"{len(expected)} articles" in assert_clean_screen(app)


async def test_every_hostile_article_opens(hostile: tuple[Path, dict[str, str]]) -> None:
    root, expected = hostile
    async with started(root, size=(90, 24)) as (app, pilot):
        lst = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        opened: list[str] = []
        for row in range(len(lst.summaries)):
            assert lst.cursor == row
            await pilot.press("enter")
            await quiet(pilot)
            assert app.is_running, "an article quit the app"
            assert view.article is not None
            assert str(view.article.path) == lst.summaries[row].path
            opened.append(os.path.relpath(lst.summaries[row].path, root))
            text = assert_clean_screen(app)
            if view.article.error:
                assert "This file cannot be shown" in text
            await pilot.press("escape", "j")
        assert sorted(opened) == sorted(expected)
        await pilot.click(ArticleView)  # a click on "[@click=app.quit]" text runs nothing
        await pilot.pause()
        assert app.is_running


async def test_markup_article_is_literal_and_inert(hostile: tuple[Path, dict[str, str]]) -> None:
    root, _ = hostile
    async with started(root, size=(140, 40)) as (app, pilot):
        lst = app.query_one(ArticleList)
        lst.cursor = lst.index_of(str(root / "rich_markup.txt"))
        await pilot.press("enter")
        await settle(pilot)
        text = assert_clean_screen(app)
        assert "[@click=app.quit]quit me[/]" in text
        assert "[link=file:///etc/passwd]link to passwd[/link]" in text
        for y in range(2, 12):
            await pilot.click(ArticleView, offset=(6, y))
        await pilot.pause()
        assert app.is_running


async def test_hostile_queries_never_break_the_app(hostile: tuple[Path, dict[str, str]]) -> None:
    root, _ = hostile
    async with started(root) as (app, pilot):
        search = main(app).search_bar
        for query in HOSTILE_QUERIES:
            await pilot.press("slash")
            search.value = ""
            search.insert_text_at_cursor(query)
            await quiet(pilot)
            assert app.is_running, query
            text = assert_clean_screen(app)
            for failure in ("could not run", "failed unexpectedly", "could not be read"):
                assert failure not in text, query
            if query in OPENED_QUERIES:
                await pilot.press("enter")  # open the best hit
                await quiet(pilot)
                assert_clean_screen(app)
                await pilot.press("escape")
            await pilot.press("escape")
            await quiet(pilot)
        await pilot.press("slash")
        await pilot.press(*"markupword")
        await settle(pilot)
        rows = app.query_one(ArticleList).summaries
        assert [os.path.basename(s.path) for s in rows] == ["rich_markup.txt"]
        assert app.is_running


async def test_a_pasted_escape_sequence_never_reaches_the_screen(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Committee\n\nThe committee met.\n")
    async with started(root) as (app, pilot):
        await pilot.press("slash")
        search = main(app).search_bar
        search.post_message(events.Paste("committee\x1b]0;PWNED\x07\x1b[31m red\x07"))
        await settle(pilot)
        assert search.value.startswith("committee")
        assert_clean_screen(app)


async def test_a_file_that_changes_while_shown(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    for n in range(3):
        (root / f"a{n}.txt").write_text(f"Article {n}\n\nbody of article {n}\n")
        os.utime(root / f"a{n}.txt", (1_700_000_000 + n, 1_700_000_000 + n))
    async with started(root) as (app, pilot):
        view = app.query_one(ArticleView)
        assert view.article is not None and view.article.title == "Article 2"
        (root / "a1.txt").unlink()
        (root / "a0.txt").write_bytes(b"Rewritten\n\nnew words\x1b]0;PWNED\x07 here\n")
        await pilot.press("j")
        await settle(pilot)
        assert view.article is not None and view.article.error == "file not found"
        assert "This file cannot be shown: file not found." in assert_clean_screen(app)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert view.article is not None and view.article.title == "Rewritten"
        assert "new words here" in assert_clean_screen(app)
        assert app.is_running


# --- what the terminal sends, through the app's own driver -----------------------------------

PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"


@contextlib.contextmanager
def terminal_bytes(app: ReaderApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Bytes written to the function this yields reach the app as a terminal's would: read by
    the driver the app selects (ReaderDriver: its decoder, its parser, its input thread), from
    a pipe standing in for the terminal (Pilot's own driver reads no input). The function with
    no bytes closes the terminal."""
    assert app.driver_class is ReaderDriver
    read_end, write_end = os.pipe()
    stdin = os.fdopen(read_end, "rb", buffering=0)
    monkeypatch.setattr(sys, "__stdin__", stdin)
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    driver = ReaderDriver(app)
    for signum, handler in handlers.items():  # the driver takes over job control: give it back
        signal.signal(signum, handler)
    thread = threading.Thread(target=driver._run_input_thread, daemon=True)
    thread.start()
    closed = False

    def send(data: bytes = b"") -> None:
        nonlocal closed
        if data:
            os.write(write_end, data)
        elif not closed:
            closed = True
            os.close(write_end)

    try:
        yield send
    finally:
        driver.exit_event.set()
        thread.join(timeout=10)
        send()
        stdin.close()


async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Wait for the input thread's events to be handled (a hang guard, not a measure)."""
    for _ in range(500):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("the input never arrived")


@pytest.fixture
def one_article(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Committee\n\nThe committee met on Tuesday.\n")
    return root


async def test_a_paste_with_an_escape_onto_the_list_is_no_keys(
    one_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with started(one_article) as (app, pilot):
        screen = main(app)
        path = app.query_one(ArticleList).current.path
        state = screen.state
        assert state is not None
        with terminal_bytes(app, monkeypatch) as send:
            # as tmux paste-buffer -p sends it; "?" after it (help) shows it was all read
            send(PASTE_START + b"copied text\x1b[0m sm q" + PASTE_END + b"?")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await settle(pilot)  # what keys did (a star, a quit) is done by now
            assert app.is_running
            assert not state.is_starred(path) and not state.is_read(path)
            assert screen.search_bar.value == ""
            assert_clean_screen(app)


async def test_a_paste_with_an_escape_into_the_search_box_is_its_text(
    one_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with started(one_article) as (app, pilot):
        search = main(app).search_bar
        with terminal_bytes(app, monkeypatch) as send:
            send(b"/")
            await until(pilot, lambda: app.focused is search)
            paste = b"committee\x1b]0;PWNED\x07\x1b[31m met\x1b[0m\r\nsecond line"
            send(PASTE_START + paste + PASTE_END + b"!")
            await until(pilot, lambda: search.value.endswith("!"))
            assert search.value == "committee met!"  # the first line, as Input takes a paste
            await settle(pilot)
            assert app.is_running
            assert_clean_screen(app)


async def test_a_byte_that_is_not_utf8_is_no_crash(
    one_article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with started(one_article) as (app, pilot):
        screen = main(app)
        search = screen.search_bar
        path = app.query_one(ArticleList).current.path
        with terminal_bytes(app, monkeypatch) as send:
            send(b"\xe9a" + PASTE_START + b"ab\x9bcd" + PASTE_END + b"?")  # onto the list
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await settle(pilot)
            assert screen.state is not None and not screen.state.is_read(path)
            await pilot.press("escape", "slash")
            await until(pilot, lambda: app.focused is search)
            assert search.value == ""
            send(b"\xe9a" + PASTE_START + b"ab\x9bcd" + PASTE_END + b"!")  # into the search box
            await until(pilot, lambda: search.value.endswith("!"))
            assert search.value == "\xe9aab\ufffdcd!"  # Latin-1 "é"; the C1 byte replaced
            send(b"\xe9")  # alone: UTF-8 would need more, and nothing more comes
            await until(pilot, lambda: search.value.endswith("\xe9"))
            await settle(pilot)
            assert app.is_running
            assert_clean_screen(app)


async def test_a_closed_terminal_ends_the_app_as_a_hangup_not_a_crash(
    one_article: Path, xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with started(one_article) as (app, pilot):
        with terminal_bytes(app, monkeypatch) as send:
            send()  # the terminal reads as ended
            await until(pilot, lambda: not app.is_running)
    assert app.return_code == HANGUP_STATUS
    log = xdg_dirs / "state" / "reader" / "reader.log"
    assert not log.exists() or "unexpected error" not in log.read_text()


async def test_an_input_thread_that_dies_is_a_crash_logged_and_told_in_one_line(
    one_article: Path, xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    def broken(self: PasteParser, data: str) -> None:
        raise ZeroDivisionError("broken parser")

    monkeypatch.setattr(PasteParser, "feed", broken)
    app = ReaderApp(one_article)
    with contextlib.suppress(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            with terminal_bytes(app, monkeypatch) as send:
                send(b"j")
                await until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    log = xdg_dirs / "state" / "reader" / "reader.log"
    assert "ZeroDivisionError: broken parser" in log.read_text()
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    line = unwrapped(err)
    assert line.startswith(unwrapped("reader stopped on an unexpected error (ZeroDivisionError)"))
    assert line.endswith(unwrapped(f"details are in {log}"))
