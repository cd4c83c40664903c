"""Ctrl+C right after `f` over 50,000 tags ends the process at once (issue 23, item 5): the
filter dialog laid out every tag first, and the keys waited 13 s."""

from __future__ import annotations

from pathlib import Path

from reader.core.state import ReadingState, state_file
from reader.core.tags import Tags
from tests.e2e.tmux import READER

TAGS = 50_000


def test_ctrl_c_right_after_f_over_50000_tags_ends_the_process(tmp_path: Path, terminal) -> None:
    root = tmp_path / "tagged"
    root.mkdir()
    for n in range(4):
        (root / f"a{n}.txt").write_text(f"Article {n}\n\nBody of article {n}.\n")
    path = state_file(root.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    with ReadingState(path):
        pass
    files = sorted(str(p) for p in root.resolve().iterdir())
    with Tags(path) as tags:  # 50,000 tags through the real store, spread over the articles
        tags.set_many(
            {f: [f"tag{n:05d}" for n in range(i, TAGS, len(files))] for i, f in enumerate(files)}
        )
    term = terminal(script=f"{READER} {root}; echo EXITED \\$?; read end")
    term.wait("Article 0", seconds=120)  # a start over 50,000 tags is slow (not this item)
    term.keys("f")
    term.wait("All articles")  # the dialog shows before the tags are counted
    term.keys("C-c")
    # A hang guard, not a measure: before, the process lived on 13 s after Ctrl+C.
    screen = term.wait("EXITED", seconds=10)
    assert "EXITED" in screen and "Traceback" not in screen
