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
