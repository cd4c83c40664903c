"""One reconcile for marks and tags: what is kept of an article follows it when it is renamed or
moved inside the folder, found by content hash, each new file hashed at most once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import reader.core.moves as moves_module
from reader.core.corpus import scan
from reader.core.moves import Moves
from reader.core.state import ReadingState, state_file
from reader.core.tags import Tags


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three small articles with distinct contents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in [("a.txt", "Alpha\n\none"), ("b.txt", "Beta\n\ntwo"), ("c.md", "# Gamma")]:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the reconcile hashes, in order."""
    seen: list[str] = []
    real = moves_module.file_hash

    def spy(path: str) -> tuple[str, int, float] | None:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(moves_module, "file_hash", spy)
    return seen


def test_a_moved_file_keeps_its_marks_and_tags_hashed_once(corpus: Path, hashed: list[str]) -> None:
    a = str(corpus / "a.txt")
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        state.toggle_star(a)
        state.set_position(a, 7)
        tags.set(a, ["war", "kyiv"])
    moved = corpus / "sub" / "renamed.txt"
    moved.parent.mkdir()
    os.replace(a, moved)
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        assert Moves(state, tags).follow(scan(corpus)) == 1  # one file, its marks and tags
        assert state.is_starred(str(moved)) and state.position(str(moved)) == 7
        assert tags.of(str(moved)) == {"war", "kyiv"}
        assert not state.is_starred(a) and tags.of(a) == frozenset()
        assert state.mark(str(moved)).hash is not None
    assert hashed == [str(moved)]  # not once for the marks and again for the tags
    with ReadingState(corpus) as state, Tags(state.path) as tags:  # the moves were saved
        assert state.is_starred(str(moved)) and tags.of(str(moved)) == {"war", "kyiv"}
        assert Moves(state, tags).follow(scan(corpus)) == 0


def test_marks_and_tags_of_different_articles_move_in_one_look(corpus: Path) -> None:
    a, b = str(corpus / "a.txt"), str(corpus / "b.txt")
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        state.set_read(a)
        tags.set(b, ["peace"])
    os.replace(a, corpus / "x.txt")
    os.replace(b, corpus / "y.txt")
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        assert Moves(state, tags).follow(scan(corpus)) == 2
        assert state.is_read(str(corpus / "x.txt")) and tags.of(str(corpus / "x.txt")) == set()
        assert tags.of(str(corpus / "y.txt")) == {"peace"}
        assert not state.is_read(str(corpus / "y.txt"))


def test_a_file_already_tagged_is_no_new_home_for_tags_but_takes_the_marks(
    corpus: Path,
) -> None:
    """Each keeper pairs its own: the new path has tags of its own (they stay), and no mark
    (the vanished article's mark moves there)."""
    a, b = corpus / "a.txt", corpus / "b.txt"
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        state.toggle_star(str(a))
        tags.set(str(a), ["old"])
        tags.set(str(b), ["mine"])
    os.replace(a, b)  # a's bytes now at b, which kept its tags
    with ReadingState(corpus) as state, Tags(state.path) as tags:
        assert Moves(state, tags).follow(scan(corpus)) == 1
        assert state.is_starred(str(b))
        assert tags.of(str(b)) == {"mine"} and tags.of(str(a)) == {"old"}


def test_a_file_replaced_since_the_last_look_is_looked_at_again(
    corpus: Path, hashed: list[str]
) -> None:
    """A path present at the last look is hashed again only when its size or mtime changed:
    an article moved over an unmarked one is still followed."""
    a, b = corpus / "a.txt", corpus / "b.txt"
    state = ReadingState(corpus)
    state.set_read(str(a))
    state.flush()  # the writer has hashed a.txt
    assert state.reconcile(scan(corpus)) == 0  # b.txt is seen, unmarked
    assert hashed == []  # no mark vanished: nothing to hash
    os.utime(a, (1_600_000_000, 1_600_000_000))
    state.set_position(str(a), 1)
    state.flush()  # hashed again: its mtime changed
    os.replace(a, b)  # a's bytes, size and mtime now at b
    assert state.reconcile(scan(corpus)) == 1
    assert hashed == [str(b)]
    assert state.is_read(str(b)) and state.position(str(b)) == 1
    assert state.reconcile(scan(corpus)) == 0
    state.close()


def test_no_marks_or_tags_vanished_hashes_nothing(corpus: Path, hashed: list[str]) -> None:
    with ReadingState(corpus) as state, Tags(state_file(corpus)) as tags:
        state.set_read(str(corpus / "a.txt"))
        tags.set(str(corpus / "b.txt"), ["war"])
        (corpus / "new.txt").write_text("Alpha\n\none", encoding="utf-8")
        assert Moves(state, tags).follow(scan(corpus)) == 0
    assert hashed == []
