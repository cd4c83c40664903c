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
