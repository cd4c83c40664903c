"""End to end: the installed `reader` walks the hostile corpus in a real terminal (tmux), and
leaves the terminal's title and modes as it found them."""

from __future__ import annotations

import time
from pathlib import Path

from tests.e2e.tmux import BOX_KEYS, LIST_KEYS, READER
from tests.hostile import build_hostile_corpus


def test_tmux_honours_a_title_set_by_a_program(terminal) -> None:
    """The control: without it, an unchanged title below would prove nothing."""
    term = terminal(script="read go; printf '\\033]2;SET-BY-PROGRAM\\033\\\\'; echo DONE; read end")
    term.keys("Enter")  # read by `read go` whenever it starts: the terminal keeps it till then
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
    title_before = term.wait_title()
    assert title_before
    term.keys("Enter")
    screen = term.wait(f"{len(expected)} articles")
    term.wait("Red title escword")  # the escape-laden title, cleaned, in the list
    for _ in range(len(expected)):
        term.keys("Enter", "space", "Escape", "j", pause=0.04)
    term.keys("g", "/")
    term.wait(BOX_KEYS)  # the box has the focus: every key of the walk was handled
    term.type("markupword")
    screen = term.wait("1 article match")
    assert "Traceback" not in screen
    assert not term.dead()
    assert term.title() == title_before, "an article retitled the terminal"
    term.keys("Enter")
    screen = term.wait("[@click=app.quit]quit me[/]")  # shown literally, never run
    # Each key once the one before it has acted (keys in a burst: tests/e2e/test_keys_tmux.py)
    term.keys("Escape")
    term.wait(LIST_KEYS)
    term.keys("Escape")
    term.wait_gone("1 article match")  # the search is cleared
    term.keys("/")
    term.wait(BOX_KEYS)
    for query, answer in [
        ('"unbalanced (', "0 articles match"),
        ("title: foo: *", "closest matches below"),
        ("'; DROP TABLE x; --", "0 articles match"),
        ("x" * 300, "0 articles match"),
    ]:
        term.type(query)
        screen = term.wait(answer)  # searched
        assert "Traceback" not in screen and not term.dead()
        term.keys("C-u")
        term.wait_gone(answer)
    assert term.title() == title_before
    term.keys("Escape")
    term.wait(LIST_KEYS)
    term.keys("q")
    screen = term.wait("EXITED", seconds=15)
    assert "Traceback" not in screen
    assert term.title() == title_before, "the title changed by the time reader exited"
    modes = " ".join(screen.split("EXITED", 1)[1].split())
    tokens = modes.replace(";", " ").split()
    for mode in ("icanon", "echo", "isig", "icrnl", "opost"):
        assert mode in tokens and f"-{mode}" not in tokens, f"{mode}: {modes}"
