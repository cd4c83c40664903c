"""A clock for tests of time limits: no test waits on the real one or measures it."""

from __future__ import annotations

import time
from typing import Any


class SlowClock:
    """Stands in for the `time` module: every monotonic() reading is ten seconds after the
    last, so any time limit runs out at once, as on a very busy machine."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        self.now += 10.0
        return self.now

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)
