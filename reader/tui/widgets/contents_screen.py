"""The contents list: the open article's headings, set in by level; Enter jumps to one.

Only the rows in sight are drawn (pick_list.py): an OptionList of 100,000 headings laid every
one out before showing any (about 7 s of a held screen)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult

from reader.tui.key_table import CONTENTS, bindings
from reader.tui.widgets.dialog import Dialog
from reader.tui.widgets.pick_list import Pick, PickList

INDENT = 2  # cells a heading is set in per level below the outermost


class ContentsScreen(Dialog[int | None]):
    """A narrow list of headings over the article: Enter chooses one (its index comes back),
    Esc closes."""

    BINDINGS = bindings(CONTENTS)

    def __init__(self, headings: Sequence[tuple[int, str]], current: int = 0) -> None:
        """headings: (depth, text) of each heading, 0 the outermost; current: the one the
        reader is in, highlighted."""
        super().__init__()
        self.headings = headings
        self.current = current

    def compose(self) -> ComposeResult:
        menu = PickList(id="contents-options")
        menu.border_title = "Contents"
        menu.border_subtitle = "Enter jumps · Esc closes"
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(PickList)
        current = min(max(0, self.current), len(self.headings) - 1)
        menu.set_options(len(self.headings), self._option_at, current)

    def _option_at(self, index: int) -> Pick:
        depth, text = self.headings[index]
        # a heading is the article's text: a Text, never markup
        return Pick(Text(" " * (INDENT * depth)) + Text(text), str(index))

    @on(PickList.OptionSelected)
    def _chosen(self, event: PickList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_jump(self) -> None:
        """Jump to the highlighted heading."""
        self.query_one(PickList).action_select()

    def action_close(self) -> None:
        """Close, staying where the article was."""
        self.dismiss(None)
