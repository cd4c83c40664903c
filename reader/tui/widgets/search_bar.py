"""The search box: reports what is typed; the screen runs the search.

↑ and ↓ walk the search history (core/history.py says where): ↑ from an empty box, or from
one holding a query of the history as it was run, goes to the next older query; ↓ goes back
to newer ones while the walk goes on (the box not edited since), and otherwise moves into
the results, as it always has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Input

from reader.core.decoding import clean
from reader.core.history import newer, older
from reader.tui.key_table import SEARCH_BOX, bindings

PLACEHOLDER = 'Search: words, "a phrase", title:word, -word, word*'


class SearchBar(Input):
    """A one-line query box with the keys that belong to searching."""

    BINDINGS = bindings(SEARCH_BOX)

    @dataclass
    class Cancelled(Message):
        """The user backed out of the search (Esc)."""

        search_bar: SearchBar

    @dataclass
    class ToResults(Message):
        """The user wants to move into the results."""

        search_bar: SearchBar

    _value_changing = False  # in _watch_value (Input's __init__ sets a value before ours runs)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
        self.did_you_mean: str | None = None
        self.history: Sequence[str] | None = None  # newest first; None until it is loaded
        self._walk: int | None = None  # the entry of the history the box holds, if walking
        self._before_walk = ""  # what the box held when the walk started
        self._early_ups = 0  # ↑ pressed before the history came

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual width at every change of value, and with it asks for a layout
        # pass of the whole screen, which repaints both panes beside their scrollbars at each
        # keystroke. The box's size is set by the stylesheet, never by its text: a repaint
        # does. (A change of style, a resize, still lays the screen out.)
        self._value_changing = True
        try:
            super()._watch_value(value)
        finally:
            self._value_changing = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._value_changing:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def type_on(self, value: str) -> None:
        """Hold value, the cursor after it, so that what is typed next adds to it (a focus
        would otherwise select it all, and the next key replace it)."""
        if not self.has_focus:
            self.select_on_focus = False  # for the focus to come; then as before
        self.value = value
        self.cursor_position = len(value)

    def _on_focus(self, event: events.Focus) -> None:
        # Textual calls Input's own _on_focus after this one, for the same event.
        if not self.select_on_focus:
            self.call_later(setattr, self, "select_on_focus", True)

    def set_history(self, history: Sequence[str]) -> None:
        """The searches ↑ walks through, newest first (the screen loads them)."""
        self.history = history
        ups, self._early_ups = self._early_ups, 0
        for _ in range(ups):
            self.action_history_back()

    def action_history_back(self) -> None:
        """The next older search of the history, when the box is empty or unedited."""
        if self.history is None:
            self._early_ups += 1
            return
        at = older(self.history, self.value, self._walk)
        if at is None:
            return
        if self._walk is None:
            self._before_walk = self.value if not self.value.strip() else ""
        self._recall(at)

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
        """A newer search while walking the history; else into the results."""
        at = None if self.history is None else newer(self.history, self.value, self._walk)
        if at is None:
            self._walk = None
            self.post_message(self.ToResults(self))
        elif at < 0:
            self._walk = None
            self.value = self._before_walk
            self.cursor_position = len(self.value)
        else:
            self._recall(at)

    def _recall(self, at: int) -> None:
        assert self.history is not None
        self._walk = at
        self.value = self.history[at]
        self.cursor_position = len(self.value)

    def action_accept_suggestion(self) -> None:
        """Put the 'did you mean' correction in the box (it is then searched, as if typed),
        with a space after it: its last word is whole, not the start of a longer one."""
        if self.did_you_mean:
            self.value = self.did_you_mean + " "
            self.cursor_position = len(self.value)
