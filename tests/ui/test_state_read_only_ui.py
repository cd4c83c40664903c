"""A reading state that cannot be written (issue 23, items 8-9), in the app: the saved stars
and tags show, the status line says once that changes won't be kept, and quitting after a
change says in one line what was lost, with exit status 1.

The read-only folder is simulated as in tests/unit/test_state_read_only.py: the read-write
opener fails as SQLite does there, the read-only one is real (chmod stops no write as root).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.state import ReadingState, state_file
from reader.core.tags import Tags
from tests.ui.conftest import main, screen_text, started, status, unwrapped

CANT = "unable to open database file"


def cannot_open(*_args: object, **_kwargs: object) -> sqlite3.Connection:
    raise sqlite3.OperationalError(CANT)


def star_every_article(root: Path) -> Path:
    root = root.resolve()
    path = state_file(root)
    with ReadingState(root, path) as state:
        for article in root.iterdir():
            state.toggle_star(str(article))
    with Tags(path) as tags:
        tags.add([str(article) for article in root.iterdir()], "kept")
    return path


async def test_a_read_only_state_shows_and_says_changes_wont_be_kept(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = star_every_article(small_corpus)
    for module in ("state_store", "article_table", "search_tables"):
        monkeypatch.setattr(f"reader.core.{module}.connect", cannot_open)
    notice = f"Reading state is read-only: changes won't be kept (cannot write {path}: {CANT})"
    async with started(small_corpus) as (app, pilot):
        assert status(app).count(notice) == 1  # the marks and the tags say it: once
        assert "★" in screen_text(app) and "kept" in screen_text(app)
        await pilot.press("s")  # the star taken away: in memory only
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 1
    err = unwrapped(capsys.readouterr().err)
    assert err == unwrapped(f"reader: 1 mark could not be saved: cannot write {path}: {CANT}")


async def test_a_state_file_that_is_a_folder_loses_the_star_out_loud(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = state_file(small_corpus.resolve())
    path.mkdir(parents=True)
    async with started(small_corpus) as (app, pilot):
        assert "Reading state is not saved: changes won't be kept (cannot write " in status(app)
        await pilot.press("s")
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 1
    err = unwrapped(capsys.readouterr().err)
    assert (
        err.startswith(unwrapped("reader: 1 mark could not be saved:"))
        and err.count("reader:") == 1
    )
    assert main(app).state is not None and main(app).state.unwritable is not None


async def test_moving_about_a_read_only_state_quits_quietly(
    small_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the place in the list changed (no mark, tag or search): nothing of the user's is
    lost, the start said nothing is kept, so quitting says nothing more, status 0."""
    state_file(small_corpus.resolve()).mkdir(parents=True)
    async with started(small_corpus) as (app, pilot):
        await pilot.press("j", "o")  # another article selected, another order
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert "reader:" not in capsys.readouterr().err
