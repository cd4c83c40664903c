"""The app keeps its folder's list and its index out of full collections (core/long_lived.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from tests.ui.conftest import started


async def test_the_list_and_the_index_are_kept_long_lived(seed_corpus: Path) -> None:
    gc.unfreeze()
    async with started(seed_corpus) as (app, _pilot):
        library = app.main_screen.library
        assert library.summaries and library.index is not None
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert gc.isenabled()  # no longer paused once the list was built
        assert not any(o is library.summaries for o in gc.get_objects())


async def test_full_collections_wait_for_the_keys_to_pause(seed_corpus: Path) -> None:
    from reader.core import long_lived
    from tests.ui.conftest import until

    before = gc.get_threshold()
    async with started(seed_corpus) as (app, pilot):
        assert gc.get_threshold()[2] == max(before[2], long_lived.FULL_EVERY)
        full: list[int] = []

        def seen(phase: str, info: dict[str, int]) -> None:
            if phase == "stop" and info["generation"] == 2:
                full.append(info["collected"])

        gc.callbacks.append(seen)
        try:
            await pilot.press("slash", *"otter")
            for _ in range(20_000):  # into the oldest generation, as the app's churn goes
                a: list[object] = []
                a.append(a)
            await until(pilot, lambda: bool(full), "a full collection once the keys paused")
        finally:
            gc.callbacks.remove(seen)
    assert gc.get_threshold() == before  # the app's thresholds end with it


async def test_no_full_collection_while_a_key_is_answered(seed_corpus: Path) -> None:
    async with started(seed_corpus) as (app, _pilot):
        full: list[int] = []

        def seen(phase: str, info: dict[str, int]) -> None:
            if phase == "stop" and info["generation"] == 2:
                full.append(info["collected"])

        session = app.main_screen.session
        gc.callbacks.append(seen)
        try:
            app._last_key = 0.0  # no key for long
            gc.collect(1)  # something in the oldest generation since the last full collection
            session._running = True  # a search still answered: slow on a busy machine
            app._collect_when_idle()
            assert not full
            session._running = False
            app._collect_when_idle()
            assert len(full) == 1
        finally:
            gc.callbacks.remove(seen)
