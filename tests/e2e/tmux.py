"""The one tmux helper of the suite: a detached terminal running a command, read off its screen.

Each Terminal has its own tmux server socket, so tests run side by side and never touch the
user's tmux. Waiting polls the screen until a text shows (or a deadline passes, which fails the
test with what the screen showed): it is a hang guard, never a measure of speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

READER = Path(sys.executable).with_name("reader")
XDG = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
# What the footer shows while the list, or the search box, has the focus: a test waits for it
# after a key that moves the focus, before the keys meant for the new place.
LIST_KEYS = "q Quit"
BOX_KEYS = "esc Clear search"


class Terminal:
    """A detached tmux session running one command, on its own server socket."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)
    ) -> None:
        self.socket = f"reader-test-{name}-{uuid.uuid4().hex[:12]}"
        line = " ".join(subprocess.list2cmdline([c]) for c in command)
        exports = " ".join(f"{k}={subprocess.list2cmdline([v])}" for k, v in env.items())
        shell = f"env -u COLUMNS -u LINES TERM=xterm-256color {exports} {line}"
        width, height = (str(n) for n in size)
        self.tmux(
            "-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", width, "-y", height, shell
        )
        self.tmux("set-option", "-t", "main", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        """Run a tmux command against this terminal's server; its stdout."""
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return out.stdout

    def screen(self, colours: bool = False) -> str:
        """What the screen shows now (with escape sequences for colours, if asked)."""
        return self.tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", "main")

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        """Press keys by tmux name (Enter, Escape, C-u, j), one at a time."""
        for key in keys:
            self.tmux("send-keys", "-t", "main", key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        """Type text literally, in one burst."""
        self.tmux("send-keys", "-t", "main", "-l", text)

    def wait(self, text: str, seconds: float = 30) -> str:
        """The screen once it shows text; fails the test with the screen if it never does."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def wait_gone(self, text: str, seconds: float = 30) -> str:
        """The screen once it no longer shows text; fails the test if it still does."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never went; the screen shows:\n{self.screen()}")

    def wait_title(self, seconds: float = 30) -> str:
        """The pane's title once it has one."""
        end = time.monotonic() + seconds
        while not (title := self.title()) and time.monotonic() < end:
            time.sleep(0.1)
        return title

    def title(self) -> str:
        """The pane's title, as a program may have set it."""
        return self.tmux("display-message", "-p", "-t", "main", "#{pane_title}").strip()

    def pane_pid(self) -> int:
        """The process id of the pane's command."""
        return int(self.tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())

    def dead(self) -> bool:
        """True once the pane's command has exited."""
        return self.tmux("display-message", "-p", "-t", "main", "#{pane_dead}").strip() == "1"

    def wait_dead(self, seconds: float = 10) -> bool:
        """Wait for the command to exit; whether it did."""
        end = time.monotonic() + seconds
        while not self.dead() and time.monotonic() < end:
            time.sleep(0.1)
        return self.dead()

    def stop(self) -> None:
        """Close the terminal (its programs get SIGHUP)."""
        self.tmux("kill-server")


def xdg_env() -> dict[str, str]:
    """The test's XDG folders, passed on to the program in the terminal."""
    return {k: os.environ[k] for k in XDG}


def child_of(pid: int) -> int:
    """The first child of a process (the reader under a shell), or the process itself."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[0]) if children else pid
