"""A hang guard for tests of code that must never block (FIFOs, devices, a held-up write)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")


def without_hanging(call: Callable[[], T]) -> T:
    """call() in a thread; the join timeout only guards against a hang, it times nothing."""
    result: list[T] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "hung"
    return result[0]


def opened_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths os.open is called with from now on (the list fills as the test runs)."""
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return opened


def fifo_and_device(folder: Path) -> tuple[Path, Path]:
    """A FIFO and a link to /dev/zero in folder, both named like articles."""
    fifo, zero = folder / "pipe.txt", folder / "zero.txt"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    return fifo, zero
