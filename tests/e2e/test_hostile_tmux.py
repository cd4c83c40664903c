"""End to end: the installed `reader` walks the hostile corpus in a real terminal (tmux), and
leaves the terminal's title and modes as it found them."""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.tmux import READER
from tests.hostile import build_hostile_corpus


def test_tmux_honours_a_title_set_by_a_program(terminal) -> None:
    """The control: without it, an unchanged title below would prove nothing."""
    term = terminal(script="read go; printf '\\033]2;SET-BY-PROGRAM\\033\\\\'; echo DONE; read end")
    time.sleep(0.3)
    term.keys("Enter")
    term.wait("DONE")
    end = time.monotonic() + 5
    while term.title() != "SET-BY-PROGRAM" and time.monotonic() < end:
        time.sleep(0.1)
    assert term.title() == "SET-BY-PROGRAM"


def test_walk_the_hostile_corpus_and_leave_the_terminal_as_found(tmp_path: Path, terminal) -> None:
    root = tmp_path / "hostile"
    expected = build_hostile_corpus(root)
    # `read go` holds the pane until its title is noted; stty reports the modes afterwards.
    term = terminal(script=f"read go; {READER} {root}; echo EXITED; stty -a")
    time.sleep(0.3)
    title_before = term.title()
    assert title_before
    term.keys("Enter")
    screen = term.wait(f"{len(expected)} articles")
    term.wait("Red title escword")  # the escape-laden title, cleaned, in the list
    for _ in range(len(expected)):
        term.keys("Enter", "space", "Escape", "j", pause=0.04)
    time.sleep(1)
    screen = term.screen()
    assert "Traceback" not in screen
    assert not term.dead()
    assert term.title() == title_before, "an article retitled the terminal"
    term.keys("g", "/")
    term.type("markupword")
    term.wait("1 article match")
    term.keys("Enter")
    screen = term.wait("[@click=app.quit]quit me[/]")  # shown literally, never run
    term.keys("Escape", "Escape", "/")
    for query in ['"unbalanced (', "title: foo: *", "'; DROP TABLE x; --", "x" * 300]:
        term.type(query)
        time.sleep(0.3)
        term.keys("C-u")
    term.keys("Escape")
    time.sleep(0.5)
    screen = term.screen()
    assert "Traceback" not in screen and not term.dead()
    assert term.title() == title_before
    term.keys("q")
    screen = term.wait("EXITED", seconds=15)
    assert "Traceback" not in screen
    assert term.title() == title_before, "the title changed by the time reader exited"
    modes = " ".join(screen.split("EXITED", 1)[1].split())
    tokens = modes.replace(";", " ").split()
    for mode in ("icanon", "echo", "isig", "icrnl", "opost"):
        assert mode in tokens and f"-{mode}" not in tokens, f"{mode}: {modes}"
