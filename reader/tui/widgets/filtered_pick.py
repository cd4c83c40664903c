"""A dialog of a filter box over a list to pick from (the search history, the highlights): what
is typed narrows the items, the arrows move through them while typing, Enter or a click picks
one and its key comes back. Only the rows in sight are drawn (pick_list.py)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import on
from textual.widgets import Input

from reader.tui.widgets.dialog import Dialog
from reader.tui.widgets.pick_list import Pick, PickList

T = TypeVar("T")


class FilteredPick(Dialog[str | None], Generic[T]):
    """The items that hold what is typed (`matching`), each drawn by `option_at`; the key of
    the one picked (`key_of`) comes back. A subclass composes one Input and one PickList."""

    def __init__(self) -> None:
        super().__init__()
        self._found: list[T] = []

    def matching(self, typed: str) -> list[T]:
        """The items to list for what is typed."""
        raise NotImplementedError

    def key_of(self, item: T) -> str:
        """What picking the item gives back."""
        raise NotImplementedError

    def option_at(self, index: int) -> Pick:
        """The row of the index-th item found (or of the empty list's line)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self._show("")

    def _show(self, typed: str) -> None:
        self._found = self.matching(typed)
        menu = self.query_one(PickList)
        menu.set_options(max(1, len(self._found)), self.option_at, 0 if self._found else None)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_pick()

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.key_of(self._found[event.option_index]))

    def action_move(self, step: int) -> None:
        """Move through the list while typing in the filter."""
        menu = self.query_one(PickList)
        if self._found:
            now = menu.highlighted or 0
            menu.highlighted = max(0, min(len(self._found) - 1, now + step))

    def action_pick(self) -> None:
        """Pick the highlighted item."""
        menu = self.query_one(PickList)
        if self._found and menu.highlighted is not None:
            self.dismiss(self.key_of(self._found[menu.highlighted]))
