"""A search that fails in the app: a mistake of reader's is said as one, kept in the log, and
starts no repair of the index; a failed read of the index does."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from reader.core import logs
from reader.search import answer
from reader.tui.library import Library
from tests.ui.conftest import main, started, status, type_query


def repairs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Each update of the index the app starts from now on."""
    asked: list[dict[str, Any]] = []
    real = Library.update_index

    def update_index(self: Library, **kwargs: Any) -> None:
        asked.append(kwargs)
        real(self, **kwargs)

    monkeypatch.setattr(Library, "update_index", update_index)
    return asked


async def test_a_mistake_in_a_search_is_said_logged_and_repairs_nothing(
    small_corpus: Path, xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_file = logs.configure()  # as the command line does
    assert log_file is not None

    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("a mistake of ours")

    async with started(small_corpus, size=(200, 30)) as (app, pilot):
        asked = repairs(monkeypatch)
        monkeypatch.setattr(answer.Answer, "hit", broken)
        await type_query(pilot, "missiles")
        said = status(app)
        assert "The search failed unexpectedly (TypeError); details are in" in said
        assert asked == [], "a mistake of reader's started a repair of the index"
        assert not main(app).library.indexing
    assert "TypeError: a mistake of ours" in log_file.read_text()


async def test_a_failed_read_of_the_index_starts_one_check(
    small_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that keeps failing on an index the check finds sound (a flaky disk, or a mistake
    inside Whoosh) is checked once: the search asked again after the check fails again, and
    used to start another check, for ever (195 in 20 s on five articles)."""

    def unreadable(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error")

    async with started(small_corpus, size=(200, 30)) as (app, pilot):
        asked = repairs(monkeypatch)
        monkeypatch.setattr(answer.Answer, "hit", unreadable)
        await type_query(pilot, "missiles")
        assert asked == [{}], "one check of the index after it could not be read"
        assert "The search index could not be read (OSError)" in status(app)
        assert not main(app).library.indexing


async def test_a_mistake_while_indexing_is_said_and_logged(
    small_corpus: Path, xdg_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search.service import SearchIndex

    log_file = logs.configure()
    assert log_file is not None

    def broken(*args: object, **kwargs: object) -> object:
        raise TypeError("a mistake of ours")

    monkeypatch.setattr(SearchIndex, "update", broken)
    async with started(small_corpus, size=(200, 30)) as (app, _):
        note = main(app).library.index_note
        assert note == f"Indexing failed unexpectedly (TypeError); details are in {log_file}"
        assert note in status(app)
    text = log_file.read_text()
    assert f"Updating the index of {small_corpus} failed" in text
    assert "TypeError: a mistake of ours" in text
