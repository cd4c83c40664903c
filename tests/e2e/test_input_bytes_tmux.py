"""End to end: what a terminal sends that is not plain typing. A bracketed paste (tmux
paste-buffer -p) that carries escapes is text, never keys; a byte that is not UTF-8 (a Latin-1
terminal's "é", a pasted 0x9b) is no crash; and `q` still quits with status 0."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.tmux import BOX_KEYS, LIST_KEYS, READER, Terminal

STAR, UNREAD = "★", "●"
HOSTILE_PASTE = "copied text\x1b[0m sm q\x1b]0;PWNED\x07"


def start(terminal, tmp_path: Path) -> Terminal:  # type: ignore[no-untyped-def]
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("Committee report\n\nThe committee met on Tuesday.\n")
    # the shell reports how reader ended, then holds the pane so it can be read
    term: Terminal = terminal(script=f"{READER} {root}; echo EXIT=$?; read end")
    term.wait("The committee met on Tuesday")
    return term


def paste(term: Terminal, data: bytes, tmp_path: Path) -> None:
    """Paste these bytes as a terminal does with bracketed paste on."""
    buffer = tmp_path / "paste.bin"
    buffer.write_bytes(data)
    term.tmux("load-buffer", "-b", "x", str(buffer))
    term.tmux("paste-buffer", "-p", "-b", "x", "-t", "main")


def list_row(screen: str) -> str:
    return next(line for line in screen.splitlines() if "Committee report" in line)


def assert_alive_and_sane(term: Terminal, title: str) -> str:
    screen = term.screen()
    assert not term.dead(), screen
    assert "Traceback" not in screen and "PWNED" not in screen
    assert term.title() == title
    return screen


def quits_with_status_0(term: Terminal) -> None:
    # Esc leaves the search box; q once it has (sent with it, the two read as Alt+q)
    term.keys("Escape", pause=0)
    term.wait(LIST_KEYS)
    term.keys("q")
    screen = term.wait("EXIT=", seconds=15)
    assert "EXIT=0" in screen, screen
    assert "Traceback" not in screen and "unexpected error" not in screen


def test_a_paste_with_escapes_is_text_in_a_real_terminal(tmp_path: Path, terminal) -> None:
    term = start(terminal, tmp_path)
    title = term.title()
    paste(term, HOSTILE_PASTE.encode(), tmp_path)  # onto the list: s, m, q must not act
    term.keys("?")
    term.wait("esc closes")  # the help screen: the paste before it was all read
    term.keys("Escape", pause=0)
    term.wait_gone("esc closes")
    screen = assert_alive_and_sane(term, title)
    row = list_row(screen)
    assert STAR not in row and UNREAD in row, row
    term.keys("/")
    term.wait(BOX_KEYS)
    paste(term, HOSTILE_PASTE.encode(), tmp_path)
    screen = term.wait("copied text sm q")  # the text, its escapes gone, in the search box
    assert_alive_and_sane(term, title)
    quits_with_status_0(term)


def test_bytes_that_are_not_utf8_are_no_crash(tmp_path: Path, terminal) -> None:
    term = start(terminal, tmp_path)
    title = term.title()
    term.tmux("send-keys", "-t", "main", "-H", "e9", "61")  # a Latin-1 "é", then "a"
    paste(term, b"ab\x9bcd", tmp_path)
    term.keys("?")
    term.wait("esc closes")
    term.keys("Escape", pause=0)
    term.wait_gone("esc closes")
    screen = assert_alive_and_sane(term, title)
    assert UNREAD in list_row(screen)
    term.keys("/")
    term.wait(BOX_KEYS)
    term.tmux("send-keys", "-t", "main", "-H", "e9", "61")
    paste(term, b"ab\x9bcd", tmp_path)
    screen = term.wait("\xe9aab\ufffdcd")  # "é" as Latin-1 meant it; the C1 byte replaced
    assert_alive_and_sane(term, title)
    quits_with_status_0(term)
