"""The index folder deleted, replaced by a file or made read-only while the app runs: the app
goes on, says once what happened and what it does about it, and searches again (issue 23)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from reader.tui.app import ReaderApp
from tests.conftest import write_article
from tests.ui.conftest import main, settle, started, status, titles, type_query, until


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reader.tui.library.POLL_SECONDS", 0.1)


def said_by(app: ReaderApp) -> list[str]:
    """Every text the status line is given from now on."""
    bar = main(app).status_bar
    said: list[str] = []
    say = bar.say
    bar.say = lambda text, **how: (said.append(str(text)), say(text, **how))[1]  # type: ignore[method-assign]
    return said


async def test_an_index_folder_deleted_is_noticed_and_rebuilt(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        library = main(app).library
        said = said_by(app)
        shutil.rmtree(library.index_dir)  # no search made: the folder's look notices it
        await until(pilot, lambda: "was deleted: rebuilt" in status(app), "the rebuild said")
        assert "The search index folder was deleted: rebuilding it" in said
        assert status(app) == "The search index folder was deleted: rebuilt"
        assert library.index_dir.is_dir()
        await type_query(pilot, "kyiv")
        assert titles(app) == ["Ukraine receives long-range missiles"]


async def test_an_index_folder_replaced_by_a_file_while_searching(small_corpus: Path) -> None:
    async with started(small_corpus) as (app, pilot):
        where = main(app).library.index_dir
        await type_query(pilot, "kyi")
        said = said_by(app)
        shutil.rmtree(where)
        where.write_text("not an index")
        await type_query(pilot, "v")
        rebuilding = "The search index folder was replaced by a file: rebuilding it"
        await until(pilot, lambda: any(rebuilding in text for text in said), "what happened")
        assert not [text for text in said if "damaged" in text or "could not" in text]
        await until(pilot, lambda: titles(app) == ["Ukraine receives long-range missiles"])
        await until(pilot, lambda: not main(app).library.indexing)
        assert where.is_dir() and where.with_name("index.broken").read_text() == "not an index"


async def test_a_read_only_index_folder_says_searches_use_the_last_index(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = FileStorage.create_file

    def refused(storage, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.EROFS, "Read-only file system", name)

    async with started(small_corpus) as (app, pilot):
        monkeypatch.setattr(FileStorage, "create_file", refused)
        write_article(small_corpus, "new.txt", "Zeppelin returns", "A zeppelin flew over town.")
        await until(pilot, lambda: "Can't write" in status(app), "the index said unwritable")
        assert status(app) == (
            "Can't write the search index (read-only file system): searches use the last index"
        )
        await type_query(pilot, "kyiv")
        assert titles(app) == ["Ukraine receives long-range missiles"]  # the last index
        monkeypatch.setattr(FileStorage, "create_file", real)  # writable again: retried
        await type_query(pilot, "zeppelin")
        await until(pilot, lambda: titles(app) == ["Zeppelin returns"], "the new one indexed")
        await settle(pilot)
