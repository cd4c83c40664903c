"""What the Pilot tests share: starting the app, waiting for it, and reading what it shows."""

from __future__ import annotations

import contextlib
import html
import os
import re
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from textual.command import Command, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from reader.tui.app import ReaderApp
from reader.tui.main_screen import MainScreen
from reader.tui.widgets.article_layout import Styles
from reader.tui.widgets.article_list import ArticleList
from tests.conftest import write_article

HANG_GUARD = 30.0  # seconds a wait may last before the test fails: a guard, never a measure

STYLES = Styles(Style(), Style(), Style(), Style(), Style())  # a layout without any styling

# One run of text in the SVG that App.export_screenshot makes (rich's Console.export_svg).
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)" [^>]*?textLength="([\d.]+)" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker finish and the screen catch up."""
    for _ in range(3):
        # an exclusive worker replaced by a newer one is expected, not a failure
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@contextlib.asynccontextmanager
async def started(
    root: Path, *, size: tuple[int, int] = (120, 40), **options: Any
) -> AsyncIterator[tuple[ReaderApp, Pilot[None]]]:
    """The reader on root, in a headless terminal of this size, once it has settled."""
    app = ReaderApp(root, **options)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str = "") -> None:
    """Let the app run until condition() holds; fails the test if it never does (the deadline
    guards against a hang, it measures nothing)."""
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what or condition}")
        await pilot.pause(0.02)


async def until_status(app: ReaderApp, pilot: Pilot[Any], has: str, present: bool = True) -> str:
    """The status line once it shows (or no longer shows) has."""
    await until(pilot, lambda: (has in status(app)) == present, f"status line {has!r}")
    return status(app)


async def run_command(pilot: Pilot[Any], name: str) -> None:
    """Run the command called name from the palette (Ctrl+P), as a user types its name."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*name)
    commands = palette.query_one(CommandList)

    def offered() -> bool:  # the palette's search ran: the command is the one Enter runs
        n = commands.highlighted
        option = commands.get_option_at_index(n) if n is not None else None
        # a command that opens a dialog is named with "…" after it
        return isinstance(option, Command) and str(option.hit.text).removesuffix("…") == name

    await until(pilot, offered, f"the palette offers {name!r}")
    await pilot.press("enter")
    await settle(pilot)


def main(app: ReaderApp) -> MainScreen:
    """The app's main screen (where the list, the search and the reading state live)."""
    return app.main_screen


def screen_text(app: ReaderApp) -> str:
    """What the terminal shows, as plain text: one line a row, each as wide as the terminal.

    Read from the app's own screenshot (SVG), so it is exactly what a terminal would show,
    dialogs and what they cover included."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, length, line, escaped in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(escaped).replace("\xa0", " ")
        column = round(float(x) / (float(length) / len(text)))
        cells = rows[int(line)]
        for char in text:
            if column < width:
                cells[column] = char
            for wide in range(column + 1, min(column + cell_len(char), width)):
                cells[wide] = ""  # the second cell of a wide character
            column += cell_len(char)
    return "\n".join("".join(cells) for cells in rows)


def titles(app: ReaderApp) -> list[str]:
    """The titles the article list shows, in order."""
    return [s.title for s in app.query_one(ArticleList).summaries]


def unwrapped(text: str) -> str:
    """text without any whitespace. What the app prints as it exits, rich wraps at the
    width, and where a word fills a line the space after it is dropped: joined back, the
    line depends on the width and on its paths' lengths (under pytest-xdist, on how many
    tests the worker ran before). Compare unwrapped(printed) with unwrapped(expected)."""
    return "".join(text.split())


def status(app: ReaderApp) -> str:
    """The status line's text."""
    return str(app.query_one("#status").render())


async def type_query(pilot: Pilot[Any], text: str) -> None:
    """Focus the search box with '/', type text, and wait for the answer."""
    await pilot.press("slash", *text)
    await settle(pilot)


def many_articles(folder: Path, count: int) -> Path:
    """A folder of count articles, 'Article 000' the oldest, with 30 paragraphs each."""
    folder.mkdir(exist_ok=True)
    for n in range(count):
        paragraphs = [f"Paragraph {p} of article number {n} about topic{n % 7}." for p in range(30)]
        path = write_article(folder, f"art_{n:03}.txt", f"Article {n:03}", *paragraphs)
        # distinct modification times give a deterministic newest-first order
        os.utime(path, (1_700_000_000 + n * 60, 1_700_000_000 + n * 60))
    return folder
