"""A FIFO, a link to /dev/zero and a 4 GB sparse file named like articles (issue 14.6): each is
selected, opened, marked and starred; the app answers the next key, the pane says why the file
cannot be shown, no such file is opened on the UI thread, and q quits."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.state import ReadingState
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from tests.conftest import write_article
from tests.ui.conftest import main, screen_text, settle, started

SPARSE_BYTES = 4 * 1024**3

# Every file opened in this process (builtins.open, io.open, os.open all raise the "open"
# audit event) while a recorder is active: (path, thread). An audit hook cannot be removed,
# so one hook is installed once and records only while _recording holds a list.
_recording: list[list[tuple[str, threading.Thread]]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _recording and isinstance(args[0], str | bytes | os.PathLike):
        _recording[-1].append((os.fsdecode(args[0]), threading.current_thread()))


sys.addaudithook(_audit)


@contextlib.contextmanager
def opened_files() -> Iterator[list[tuple[str, threading.Thread]]]:
    """The files opened while the block runs, each with the thread that opened it."""
    opened: list[tuple[str, threading.Thread]] = []
    _recording.append(opened)
    try:
        yield opened
    finally:
        _recording.remove(opened)


@pytest.fixture
def special(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Normal articles with a FIFO x.txt, z.txt -> /dev/zero and a sparse 4 GB y.txt among
    them; name -> the reason the pane gives."""
    root = tmp_path / "special"
    root.mkdir()
    for n in range(3):
        write_article(root, f"a{n}.txt", f"Normal article {n}", f"Body of article {n}.")
    os.mkfifo(root / "x.txt")
    (root / "z.txt").symlink_to("/dev/zero")
    with open(root / "y.txt", "wb") as fh:
        fh.truncate(SPARSE_BYTES)  # what `truncate -s 4G` does: no block is written
    assert os.stat(root / "y.txt").st_blocks == 0
    return root, {
        "x.txt": "not a regular file",
        "z.txt": "not a regular file",
        "y.txt": "file too large",
    }


async def test_a_fifo_a_device_link_and_a_huge_sparse_file_never_hold_the_app(
    special: tuple[Path, dict[str, str]],
) -> None:
    root, reasons = special
    async with started(root, size=(120, 30)) as (app, pilot):
        lst = app.query_one(ArticleList)
        view = app.query_one(ArticleView)
        state = main(app).state
        assert state is not None
        ui_thread = threading.current_thread()
        with opened_files() as opened:
            for name, reason in reasons.items():
                path = str(root / name)
                row = lst.index_of(path)
                assert row is not None, name
                lst.focus()
                lst.cursor = row
                await pilot.press("enter")  # opens it, and marks it read
                await settle(pilot)
                assert view.article is not None and str(view.article.path) == path
                text = screen_text(app)
                assert f"This file cannot be shown: {reason}" in text, name
                await pilot.press("m", "s")  # unread again, starred
                assert not state.is_read(path) and state.is_starred(path)
                await pilot.press("escape")  # a key after them is handled: back to the list
                await pilot.pause()
                assert lst.has_focus, name
            await pilot.press("j", "k")
            await settle(pilot)
        specials = {str(root / name) for name in reasons}
        on_ui = [p for p, thread in opened if thread is ui_thread and p in specials]
        assert on_ui == [], "read on the UI thread"
        assert lst.index_of(str(root / "y.txt")) is not None
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    with ReadingState(root) as again:  # the marks were saved, none of the files hashed
        for name in reasons:
            mark = again.mark(str(root / name))
            assert mark.starred and not mark.read and mark.hash is None, name
