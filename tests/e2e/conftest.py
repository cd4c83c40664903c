"""The e2e fixture: terminals that are always closed at the end of the test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import READER, Terminal, xdg_env

StartTerminal = Callable[..., Terminal]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.slow)
            if shutil.which("tmux") is None and "tmux" in item.fspath.basename:
                item.add_marker(pytest.mark.skip(reason="tmux is not installed"))


@pytest.fixture
def terminal(xdg_dirs: Path) -> Iterator[StartTerminal]:
    """start(*reader_args) runs the reader; start(script="...") runs `sh -c script`."""
    started: list[Terminal] = []

    def start(*args: str, script: str | None = None, size: tuple[int, int] = (120, 40)) -> Terminal:
        command = ["sh", "-c", script] if script is not None else [str(READER), *args]
        term = Terminal(f"t{len(started)}", command, xdg_env(), size)
        started.append(term)
        return term

    yield start
    for term in started:
        term.stop()
