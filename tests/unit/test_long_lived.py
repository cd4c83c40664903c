"""The cycle collector around the structures that last as long as the app (long_lived.py)."""

from __future__ import annotations

import gc
import threading

from reader.core import long_lived


def test_no_collection_while_building_nested_and_threaded() -> None:
    assert gc.isenabled()
    inside = threading.Event()
    release = threading.Event()

    def other() -> None:
        with long_lived.building():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=other)
    with long_lived.building():
        assert not gc.isenabled()
        worker.start()
        assert inside.wait(10)
        with long_lived.building():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread still builds
    release.set()
    worker.join(10)
    assert gc.isenabled()


def test_building_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with long_lived.building():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_while_building_enables_the_collector_again() -> None:
    try:
        with long_lived.building():
            raise ValueError("a damaged catalog")
    except ValueError:
        pass
    assert gc.isenabled()


def test_kept_objects_are_not_walked_by_a_full_collection() -> None:
    kept = [[n] for n in range(10_000)]  # containers: tracked by the collector
    long_lived.keep()
    assert gc.get_freeze_count() >= len(kept)
    assert not any(gc.is_tracked(o) and o is kept for o in gc.get_objects())
    gc.unfreeze()
    assert any(o is kept for o in gc.get_objects())


def _churn(n: int) -> None:
    """n objects in cycles that live through a few collections, into the oldest generation,
    then die: garbage only a full collection frees."""
    alive: list[list[object]] = []
    for _ in range(n):
        a: list[object] = []
        a.append(a)
        alive.append(a)
        if len(alive) > 20_000:
            alive.clear()


def test_full_collections_deferred_then_made_when_idle() -> None:
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(info["collected"])

    before = gc.get_threshold()
    gc.freeze()  # the test process's own objects: a full collection is due as the churn grows
    gc.collect()
    gc.callbacks.append(seen)
    try:
        gc.set_threshold(700, 10, 10)
        _churn(300_000)  # Python's own thresholds make full collections
        assert full
        gc.collect()
        full.clear()
        assert long_lived.defer_full_collections() == (700, 10, 10)
        assert gc.get_threshold() == (700, 10, long_lived.FULL_EVERY)
        _churn(300_000)
        assert not full  # deferred: fewer than FULL_EVERY middle collections
        assert gc.get_count()[2] > 0
        assert not long_lived.collect_if_idle(long_lived.IDLE_SECONDS / 2)  # keys not paused
        assert not full
        gc.disable()  # a structure being built (building()): not collected under it
        assert not long_lived.collect_if_idle(long_lived.IDLE_SECONDS)
        gc.enable()
        assert long_lived.collect_if_idle(long_lived.IDLE_SECONDS)
        assert len(full) == 1 and gc.get_count()[2] == 0
        assert not long_lived.collect_if_idle(10.0)  # nothing came since
    finally:
        gc.callbacks.remove(seen)
        gc.enable()
        gc.set_threshold(*before)
