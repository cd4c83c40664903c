"""The search history as a list to pick from (Ctrl+R): type to narrow it, Enter picks.

Only the rows in sight are drawn (pick_list.py), each cut to the width: the history is at
most 100 entries of bounded length (core/history.py), so narrowing it is cheap."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from reader.tui.key_table import HISTORY, bindings
from reader.tui.widgets.filtered_pick import FilteredPick
from reader.tui.widgets.pick_list import Pick, PickList


def matching(entries: Sequence[str], typed: str) -> list[str]:
    """The entries holding every word typed (case aside), in their order."""
    words = typed.casefold().split()
    return [e for e in entries if all(w in e.casefold() for w in words)]


class HistoryScreen(FilteredPick[str]):
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

    def matching(self, typed: str) -> list[str]:
        return matching(self.entries, typed)

    def key_of(self, item: str) -> str:
        return item

    def option_at(self, index: int) -> Pick:
        if not self._found:
            empty = "No earlier searches yet" if not self.entries else "None holds that"
            return Pick(Text(empty, style="italic"), disabled=True)
        return Pick(Text(self._found[index]), str(index))
