"""A one-line widget of text that changes while the user types (the header, the status)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TextLine(Widget):
    """One line of rich Text, never markup.

    Unlike Static, a new text repaints only this line: Static.update asks for a layout pass,
    which re-lays out the screen and repaints every scrollable pane's scrollbar and the lines
    beside it, at each keystroke. The same text again repaints nothing.
    """

    DEFAULT_CSS = """
    TextLine {
        width: 1fr;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text) -> None:
        """Show text instead (a repaint of this line, no layout pass)."""
        if text == self._text:
            return
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text
