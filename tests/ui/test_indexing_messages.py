"""While a first index runs (issue 23, item 7): a search with no hits says it has none yet and
how far the index is, a narrowed search too, and "Did you mean" never offers the word typed.
The index is held after its first batch (the small file), so the test sees it mid-way."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.core.corpus import FileStat
from reader.search import writing
from reader.tui.app import ReaderApp
from tests.odd_folder import SMALL, build_odd_folder
from tests.ui.conftest import main, status


async def _until(pilot: Pilot[Any], ready: Callable[[], bool], what: str) -> None:
    for _ in range(400):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def _held_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_go: threading.Event,
    release: threading.Event,
) -> ReaderApp:
    """The app on the odd folder, its first index reading the small file once small_go is
    set and the others once release is; the small file commits in a batch of its own."""
    folder = tmp_path / "odd"
    build_odd_folder(folder, scale=0.001)
    real_document = writing.document

    def held(f: FileStat) -> dict[str, Any]:
        (small_go if f.path.endswith(SMALL) else release).wait(30)
        return real_document(f)

    monkeypatch.setattr(writing, "document", held)
    monkeypatch.setattr(writing, "BATCH_BYTES", 100)
    return ReaderApp(folder)


async def test_a_search_while_indexing_says_none_yet_and_how_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_go, release = threading.Event(), threading.Event()
    small_go.set()
    app = _held_build(tmp_path, monkeypatch, small_go, release)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            library = main(app).library

            def answered(query: str) -> bool:
                results = main(app).session.results
                return results is not None and results.query == query and "match" in status(app)

            await _until(
                pilot,
                lambda: library.progress is not None and library.progress[0] >= 1,
                "the small file's batch committed",
            )
            assert library.indexing
            await pilot.press("slash", *"zebra")
            await _until(pilot, lambda: answered("zebra"), "the answer to zebra")
            assert "1 article matches" in status(app)  # the small file, searchable at once

            await pilot.press("ctrl+u", *"missile", "enter")
            await _until(pilot, lambda: answered("missile"), "the answer to missile")
            said = status(app)
            assert "0 articles match yet" in said
            assert "indexing 1 of 6" in said
            assert "Did you mean" not in said

            await pilot.press("ctrl+u", *"zebra | missile", "enter")
            await _until(pilot, lambda: answered("zebra | missile"), "the narrowed answer")
            assert "indexing 1 of 6" in status(app)
            release.set()
            await _until(pilot, lambda: not library.indexing, "the index finished")
    finally:
        release.set()


async def test_a_search_shown_while_indexing_is_answered_again_as_batches_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search asked before any batch was committed says none yet; when a batch commits, it
    is answered again from what the index holds now, with no key pressed (it said "0 articles
    match yet · indexing 0 of 6" until the whole build ended: minutes at 100,000 articles)."""
    small_go, release = threading.Event(), threading.Event()
    app = _held_build(tmp_path, monkeypatch, small_go, release)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            library = main(app).library
            await _until(pilot, lambda: library.index is not None, "the index opened")
            await pilot.press("slash", *"zebra", "enter")

            def said(text: str) -> bool:
                results = main(app).session.results
                return results is not None and results.query == "zebra" and text in status(app)

            await _until(pilot, lambda: said("0 articles match yet"), "none yet")
            small_go.set()
            await _until(pilot, lambda: said("1 article matches"), "the answer again")
            assert library.indexing, "answered while the rest is still being indexed"
            assert "indexing 1 of 6" in status(app)
            release.set()
            await _until(pilot, lambda: not library.indexing, "the index finished")
    finally:
        small_go.set()
        release.set()
