"""Python's cycle collector and the objects that live as long as the app (the catalog's
summaries, the folder's files, the index's caches).

A full collection walks every container object the process holds. At 100,000 articles that
is millions, about 150 ms with every thread held, and typing triggered one every few keys:
the keystrokes it fell on waited for it. Loading the catalog triggered several more in a row.
So: no collection while a big structure is being built (`building()`), and once it is built,
`keep()` moves everything alive into the collector's permanent generation, never walked
again (what is freed later is still freed by reference counting; only cycles among the kept
objects would stay).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_building = 0  # how many threads are in building() now
_was_enabled = True


@contextlib.contextmanager
def building() -> Iterator[None]:
    """No cycle collection in the process while the block runs (nested and threaded uses
    count: the collector is enabled again, if it was, when the last one ends)."""
    global _building, _was_enabled
    with _lock:
        if _building == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _building += 1
    try:
        yield
    finally:
        with _lock:
            _building -= 1
            if _building == 0 and _was_enabled:
                gc.enable()


def keep() -> None:
    """Treat every object alive now as long-lived: full collections no longer walk them.
    Once a structure that lasts as long as the app is built, not at every change (garbage
    cycles pending then would be kept too); the young generations' are collected first."""
    gc.collect(1)
    gc.freeze()


# --- full collections while the user waits for nothing ------------------------------------

# What is left, once the long-lived objects are kept, is the app's own churn: Textual's drawing
# caches and widgets made anew (a footer's keys) die in cycles, and a full collection of them
# (30-50 ms CPU at 10,000 articles, 7 in the 71 keys of the bench's 12-word question) fell on
# a keystroke. Python makes one every 10 collections of the middle generation; here every
# FULL_EVERY, and the app makes them itself once the keys have paused (collect_if_idle).
FULL_EVERY = 100  # collections of the middle generation between two automatic full ones
IDLE_SECONDS = 1.0  # no key for so long: a full collection waits for no one


def defer_full_collections() -> tuple[int, int, int]:
    """Automatic full collections only every FULL_EVERY middle ones; returns the thresholds
    before (gc.set_threshold puts them back)."""
    before: tuple[int, int, int] = gc.get_threshold()
    gc.set_threshold(before[0], before[1], max(before[2], FULL_EVERY))
    return before


def collect_if_idle(idle_seconds: float) -> bool:
    """A full collection, when the user has been idle IDLE_SECONDS and objects have come to the
    oldest generation since the last one (not while a structure is being built: building()
    holds collections off); True if it ran."""
    if idle_seconds < IDLE_SECONDS or not gc.isenabled() or gc.get_count()[2] == 0:
        return False
    gc.collect()
    return True
