"""End to end: the installed `reader` in a real terminal (tmux), read off the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED_TITLE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

READER = Path(sys.executable).with_name("reader")


class Terminal:
    """A detached tmux session running one command, on its own server socket."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], size=(120, 40)) -> None:
        self.socket = f"reader-test-{name}-{uuid.uuid4().hex[:12]}"
        line = " ".join(subprocess.list2cmdline([c]) for c in command)
        exports = " ".join(f"{k}={subprocess.list2cmdline([v])}" for k, v in env.items())
        self._tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            f"env -u COLUMNS -u LINES TERM=xterm-256color {exports} {line}",
        )
        self._tmux("set-option", "-t", "main", "remain-on-exit", "on")

    def _tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return out.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "main", "-l", text)

    def wait(self, text: str, seconds: float = 30) -> str:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def dead(self) -> bool:
        return self._tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() == "1"

    def stop(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def terminal(xdg_dirs: Path) -> Iterator[callable]:
    started: list[Terminal] = []
    env = {k: os.environ[k] for k in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}

    def start(*args: str) -> Terminal:
        command = [str(READER), *args]
        if args == ("__shell__",):  # reader under a shell that reports the tty state after it
            command = ["sh", "-c", f"{READER}; echo EXITED; stty -a"]
        term = Terminal(f"t{len(started)}", command, env)
        started.append(term)
        return term

    yield start
    for term in started:
        term.stop()


def test_reads_seed_title_and_first_paragraph(terminal) -> None:
    term = terminal()
    screen = term.wait("Biden authorized Ukraine")
    screen = term.wait("President Joe Biden has authorized")
    assert "1 article" in screen
    term.keys("enter", "space", "escape", "q")
    end = time.monotonic() + 10
    while not term.dead() and time.monotonic() < end:
        time.sleep(0.1)
    assert term.dead(), "q did not quit"
    assert "Traceback" not in term.screen()


def test_search_kursk_finds_seed_and_counts_matches(terminal) -> None:
    term = terminal()
    term.wait("President Joe Biden has authorized")
    term.keys("/")
    term.type("Kursk")
    term.wait("1 article match")
    screen = term.wait("troops to the Ku")  # the hit's snippet, drawn under its title
    assert SEED_TITLE[:40] in screen
    term.keys("Enter")
    screen = term.wait("match 1/2")
    term.keys("n")
    term.wait("match 2/2")
    assert "Traceback" not in term.screen()


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_signals_end_the_app_and_restore_the_terminal(terminal, signame: str) -> None:
    term = terminal_with_shell(terminal)
    term.wait("President Joe Biden has authorized")
    pid = int(term._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())
    reader_pid = _child_of(pid)
    os.kill(reader_pid, getattr(__import__("signal"), signame))
    screen = term.wait("icanon")  # the shell went on to run stty: reader has exited
    assert "Traceback" not in screen
    # the shell after reader sees a sane terminal: canonical mode and echo back on
    stty = next(line for line in screen.splitlines() if "icanon" in line)
    assert "-icanon" not in stty and "-echo " not in stty


def terminal_with_shell(terminal) -> Terminal:
    return terminal("__shell__")


def _child_of(pid: int) -> int:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[0]) if children else pid


def test_a_file_added_to_the_open_folder_appears_and_is_found(terminal, seed_corpus: Path) -> None:
    term = terminal(str(seed_corpus))
    term.wait("President Joe Biden has authorized")
    (seed_corpus / "zeppelin.txt").write_text(
        "Zeppelin season opens\n\nA zeppelin drifted over the harbour at dawn.\n"
    )
    term.wait("Zeppelin season opens")  # in the list, within a few seconds
    term.wait("2 articles")
    term.keys("/")
    term.type("zeppelin")
    screen = term.wait("1 article match")
    assert "Zeppelin season opens" in screen


def test_closing_the_terminal_ends_the_reader(terminal) -> None:
    term = terminal()
    term.wait("President Joe Biden has authorized")
    pane = int(term._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())
    reader_pid = _child_of(pane)
    term.stop()  # the window closes: the reader gets SIGHUP and its tty is gone
    end = time.monotonic() + 10
    while Path(f"/proc/{reader_pid}").exists() and time.monotonic() < end:
        time.sleep(0.1)
    alive = Path(f"/proc/{reader_pid}").exists()
    if alive:
        os.kill(reader_pid, 9)
    assert not alive, "the reader outlived its terminal"
