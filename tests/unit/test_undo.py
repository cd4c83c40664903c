"""Undo: the last ten actions, each putting back exactly the values it replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.state import ReadingState, state_file
from reader.core.tags import Tags
from reader.core.undo import UNDO_LIMIT, MarkAction, TagAction, UndoHistory, done


@pytest.fixture
def stores(tmp_path: Path) -> tuple[ReadingState, Tags]:
    state = ReadingState(tmp_path)
    return state, Tags(state_file(tmp_path))


def test_undo_puts_back_each_articles_own_mark(stores: tuple[ReadingState, Tags]) -> None:
    state, tags = stores
    state.set_read("/a")  # a was read already, b and c were not
    history = UndoHistory()
    paths = ["/a", "/b", "/c"]
    before = {p: state.is_read(p) for p in paths}
    state.set_marks("read", dict.fromkeys(paths, True))
    history.record(MarkAction("Marked 3 articles read", "read", before))
    assert all(state.is_read(p) for p in paths)
    undone = history.undo(state, tags)
    assert undone is not None and undone.label == "Marked 3 articles read"
    assert [state.is_read(p) for p in paths] == [True, False, False]
    assert history.undo(state, tags) is None


def test_undo_steps_back_one_action_at_a_time(stores: tuple[ReadingState, Tags]) -> None:
    state, tags = stores
    history = UndoHistory()
    history.record(MarkAction("Starred", "starred", {"/a": state.is_starred("/a")}))
    state.toggle_star("/a")
    history.record(TagAction("Tagged", {"/a": tags.of("/a"), "/b": tags.of("/b")}))
    tags.set_many({"/a": {"war"}, "/b": {"war", "kyiv"}})
    history.record(TagAction("Tagged again", {"/a": tags.of("/a")}))
    tags.set("/a", {"war", "peace"})
    assert [a.label for a in (history.undo(state, tags), history.undo(state, tags))] == [
        "Tagged again",
        "Tagged",
    ]
    assert tags.of("/a") == frozenset() and tags.of("/b") == frozenset()
    assert state.is_starred("/a")
    history.undo(state, tags)
    assert not state.is_starred("/a")
    assert len(history) == 0


def test_only_the_last_ten_actions_are_kept() -> None:
    history = UndoHistory()
    for n in range(UNDO_LIMIT + 5):
        history.record(MarkAction(f"action {n}", "read", {"/a": False}))
    assert len(history) == UNDO_LIMIT

    class Marks:
        def set_marks(self, field: str, values: object) -> None:
            pass

    labels = []
    while (action := history.undo(Marks(), None)) is not None:
        labels.append(action.label)
    assert labels == [f"action {n}" for n in range(UNDO_LIMIT + 4, 4, -1)]


def test_an_action_that_changed_nothing_is_not_kept() -> None:
    history = UndoHistory()
    history.record(MarkAction("Marked 0 articles read", "read", {}))
    assert len(history) == 0


def test_marks_set_at_once_are_saved_in_one_transaction(tmp_path: Path) -> None:
    state = ReadingState(tmp_path)
    state.flush()
    commits: list[str] = []
    db = state._store.db
    assert db is not None
    db.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    state.set_marks("starred", {f"/x/{n}": True for n in range(300)})
    state.close()
    assert commits == ["COMMIT"]
    with ReadingState(tmp_path) as again:
        assert all(again.is_starred(f"/x/{n}") for n in range(300))


@pytest.mark.parametrize(
    ("change", "count", "tags", "said"),
    [
        ("star", 4, (), "Starred 4 articles"),
        ("star", 1, (), "Starred 1 article"),
        ("unstar", 4, (), "Unstarred 4 articles"),
        ("unstar", 1, (), "Unstarred 1 article"),
        ("read", 37, (), "Marked 37 articles read"),
        ("read", 1, (), "Marked 1 article read"),
        ("unread", 2, (), "Marked 2 articles unread"),
        ("unread", 1, (), "Marked 1 article unread"),
        ("tag", 4, ("war", "kyiv"), "Tagged 4 articles #kyiv #war"),
        ("tag", 1, ("war",), "Tagged 1 article #war"),
        ("untag", 3, ("war",), "Untagged 3 articles #war"),
        ("untag", 1, ("war",), "Untagged 1 article #war"),
        ("star", 1_234, (), "Starred 1,234 articles"),
        ("star", None, (), "Starred"),  # the selected article: no count
        ("unstar", None, (), "Unstarred"),
        ("read", None, (), "Marked read"),
        ("unread", None, (), "Marked unread"),
        ("tag", None, ("rain",), "Tagged #rain"),
        ("untag", None, ("rain",), "Untagged #rain"),
    ],
)
def test_every_change_says_what_it_did(change, count, tags, said) -> None:
    assert done(change, count, tags) == said


def test_a_change_in_steps_is_one_undo() -> None:
    history = UndoHistory()
    history.record(MarkAction("Starred", "starred", {"/a": False}))
    first = TagAction("Tagged #a", {"/a": frozenset()})
    history.replace(None, first)
    second = TagAction("Tagged #a #b", {"/a": frozenset()})
    history.replace(first, second)
    assert len(history) == 2
    history.replace(second, None)  # the visit ended where it began: nothing of it to undo
    assert len(history) == 1
