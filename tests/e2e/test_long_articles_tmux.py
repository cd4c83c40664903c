"""e in a real terminal: the reader steps aside, the editor gets the terminal and the line of
the current match, and the reader comes back where it was."""

from __future__ import annotations

import shlex
from pathlib import Path

from tests.e2e.tmux import READER
from tests.long_pep import long_pep_text


def test_e_hands_the_terminal_to_the_editor_at_the_match(terminal, tmp_path: Path) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    pep = folder / "pep-9999.txt"
    pep.write_text(long_pep_text(), encoding="utf-8")
    written = tmp_path / "argv.txt"
    editor = tmp_path / "bin" / "vim"  # named vim: it is told the line as +LINE
    editor.parent.mkdir()
    editor.write_text(
        f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {shlex.quote(str(written))}\n"
        "echo 'the editor has the terminal'\nread done\n",  # until the test has seen it
        encoding="utf-8",
    )
    editor.chmod(0o755)
    line = next(
        n + 1 for n, text in enumerate(pep.read_text().split("\n")) if "lighthouse s" in text
    )
    term = terminal(
        script=f"EDITOR={shlex.quote(str(editor))} exec {shlex.quote(str(READER))} "
        + shlex.quote(str(folder))
    )
    term.wait("Moving Through Long Articles")
    term.type("/lighthouse\r")
    term.wait("match 1/2")
    term.wait("n N Match")  # the article has the focus (its keys are in the footer)
    term.keys("n")
    term.wait("match 2/2")
    term.keys("e")
    term.wait("the editor has the terminal")
    term.keys("Enter")  # the editor ends
    screen = term.wait("match 2/2")  # back, where it was
    assert "The lighthouse stays lit" in screen
    assert written.read_text().split("\n")[:-1] == [f"+{line}", str(pep)]
    assert "Traceback" not in screen
