"""End to end: the installed `reader` walks the hostile corpus in a real terminal (tmux), and
leaves the terminal's title and modes as it found them."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_tmux import READER, Terminal
from tests.hostile import build_hostile_corpus

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Shell(Terminal):
    """A tmux pane running `sh -c SCRIPT`; keys sent quickly, in order."""

    def __init__(self, name: str, script: str, env: dict[str, str]) -> None:
        super().__init__(name, ["sh", "-c", script], env)

    def send(self, *keys: str, pause: float = 0.04) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(pause)

    def title(self) -> str:
        return self._tmux("display-message", "-p", "-t", "main", "#{pane_title}").strip()


@pytest.fixture
def shell(xdg_dirs: Path) -> Iterator[callable]:
    started: list[Shell] = []
    env = {k: os.environ[k] for k in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}

    def start(script: str) -> Shell:
        term = Shell(f"h{len(started)}", script, env)
        started.append(term)
        return term

    yield start
    for term in started:
        term.stop()


def test_tmux_honours_a_title_set_by_a_program(shell) -> None:
    """The control: without it, an unchanged title below would prove nothing."""
    term = shell("read go; printf '\\033]2;SET-BY-PROGRAM\\033\\\\'; echo DONE; read end")
    time.sleep(0.3)
    term.send("Enter")
    term.wait("DONE")
    end = time.monotonic() + 5
    while term.title() != "SET-BY-PROGRAM" and time.monotonic() < end:
        time.sleep(0.1)
    assert term.title() == "SET-BY-PROGRAM"


def test_walk_the_hostile_corpus_and_leave_the_terminal_as_found(tmp_path: Path, shell) -> None:
    root = tmp_path / "hostile"
    expected = build_hostile_corpus(root)
    # `read go` holds the pane until its title is noted; stty reports the modes afterwards.
    term = shell(f"read go; {READER} {root}; echo EXITED; stty -a")
    time.sleep(0.3)
    title_before = term.title()
    assert title_before
    term.send("Enter")
    screen = term.wait(f"{len(expected)} articles")
    term.wait("Red title escword")  # the escape-laden title, cleaned, in the list
    for _ in range(len(expected)):
        term.send("Enter", "space", "Escape", "j")
    time.sleep(1)
    screen = term.screen()
    assert "Traceback" not in screen
    assert not term.dead()
    assert term.title() == title_before, "an article retitled the terminal"
    term.send("g", "/")
    term.type("markupword")
    term.wait("1 article match")
    term.send("Enter")
    screen = term.wait("[@click=app.quit]quit me[/]")  # shown literally, never run
    term.send("Escape", "Escape", "/")
    for query in ['"unbalanced (', "title: foo: *", "'; DROP TABLE x; --", "x" * 300]:
        term.type(query)
        time.sleep(0.3)
        term.send("C-u")
    term.send("Escape")
    time.sleep(0.5)
    screen = term.screen()
    assert "Traceback" not in screen and not term.dead()
    assert term.title() == title_before
    term.send("q")
    screen = term.wait("EXITED", seconds=15)
    assert "Traceback" not in screen
    assert term.title() == title_before, "the title changed by the time reader exited"
    modes = " ".join(screen.split("EXITED", 1)[1].split())
    tokens = modes.replace(";", " ").split()
    for mode in ("icanon", "echo", "isig", "icrnl", "opost"):
        assert mode in tokens and f"-{mode}" not in tokens, f"{mode}: {modes}"
