"""The search box: reports what is typed; the screen runs the search."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from reader.core.article import clean

PLACEHOLDER = 'Search: words, "a phrase", title:word, -word, word*'


class SearchBar(Input):
    """A one-line query box with the keys that belong to searching."""

    BINDINGS = [
        # Enter typed before the app has the terminal (at launch) comes as a newline: ctrl+j.
        Binding("enter,ctrl+j", "submit", "Open the best hit", id="search.open"),
        Binding("escape", "cancel", "Clear search", id="search.cancel"),
        Binding("down", "to_results", "Results", id="search.results"),
        Binding("ctrl+y", "accept_suggestion", "Accept suggestion", id="search.accept"),
    ]

    @dataclass
    class Cancelled(Message):
        """The user backed out of the search (Esc)."""

        search_bar: SearchBar

    @dataclass
    class ToResults(Message):
        """The user wants to move into the results."""

        search_bar: SearchBar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
        self.did_you_mean: str | None = None

    def set_did_you_mean(self, suggestion: str | None) -> None:
        """The correction on offer; its key shows in the footer only while there is one."""
        if suggestion != self.did_you_mean:
            self.did_you_mean = suggestion
            self.refresh_bindings()

    def validate_value(self, value: str) -> str:
        # A paste may carry escape sequences or newlines: they never reach the screen.
        return " ".join(clean(value).split("\n"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_suggestion":
            return self.did_you_mean is not None
        return super().check_action(action, parameters)

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))

    def action_to_results(self) -> None:
        self.post_message(self.ToResults(self))

    def action_accept_suggestion(self) -> None:
        """Put the 'did you mean' correction in the box (it is then searched, as if typed),
        with a space after it: its last word is whole, not the start of a longer one."""
        if self.did_you_mean:
            self.value = self.did_you_mean + " "
            self.cursor_position = len(self.value)
