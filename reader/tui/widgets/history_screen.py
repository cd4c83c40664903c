"""The search history as a list to pick from (Ctrl+R): type to narrow it, Enter picks.

Only the rows in sight are drawn (pick_list.py), each cut to the width: the history is at
most 100 entries of bounded length (core/history.py), so narrowing it is cheap."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from reader.tui.key_table import HISTORY, bindings
from reader.tui.widgets.dialog import Dialog
from reader.tui.widgets.pick_list import Pick, PickList


def matching(entries: Sequence[str], typed: str) -> list[str]:
    """The entries holding every word typed (case aside), in their order."""
    words = typed.casefold().split()
    return [e for e in entries if all(w in e.casefold() for w in words)]


class HistoryScreen(Dialog[str | None]):
    """Earlier searches, newest first; what is typed keeps those that hold it."""

    BINDINGS = bindings(HISTORY)

    def __init__(self, entries: Sequence[str]) -> None:
        super().__init__()
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box") as box:
            box.border_title = "Earlier searches"
            box.border_subtitle = "type to narrow · Enter searches · Esc closes"
            yield Input(placeholder="Filter", id="history-filter")
            yield PickList(id="history-options")

    def on_mount(self) -> None:
        self._show("")

    def _show(self, typed: str) -> None:
        self._found = matching(self.entries, typed)
        menu = self.query_one(PickList)
        menu.set_options(max(1, len(self._found)), self._option_at, 0 if self._found else None)

    def _option_at(self, index: int) -> Pick:
        if not self._found:
            empty = "No earlier searches yet" if not self.entries else "None holds that"
            return Pick(Text(empty, style="italic"), disabled=True)
        return Pick(Text(self._found[index]), str(index))

    @on(Input.Changed, "#history-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#history-filter")
    def _submitted(self) -> None:
        self.action_pick()

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._found[event.option_index])

    def action_move(self, step: int) -> None:
        """Move the highlight through the list while typing in the filter."""
        menu = self.query_one(PickList)
        if self._found:
            now = menu.highlighted or 0
            menu.highlighted = max(0, min(len(self._found) - 1, now + step))

    def action_pick(self) -> None:
        """Search the highlighted query."""
        menu = self.query_one(PickList)
        if self._found and menu.highlighted is not None:
            self.dismiss(self._found[menu.highlighted])
