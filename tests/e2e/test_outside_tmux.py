"""An editor or pager that cannot run: the app comes back, says why, and still answers keys."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import SEED_TITLE
from tests.e2e.tmux import READER


def start(terminal, folder: Path, **env: str):
    """The reader on folder with these environment variables, in a terminal (from a script
    file: the terminal's own command line would expand a `$(…)` in them)."""
    exports = " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())
    script = folder.parent / "run.sh"
    script.write_text(f"cd {shlex.quote(str(folder))} && {exports} exec {READER} .\n")
    return terminal(script=f"sh {script}")


@pytest.mark.parametrize(
    ("editor", "said"),
    [
        ("nonexistent-editor", "Can't run 'nonexistent-editor': not found"),
        ("; touch pwned", "Can't run ';': not found"),
        ("$(touch pwned)", "Can't run '$(touch': not found"),
    ],
)
def test_an_editor_that_cannot_run_leaves_the_app_answering(
    terminal, seed_corpus: Path, editor: str, said: str
) -> None:
    term = start(terminal, seed_corpus, EDITOR=editor, VISUAL="")
    term.wait(SEED_TITLE[:30])
    term.keys("Enter", "e")
    term.wait(said)
    term.keys("Escape", "q")
    assert term.wait_dead(), "q did not quit after the failed editor"
    assert not (seed_corpus / "pwned").exists()


def test_an_editor_that_is_a_folder_is_said(terminal, seed_corpus: Path, tmp_path: Path) -> None:
    term = start(terminal, seed_corpus, EDITOR=str(tmp_path), VISUAL="")
    term.wait(SEED_TITLE[:30])
    term.keys("Enter", "e")
    term.wait(f"Can't run '{tmp_path}': permission denied")
    term.keys("q")
    assert term.wait_dead()


def test_a_pager_with_an_unbalanced_quote_is_said(terminal, seed_corpus: Path) -> None:
    term = start(terminal, seed_corpus, PAGER='"unbalanced')
    term.wait(SEED_TITLE[:30])
    term.keys("Enter", "C-p")
    term.type("pager")
    term.wait("Open in $PAGER")
    term.keys("Enter")
    term.wait("Can't read $PAGER as a command")
    assert not term.dead()
    term.keys("q")
    assert term.wait_dead()
