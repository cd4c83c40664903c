"""The contents list: the open article's headings, set in by level; Enter jumps to one."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.key_table import CONTENTS, DIALOG_LIST, bindings
from reader.tui.widgets.dialog import Dialog

INDENT = 2  # cells a heading is set in per level below the outermost


class HeadingList(OptionList, inherit_bindings=False):
    """The headings, moved through with the keys of every dialog's list (pick.*); Enter is the
    dialog's (contents.jump)."""

    BINDINGS = bindings(DIALOG_LIST)

    def action_move(self, step: int) -> None:
        """The next row (step 1) or the previous one (-1)."""
        if step > 0:
            self.action_cursor_down()
        else:
            self.action_cursor_up()

    def action_page(self, step: int) -> None:
        """A page down (step 1) or up (-1)."""
        if step > 0:
            self.action_page_down()  # type: ignore[no-untyped-call]
        else:
            self.action_page_up()  # type: ignore[no-untyped-call]


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
        options = [
            # a heading is the article's text: a Text, never markup
            Option(Text(" " * (INDENT * depth)) + Text(text), id=str(n))
            for n, (depth, text) in enumerate(self.headings)
        ]
        menu = HeadingList(*options, id="contents-options")
        menu.border_title = "Contents"
        menu.border_subtitle = "Enter jumps · Esc closes"
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = min(max(0, self.current), len(self.headings) - 1)
        menu.scroll_to_highlight(top=False)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_jump(self) -> None:
        """Jump to the highlighted heading."""
        self.query_one(HeadingList).action_select()

    def action_close(self) -> None:
        """Close, staying where the article was."""
        self.dismiss(None)
