"""The saved-search switcher (S): each saved search with how many articles it shows and how
many of them are unread. The list appears at once; a worker counts, one search after
another, and each count fills in as it comes. Enter runs a search, d deletes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.core.saved_searches import Counts, SavedSearch
from reader.search.narrowing import split_chain

CHAIN = " › "
EMPTY = "No saved searches yet: Ctrl+S saves the search you are in"


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
    """The worker counted one saved search (None: it could not, no index yet)."""

    name: str
    counts: Counts | None


class SavedSearchesScreen(ModalScreen[SavedSearch | None]):
    """Pick a saved search to run; its counts come in from a worker."""

    BINDINGS = [
        Binding("escape,S", "dismiss(None)", "Close", id="saved.close"),
        Binding("d,delete", "delete", "Delete", id="saved.delete"),
    ]

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
        menu = OptionList(id="saved-options")
        menu.border_title = "Saved searches"
        menu.border_subtitle = "Enter runs · d deletes · Esc closes"
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        if not self.saved:
            menu.add_option(Option(Text(EMPTY, style="italic"), disabled=True))
            return
        menu.add_options(Option(row(s, None, False), id=s.name) for s in self.saved)
        menu.highlighted = 0
        self._count(list(self.saved))

    @work(thread=True, exclusive=True, group="saved-counts")
    def _count(self, saved: list[SavedSearch]) -> None:
        worker = get_current_worker()
        for search in saved:
            if worker.is_cancelled:
                return
            self.post_message(Counted(search.name, self._counter(search)))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        self.counts[message.name] = message.counts
        saved = next((s for s in self.saved if s.name == message.name), None)
        if saved is not None:
            prompt = row(saved, message.counts, True)
            self.query_one(OptionList).replace_option_prompt(saved.name, prompt)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.saved[event.option_index])

    def action_delete(self) -> None:
        """Delete the highlighted saved search."""
        menu = self.query_one(OptionList)
        at = menu.highlighted
        if at is None or not self.saved:
            return
        gone = self.saved.pop(at)
        self._delete(gone.name)
        menu.remove_option_at_index(at)
        if not self.saved:
            menu.add_option(Option(Text(EMPTY, style="italic"), disabled=True))
