"""Undo: the last few changes of marks, tags and highlights, each kept as the values it
replaced.

An action records, for every article it touched, the value it had before (read or not,
starred or not, its set of tags); undoing it puts those values back exactly, whatever was
done to other articles meanwhile. Pure: the reading state and the tags are passed in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from reader.core.highlight_store import Highlight

UNDO_LIMIT = 10  # how many actions are kept

MarkField = Literal["read", "starred"]
Change = Literal["read", "unread", "star", "unstar", "tag", "untag"]


class MarkSetter(Protocol):
    """What undo asks of the reading state."""

    def set_marks(self, field: MarkField, values: Mapping[str, bool]) -> None: ...


class TagSetter(Protocol):
    """What undo asks of the tags."""

    def set_many(self, values: Mapping[str, frozenset[str]]) -> None: ...


class HighlightSetter(Protocol):
    """What undo asks of the highlights."""

    def put_many(self, values: Mapping[str, Highlight | None]) -> None: ...


@dataclass(frozen=True, slots=True)
class MarkAction:
    """Read or starred marks changed; `before` holds each article's mark before."""

    label: str  # what was done, as said: "Marked 37 articles read"
    field: MarkField
    before: Mapping[str, bool]


@dataclass(frozen=True, slots=True)
class TagAction:
    """Tags changed; `before` holds each article's tags before."""

    label: str
    before: Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class HighlightAction:
    """Highlights made, changed or deleted; `before` holds each as it was (None: not made)."""

    label: str
    before: Mapping[str, Highlight | None]


Action = MarkAction | TagAction | HighlightAction


def plural(n: int, noun: str = "article") -> str:
    """'1 article', '37 articles'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def done(change: Change, count: int | None = None, tags: Iterable[str] = ()) -> str:
    """What a change of marks or tags says it did, to count articles (None: the one
    selected): 'Starred 4 articles', 'Starred 1 article', 'Marked 3 articles read', 'Tagged 2
    articles #war #kyiv', 'Starred'."""
    verb, after = {
        "read": ("Marked", " read"),
        "unread": ("Marked", " unread"),
        "star": ("Starred", ""),
        "unstar": ("Unstarred", ""),
        "tag": ("Tagged", ""),
        "untag": ("Untagged", ""),
    }[change]
    words = [verb]
    if count is not None:
        words.append(plural(count))
    said = " ".join(words) + after
    named = " ".join(f"#{tag}" for tag in sorted(tags))  # as the list's rows show them
    return f"{said} {named}" if named else said


class UndoHistory:
    """The last UNDO_LIMIT actions, newest last; undo takes them back one by one."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self._actions: deque[Action] = deque(maxlen=limit)

    def __len__(self) -> int:
        return len(self._actions)

    def record(self, action: Action) -> None:
        """Remember an action done (the oldest goes when there are too many)."""
        if action.before:
            self._actions.append(action)

    def replace(self, old: Action | None, new: Action | None) -> None:
        """Put new (if any) in the place of old, when old is the newest action (one change
        done in steps, such as a visit to the tag dialog, is undone at once); else add it."""
        if old is not None and self._actions and self._actions[-1] is old:
            self._actions.pop()
        if new is not None:
            self.record(new)

    def undo(
        self,
        marks: MarkSetter | None,
        tags: TagSetter | None,
        highlights: HighlightSetter | None = None,
    ) -> Action | None:
        """Put back the values the newest action replaced; that action, or None when there is
        nothing to undo (or nothing to undo it with: it is then kept)."""
        if not self._actions:
            return None
        action = self._actions[-1]
        if isinstance(action, MarkAction):
            if marks is None:
                return None
            marks.set_marks(action.field, action.before)
        elif isinstance(action, HighlightAction):
            if highlights is None:
                return None
            highlights.put_many(action.before)
        else:
            if tags is None:
                return None
            tags.set_many(action.before)
        self._actions.pop()
        return action
