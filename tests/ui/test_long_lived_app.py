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
