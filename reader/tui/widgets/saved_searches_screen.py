"""The saved-search switcher (S): each saved search with how many articles it shows and how
many of them are unread. The list appears at once, drawing only the rows in sight
(pick_list.py), however many there are; a worker counts, one search after another, and the
counts fill in as they come (a batch at a time). Enter runs a search, d deletes it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.worker import get_current_worker

from reader.core.saved_searches import Counts, SavedSearch
from reader.search.narrowing import split_chain
from reader.tui.key_table import SAVED, bindings
from reader.tui.widgets.dialog import Dialog
from reader.tui.widgets.pick_list import Pick, PickList

CHAIN = " › "
EMPTY = "None saved yet: Ctrl+S saves the search you are in"
BATCH_SECONDS = 0.1  # the counts made meanwhile are sent together, not one message each


def row(saved: SavedSearch, counts: Counts | None, counted: bool) -> Text:
    """A saved search's two lines: its name and counts, then its query and filters."""
    text = Text(saved.name, style="bold")
    if counts is not None:
        noun = "article" if counts.matches == 1 else "articles"
        text.append(f"  {counts.matches:,} {noun}")
        if counts.unread:
            text.append(f" · {counts.unread:,} unread", style="bold")
    else:
        text.append("  …" if not counted else "  no index yet", style="dim")
    text.append("\n")
    text.append(CHAIN.join(split_chain(saved.query)), style="dim")
    if saved.list_filter.active:
        text.append(f"  ({saved.list_filter.describe()})", style="dim italic")
    return text


@dataclass
class Counted(Message):
    """The worker counted some saved searches (None: it could not, no index yet)."""

    counts: dict[str, Counts | None]


class SavedSearchesScreen(Dialog[SavedSearch | None]):
    """Pick a saved search to run; its counts come in from a worker."""

    BINDINGS = bindings(SAVED)

    def __init__(
        self,
        saved: Sequence[SavedSearch],
        counter: Callable[[SavedSearch], Counts | None],
        delete: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.saved = list(saved)
        self._counter = counter  # slow: the worker's
        self._delete = delete
        self.counts: dict[str, Counts | None] = {}

    def compose(self) -> ComposeResult:
        menu = PickList(row_height=2, id="saved-options")
        menu.border_title = "Saved searches"
        menu.border_subtitle = "Enter runs · d deletes · Esc closes"
        yield menu

    def on_mount(self) -> None:
        self._show(0)
        if self.saved:
            self._count(list(self.saved))

    def _option_at(self, index: int) -> Pick:
        if not self.saved:
            return Pick(Text(EMPTY, style="italic"), disabled=True)
        saved = self.saved[index]
        counted = saved.name in self.counts
        return Pick(row(saved, self.counts.get(saved.name), counted), saved.name)

    def _show(self, highlighted: int) -> None:
        menu = self.query_one(PickList)
        at = min(highlighted, len(self.saved) - 1) if self.saved else None
        menu.set_options(max(1, len(self.saved)), self._option_at, at)

    @work(thread=True, exclusive=True, group="saved-counts")
    def _count(self, saved: list[SavedSearch]) -> None:
        worker = get_current_worker()
        batch: dict[str, Counts | None] = {}
        sent = time.monotonic()
        for search in saved:
            if worker.is_cancelled:
                return
            batch[search.name] = self._counter(search)
            if time.monotonic() - sent >= BATCH_SECONDS:
                self.post_message(Counted(batch))
                batch, sent = {}, time.monotonic()
        if batch:
            self.post_message(Counted(batch))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        self.counts.update(message.counts)
        self.query_one(PickList).refresh()  # the rows in sight are made anew, with counts

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saved[event.option_index])

    def action_run(self) -> None:
        """Run the highlighted saved search (as a click on it does)."""
        self.query_one(PickList).action_select()

    def action_delete(self) -> None:
        """Delete the highlighted saved search."""
        at = self.query_one(PickList).highlighted
        if at is None or not self.saved:
            return
        gone = self.saved.pop(at)
        self._delete(gone.name)
        self._show(at)
